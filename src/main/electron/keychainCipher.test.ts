import { beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeElectron, resetFakeElectron } from './testing/fakeElectron';

vi.mock('electron', async () => (await import('./testing/fakeElectron')).fakeElectron);

const { keychainCipher } = await import('./keychainCipher');

beforeEach(() => resetFakeElectron());

describe('keychainCipher', () => {
  it('encrypts and decrypts through safeStorage when a real keychain backs it', () => {
    const cipher = keychainCipher('linux');
    expect(cipher.isAvailable()).toBe(true);
    const sealed = cipher.encrypt('hunter2');
    expect(sealed.toString()).not.toContain('hunter2');
    expect(cipher.decrypt(sealed)).toBe('hunter2');
  });

  it('refuses the Linux basic_text backend (a hard-coded key)', () => {
    fakeElectron.safeStorage.backend = 'basic_text';
    expect(keychainCipher('linux').isAvailable()).toBe(false);
  });

  it('is unavailable when safeStorage says so', () => {
    fakeElectron.safeStorage.available = false;
    expect(keychainCipher('darwin').isAvailable()).toBe(false);
  });
});
