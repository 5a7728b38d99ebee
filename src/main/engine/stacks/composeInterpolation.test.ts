import { describe, expect, it } from 'vitest';
import { interpolate } from './composeInterpolation';

const ENV = { SET: 'val', EMPTY: '', ROOT: '/' };

describe('interpolate', () => {
  it.each([
    ['${SET}', 'val'],
    ['$SET', 'val'],
    ['pre-${SET}-post', 'pre-val-post'],
    ['$SET.txt', 'val.txt'],
    ['${UNSET:-def}', 'def'],
    ['${EMPTY:-def}', 'def'],
    ['${EMPTY-def}', ''],
    ['${SET:-def}', 'val'],
    ['${UNSET:-${ROOT}}', '/'],
    ['${UNSET:-${ALSO_UNSET:-deep}}', 'deep'],
    ['${SET:+alt}', 'alt'],
    ['${EMPTY:+alt}', ''],
    ['${EMPTY+alt}', 'alt'],
    ['${SET:?needed}', 'val'],
    ['$$SET', '$SET'],
    ['$${SET}', '${SET}'],
    ['5 $', '5 $'],
    ['a $ b', 'a $ b'],
    ['no dollars', 'no dollars'],
  ])('reads %j as %j with the env known', (text, value) => {
    const result = interpolate(text, ENV);
    expect(result.value).toBe(value);
    expect(result.unresolved).toEqual([]);
  });

  it('keeps a variable the env does not set as written, and names it', () => {
    expect(interpolate('${PORT}:80', ENV)).toEqual({ value: '${PORT}:80', valueIfUnset: ':80', unresolved: ['PORT'], outsideEnv: ['PORT'] });
    expect(interpolate('$PORT:80', undefined)).toEqual({ value: '$PORT:80', valueIfUnset: ':80', unresolved: ['PORT'], outsideEnv: ['PORT'] });
  });

  it('uses a default for a variable outside the env, and says it did', () => {
    expect(interpolate('${DATA:-./data}:/data', ENV)).toEqual({ value: './data:/data', valueIfUnset: './data:/data', unresolved: [], outsideEnv: ['DATA'] });
  });

  it('counts :+, +, :? and ? on a variable outside the env as unknown: the host may set it', () => {
    for (const text of ['${DEBUG:+/}', '${DEBUG+/}', '${DEBUG:?set DEBUG}', '${DEBUG?set DEBUG}']) {
      const result = interpolate(text, ENV);
      expect(result.unresolved).toEqual(['DEBUG']);
      expect(result.valueIfUnset).toBe('');
    }
  });

  it('reads nothing from the object prototype', () => {
    expect(interpolate('${constructor}${toString}', ENV).unresolved).toEqual(['constructor', 'toString']);
  });

  it.each(['${SET', '${}', '${1BAD}', '${SET:x}', 'a ${UNSET:-${SET}'])('refuses %j as compose does', (text) => {
    const result = interpolate(text, ENV);
    expect(result.invalid).toEqual(expect.any(String));
    expect(result.value).toBe(text);
  });
});
