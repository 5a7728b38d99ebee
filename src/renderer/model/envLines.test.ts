import { describe, expect, it } from 'vitest';
import { formatEnvLines, parseEnvLines } from './envLines';

describe('parseEnvLines', () => {
  it('reads KEY=VALUE lines, skipping blanks and comments', () => {
    const { env, problems } = parseEnvLines('# database\nDB_HOST=db\n\nexport DB_PORT=5432\r\nGREETING=a=b c\n');
    expect(env).toEqual({ DB_HOST: 'db', DB_PORT: '5432', GREETING: 'a=b c' });
    expect(problems).toEqual([]);
  });

  it('keeps an empty value and quotes verbatim', () => {
    expect(parseEnvLines('EMPTY=\nQUOTED="x"').env).toEqual({ EMPTY: '', QUOTED: '"x"' });
  });

  it('reports each bad line by number', () => {
    const { env, problems } = parseEnvLines('OK=1\njust text\n1BAD=x\nOK=2');
    expect(env).toEqual({ OK: '1' });
    expect(problems).toEqual([
      { line: 2, kind: 'missingEquals' },
      { line: 3, kind: 'invalidKey', key: '1BAD' },
      { line: 4, kind: 'duplicateKey', key: 'OK' },
    ]);
  });
});

describe('formatEnvLines', () => {
  it('round-trips through parseEnvLines', () => {
    const env = { A: '1', B: 'x=y' };
    expect(parseEnvLines(formatEnvLines(env)).env).toEqual(env);
  });
});
