import { describe, expect, it } from 'vitest';
import { parseEnvFile } from './envFile';

describe('parseEnvFile', () => {
  it('reads assignments as compose does, and skips comments, blanks and lines that are not assignments', () => {
    const text = [
      '# comment',
      '',
      'PORT=8080',
      'export NAME = shop ',
      "SINGLE='a \\n #b'",
      'DOUBLE="line\\none \\"q\\""',
      'TRAIL=value # a note',
      'EMPTY=',
      'not an assignment',
      'WIN=crlf\r',
    ].join('\n');
    expect(parseEnvFile(text)).toEqual({
      PORT: '8080',
      NAME: 'shop',
      SINGLE: 'a \\n #b',
      DOUBLE: 'line\none "q"',
      TRAIL: 'value',
      EMPTY: '',
      WIN: 'crlf',
    });
  });
});
