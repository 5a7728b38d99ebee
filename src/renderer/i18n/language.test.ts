import { describe, expect, it } from 'vitest';
import { pickInitialLanguage } from './language';

describe('pickInitialLanguage', () => {
  it('prefers the stored choice', () => {
    expect(pickInitialLanguage('ru', ['en-US'])).toBe('ru');
  });

  it('ignores a stored value it does not know and follows the browser', () => {
    expect(pickInitialLanguage('de', ['ru-RU', 'en'])).toBe('ru');
  });

  it('takes the first preferred language it speaks', () => {
    expect(pickInitialLanguage(null, ['fr-FR', 'en-GB', 'ru'])).toBe('en');
  });

  it('falls back to English', () => {
    expect(pickInitialLanguage(null, ['ja'])).toBe('en');
  });
});
