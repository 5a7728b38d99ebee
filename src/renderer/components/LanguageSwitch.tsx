import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useUpdateSettings } from '../api/mutations';
import { errorText } from '../i18n/errorText';
import { applyLanguage } from '../i18n/i18n';
import { LANGUAGES, isLanguage } from '../i18n/language';
import { languageName } from '../i18n/labels';

/** Switches at once, then asks the engine to store the choice (so every window follows). */
export function LanguageSwitch() {
  const { t, i18n } = useTranslation();
  const update = useUpdateSettings();
  const [error, setError] = useState<unknown>(null);

  return (
    <div className="language-switch">
      <label htmlFor="language-switch" className="sr-only">
        {t('language.label')}
      </label>
      <select
        id="language-switch"
        data-testid="language-switch"
        value={i18n.language}
        onChange={(event) => {
          const language = event.target.value;
          if (!isLanguage(language)) return;
          setError(null);
          applyLanguage(language);
          update.mutate({ language }, { onError: setError });
        }}
      >
        {LANGUAGES.map((language) => (
          <option key={language} value={language} lang={language}>
            {languageName(t, language)}
          </option>
        ))}
      </select>
      {error !== null && (
        <p className="field-error" role="alert">
          {t('language.notSaved', { reason: errorText(t, error) })}
        </p>
      )}
    </div>
  );
}
