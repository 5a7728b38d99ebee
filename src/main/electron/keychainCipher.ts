// Passphrases kept across sessions go through the OS keychain (Electron's safeStorage). On Linux,
// safeStorage falls back to `basic_text`, a hard-coded key that protects nothing: treat that as no
// keychain, so the engine keeps the passphrase for the session only and asks again next time.
import { safeStorage } from 'electron';
import type { SecretCipher } from '../engine/store/secretStore';

export function keychainCipher(platform: NodeJS.Platform = process.platform): SecretCipher {
  return {
    isAvailable() {
      if (!safeStorage.isEncryptionAvailable()) return false;
      if (platform === 'linux' && safeStorage.getSelectedStorageBackend() === 'basic_text') return false;
      return true;
    },
    encrypt: (plain) => safeStorage.encryptString(plain),
    decrypt: (cipher) => safeStorage.decryptString(cipher),
  };
}
