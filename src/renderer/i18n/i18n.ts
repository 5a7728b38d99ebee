// i18next with English in the first bundle (the fallback, and the language most windows open in)
// and Russian as a chunk of its own, loaded before the first paint of a window that opens in it and
// on the first switch to it: its 77 kB of messages are no longer evaluated by every window that never
// shows them. Both ship with the app, so it still works offline.
import i18next from 'i18next';
import { initReactI18next } from 'react-i18next';
import type { Language } from '../../shared/types';
import en from './en.json';
import { LANGUAGES, storeLanguage } from './language';

type Messages = typeof en;

/** Each language's messages, as the bundler splits them. */
const MESSAGES: Record<Language, () => Messages | Promise<Messages>> = {
  en: () => en,
  ru: () => import('./ru.json').then((module) => module.default),
};

/**
 * Sets i18next up in `language`. The returned promise settles once that language's messages are in:
 * render nothing before it, or the first paint would show English (the fallback) for a moment.
 */
export function initI18n(language: Language): Promise<void> {
  void i18next.use(initReactI18next).init({
    resources: { en: { translation: en } },
    lng: language,
    fallbackLng: 'en',
    supportedLngs: [...LANGUAGES],
    // Tells i18next that languages missing from `resources` are added later (loadLanguage).
    partialBundledLanguages: true,
    interpolation: { escapeValue: false }, // React escapes
    returnEmptyString: false,
    initAsync: false,
    react: { useSuspense: false },
  });
  document.documentElement.lang = language;
  return loadLanguage(language);
}

/** Adds `language`'s messages to i18next unless they are there already. */
export async function loadLanguage(language: Language): Promise<void> {
  if (i18next.hasResourceBundle(language, 'translation')) return;
  const messages = await MESSAGES[language]();
  i18next.addResourceBundle(language, 'translation', messages);
}

/** The language most recently asked for: a slow load must not undo a later switch. */
let wanted: Language | null = null;

/**
 * Switches the UI language (once its messages are in, so nothing shows half translated) and
 * remembers it for the next first paint.
 */
export function applyLanguage(language: Language): void {
  storeLanguage(language);
  wanted = language;
  if (i18next.language === language) return;
  loadLanguage(language).then(
    () => {
      if (wanted !== language) return;
      document.documentElement.lang = language;
      void i18next.changeLanguage(language);
    },
    // The chunk ships with the app, so this is a broken install or a server that went away; the
    // window stays in the language it shows.
    (error: unknown) => console.error(`could not load the ${language} messages`, error),
  );
}
