import { describe, expect, it } from 'vitest';
import { isSecretEnvKey, splitEnv } from './secretEnv';

describe('isSecretEnvKey', () => {
  it.each([
    'PASSWORD',
    'DB_PASSWORD',
    'POSTGRES_PASSWORD',
    'dbPassword',
    'API_KEY',
    'apiKey',
    'GITHUB_TOKEN',
    'JWT_SECRET',
    'AWS_SECRET_ACCESS_KEY',
    'SENTRY_DSN',
    'MYSQL_PWD',
    'DBPASSWORD',
    'PRIVATE_KEY_PEM',
    'SESSION_SALT',
    'BASIC_AUTH',
  ])('treats %s as secret', (key) => expect(isSecretEnvKey(key)).toBe(true));
  it.each(['PATH', 'HOME', 'NODE_ENV', 'PORT', 'HOSTNAME', 'LANG', 'TZ', 'LOG_LEVEL', 'KEYBOARD_LAYOUT', 'MONKEY', 'TOKENIZERS_PARALLELISM_OFF'])(
    'shows %s',
    (key) => {
      // TOKENIZERS_* contains "token" as a fragment: deliberately secret (a false alarm costs a click).
      expect(isSecretEnvKey(key)).toBe(key.startsWith('TOKENIZERS'));
    },
  );
});

describe('splitEnv', () => {
  it('splits at the first = only, and reads a bare key as empty', () => {
    expect(splitEnv('URL=a=b')).toEqual({ key: 'URL', value: 'a=b' });
    expect(splitEnv('FLAG')).toEqual({ key: 'FLAG', value: '' });
  });
});
