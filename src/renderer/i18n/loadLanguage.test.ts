// Russian is a chunk of its own (i18n.ts): these check that it reaches i18next only when asked, and
// works once it has.
import i18next from 'i18next';
import { beforeAll, describe, expect, it } from 'vitest';
import en from './en.json';
import ru from './ru.json';
import { loadLanguage } from './i18n';

describe('loadLanguage', () => {
  beforeAll(async () => {
    // As initI18n sets it up, less the document it needs.
    await i18next.init({ resources: { en: { translation: en } }, lng: 'en', fallbackLng: 'en', partialBundledLanguages: true, initAsync: false });
  });

  it('adds Russian when asked, and only then', async () => {
    expect(i18next.hasResourceBundle('ru', 'translation')).toBe(false);
    await loadLanguage('ru');
    expect(i18next.hasResourceBundle('ru', 'translation')).toBe(true);
    expect(i18next.getFixedT('ru')('containers.logsFor', { name: 'api' })).toBe('Логи api');
    expect(i18next.getFixedT('ru')('containers.title')).toBe(ru.containers.title);
  });

  it('leaves English as it was', async () => {
    await loadLanguage('en');
    expect(i18next.getFixedT('en')('containers.title')).toBe('Containers');
  });
});
