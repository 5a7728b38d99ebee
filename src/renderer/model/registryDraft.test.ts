import { describe, expect, it } from 'vitest';
import { registryDraftOf, registrySetInput, registryTestInput } from './registryDraft';

describe('registry draft', () => {
  it('leaves an empty password out, so the saved one is kept (or tested)', () => {
    expect(registrySetInput({ registry: 'ghcr.io', username: 'octo', password: '' })).toEqual({ registry: 'ghcr.io', username: 'octo' });
    expect(registryTestInput({ registry: 'ghcr.io', username: 'octo', password: 't0k' })).toEqual({
      registry: 'ghcr.io',
      username: 'octo',
      password: 't0k',
      hostId: 'local',
    });
    expect(registryTestInput({ registry: 'ghcr.io', username: 'octo', password: '' }, 'edge')).toMatchObject({ hostId: 'edge' });
  });

  it('starts an edit from the saved host and user name, never a password', () => {
    expect(registryDraftOf({ registry: 'ghcr.io', username: 'octo', password: 'keychain', updatedAt: 1 })).toEqual({
      registry: 'ghcr.io',
      username: 'octo',
      password: '',
    });
  });
});
