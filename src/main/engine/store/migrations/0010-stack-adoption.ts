// 0010: a stack made by adopting a compose project that was started outside the app. Its project's
// containers exist already and were created by someone else, so they are claims, not the app's own;
// the owner's explicit "adopt" is recorded here until the stack's first successful deploy, which
// recreates every container of the project by the app's own run and so makes them the stack's own.
// Never edit once landed.
import type { Migration } from '../migrate';

export const migration0010: Migration = {
  version: 10,
  name: 'stack-adoption',
  up: `
    ALTER TABLE stacks ADD COLUMN adopt_pending INTEGER NOT NULL DEFAULT 0 CHECK (adopt_pending IN (0, 1));
  `,
};
