// i18next set up with both languages bundled: the app works offline and switches without a fetch.
import i18next from 'i18next';
import { initReactI18next } from 'react-i18next';
import type { Language } from '../../shared/types';
import en from './en.json';
import ru from './ru.json';
import { LANGUAGES, storeLanguage } from './language';

export const resources = { en: { translation: en }, ru: { translation: ru } } as const;

export function initI18n(language: Language): typeof i18next {
  void i18next.use(initReactI18next).init({
    resources,
    lng: language,
    fallbackLng: 'en',
    supportedLngs: [...LANGUAGES],
    interpolation: { escapeValue: false }, // React escapes
    returnEmptyString: false,
    initAsync: false,
    react: { useSuspense: false },
  });
  document.documentElement.lang = language;
  return i18next;
}

/** Switches the UI language now and remembers it for the next first paint. */
export function applyLanguage(language: Language): void {
  storeLanguage(language);
  document.documentElement.lang = language;
  if (i18next.language !== language) void i18next.changeLanguage(language);
}
