import { describe, expect, it } from 'vitest';
import { slugify } from './slug';

describe('slugify', () => {
  it('lower-cases and replaces what compose refuses with dashes', () => {
    expect(slugify('My Shop (prod)')).toBe('my-shop-prod');
  });

  it('drops accents and leading separators', () => {
    expect(slugify('  _Café Été')).toBe('cafe-ete');
  });

  it('yields nothing for a name without latin letters or digits, leaving the field for the user', () => {
    expect(slugify('Магазин')).toBe('');
  });

  it('stays within 63 characters', () => {
    expect(slugify('a'.repeat(100))).toHaveLength(63);
  });
});
