// Which language the first paint uses. The engine stores the user's choice (settings.language) and
// wins once settings.get answers; localStorage keeps a copy so a reload does not flash English.
import type { Language } from '../../shared/types';

export const LANGUAGES: readonly Language[] = ['en', 'ru'];
export const LANGUAGE_STORAGE_KEY = 'tinyforge.language';

export function isLanguage(value: unknown): value is Language {
  return typeof value === 'string' && (LANGUAGES as readonly string[]).includes(value);
}

/** The stored choice if valid, else the first preferred language we speak, else English. */
export function pickInitialLanguage(stored: string | null, preferred: readonly string[]): Language {
  if (isLanguage(stored)) return stored;
  for (const tag of preferred) {
    const base = tag.toLowerCase().split('-')[0];
    if (isLanguage(base)) return base;
  }
  return 'en';
}

export function readStoredLanguage(): string | null {
  try {
    return window.localStorage.getItem(LANGUAGE_STORAGE_KEY);
  } catch {
    return null; // storage disabled: fall back to the browser's languages
  }
}

export function storeLanguage(language: Language): void {
  try {
    window.localStorage.setItem(LANGUAGE_STORAGE_KEY, language);
  } catch {
    /* storage disabled: the engine still has the choice */
  }
}
