// 0005: RESERVED for the migration another branch is writing (issue 8). This empty stand-in only
// keeps the list numbered 1..n on this branch; it is dropped at merge, when the real 0005 lands.
import type { Migration } from '../migrate';

export const migration0005: Migration = {
  version: 5,
  name: 'reserved',
  up: '',
};
