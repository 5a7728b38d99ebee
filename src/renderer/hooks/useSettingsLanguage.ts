import { useEffect } from 'react';
import { useSettings } from '../api/queries';
import { applyLanguage } from '../i18n/i18n';

/** Applies the language the engine stored once settings.get answers (the first paint used the local copy). */
export function useSettingsLanguage(): void {
  const language = useSettings().data?.language;
  useEffect(() => {
    if (language) applyLanguage(language);
  }, [language]);
}
