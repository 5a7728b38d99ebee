// A stand-in for the OS keychain in tests that need secrets kept across a restart: reversible,
// deterministic, and never the identity (so a test would notice plain text in the database).
import type { SecretCipher } from '../store/secretStore';

const xor = (b: Buffer) => Buffer.from(b.map((x) => x ^ 0x5a));

export const testCipher: SecretCipher = { isAvailable: () => true, encrypt: (p) => xor(Buffer.from(p)), decrypt: (c) => xor(c).toString() };
