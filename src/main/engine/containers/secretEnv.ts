// Which environment variables hold secrets. Their values never leave the engine in a container's
// detail (so no DOM, log or screenshot can show them); the user reveals one at a time.

/** Words that mark a secret when they appear as a whole part of the key (split at `_`, `-`, `.`). */
const SECRET_WORDS = new Set([
  'password',
  'passwd',
  'pass',
  'pwd',
  'secret',
  'token',
  'key',
  'apikey',
  'credential',
  'credentials',
  'auth',
  'private',
  'cert',
  'salt',
  'dsn',
  'signature',
  'session',
  'cookie',
]);

/** Compound spellings that do not split into parts: `DBPASSWORD`, `githubToken`, `API_KEY`. */
const SECRET_FRAGMENTS = ['password', 'passwd', 'secret', 'token', 'apikey', 'privatekey', 'accesskey', 'credential'];

export function isSecretEnvKey(key: string): boolean {
  // camelCase parts too: `dbPassword` -> db, password.
  const parts = key
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .toLowerCase()
    .split(/[_.-]+/)
    .filter(Boolean);
  if (parts.some((part) => SECRET_WORDS.has(part))) return true;
  const flat = key.toLowerCase().replace(/[_.-]/g, '');
  return SECRET_FRAGMENTS.some((fragment) => flat.includes(fragment));
}

/** `KEY=value` as Docker lists it; a variable without `=` has an empty value. */
export function splitEnv(entry: string): { key: string; value: string } {
  const at = entry.indexOf('=');
  return at < 0 ? { key: entry, value: '' } : { key: entry.slice(0, at), value: entry.slice(at + 1) };
}
