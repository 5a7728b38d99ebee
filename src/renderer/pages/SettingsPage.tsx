import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { SettingsView } from '../../shared/types';
import { useUpdateSettings } from '../api/mutations';
import { useSettings } from '../api/queries';
import { ErrorState } from '../components/ErrorState';
import { Loading } from '../components/Loading';
import { PageHeader } from '../components/PageHeader';
import { Field } from '../components/forms/Field';
import { CheckboxField } from '../components/forms/CheckboxField';
import { NotificationsSection } from '../components/notify/NotificationsSection';
import { RegistriesSection } from '../components/registries/RegistriesSection';
import { useFormIssues } from '../components/forms/useFormIssues';
import { ValidatedForm } from '../components/forms/ValidatedForm';
import { applyLanguage } from '../i18n/i18n';
import { LANGUAGES, isLanguage } from '../i18n/language';
import { languageName } from '../i18n/labels';
import { issuesAt, validateCallInput } from '../model/formIssues';
import { settingsDraftOf, settingsUpdateFrom } from '../model/settingsDraft';
import type { SettingsDraft } from '../model/settingsDraft';
import { StatsHistorySection } from '../components/stats/StatsHistorySection';
import { WebhookListenerSection } from '../components/webhooks/WebhookListenerSection';

const FIELDS = ['language', 'dockerSocketPath', 'resyncIntervalSec', 'staleAfterDays', 'registryWatchIntervalMin', 'desktopNotifications'];

function SettingsForm({ settings }: { settings: SettingsView }) {
  const { t } = useTranslation();
  // null while untouched: the form then follows the stored settings, even when another window changes them.
  const [edited, setEdited] = useState<SettingsDraft | null>(null);
  const [saved, setSaved] = useState(false);
  const update = useUpdateSettings();
  const form = useFormIssues();
  const draft = edited ?? settingsDraftOf(settings);
  const changes = settingsUpdateFrom(draft, settings);
  const dirty = Object.keys(changes).length > 0;

  const edit = (next: Partial<SettingsDraft>) => {
    setSaved(false);
    setEdited({ ...draft, ...next });
  };

  const submit = () => {
    if (!form.check(validateCallInput('settings.update', changes))) return;
    update.mutate(changes, {
      onSuccess: (stored) => {
        applyLanguage(stored.language);
        setEdited(null);
        setSaved(true);
      },
      onError: form.fail,
    });
  };

  return (
    <ValidatedForm form={form} onSubmit={submit} fieldPaths={FIELDS} className="form-card" testId="settings-form">
      <div className="form-grid form-grid-narrow">
        <Field label={t('settings.language')} issues={issuesAt(form.issues, 'language')}>
          {(props) => (
            <select {...props} name="language" value={draft.language} onChange={(e) => isLanguage(e.target.value) && edit({ language: e.target.value })}>
              {LANGUAGES.map((language) => (
                <option key={language} value={language} lang={language}>
                  {languageName(t, language)}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field label={t('settings.dockerSocketPath')} hint={t('settings.dockerSocketPathHint')} issues={issuesAt(form.issues, 'dockerSocketPath')}>
          {(props) => (
            <input
              {...props}
              name="dockerSocketPath"
              value={draft.dockerSocketPath}
              autoComplete="off"
              spellCheck={false}
              className="mono"
              onChange={(e) => edit({ dockerSocketPath: e.target.value })}
            />
          )}
        </Field>
        <Field label={t('settings.resyncInterval')} hint={t('settings.resyncIntervalHint')} issues={issuesAt(form.issues, 'resyncIntervalSec')}>
          {(props) => (
            <input
              {...props}
              name="resyncIntervalSec"
              inputMode="numeric"
              value={draft.resyncIntervalSec}
              autoComplete="off"
              onChange={(e) => edit({ resyncIntervalSec: e.target.value })}
            />
          )}
        </Field>
        <Field label={t('settings.staleAfterDays')} hint={t('settings.staleAfterDaysHint')} issues={issuesAt(form.issues, 'staleAfterDays')}>
          {(props) => (
            <input
              {...props}
              name="staleAfterDays"
              inputMode="numeric"
              value={draft.staleAfterDays}
              autoComplete="off"
              onChange={(e) => edit({ staleAfterDays: e.target.value })}
            />
          )}
        </Field>
        <Field
          label={t('settings.registryWatchInterval')}
          hint={t('settings.registryWatchIntervalHint')}
          issues={issuesAt(form.issues, 'registryWatchIntervalMin')}
        >
          {(props) => (
            <input
              {...props}
              name="registryWatchIntervalMin"
              inputMode="numeric"
              value={draft.registryWatchIntervalMin}
              autoComplete="off"
              onChange={(e) => edit({ registryWatchIntervalMin: e.target.value })}
            />
          )}
        </Field>
      </div>
      <CheckboxField
        name="desktopNotifications"
        testId="desktop-notifications"
        label={t('settings.desktopNotifications')}
        hint={t('settings.desktopNotificationsHint')}
        checked={draft.desktopNotifications}
        onChange={(desktopNotifications) => edit({ desktopNotifications })}
      />
      <div className="form-actions">
        <span className="notice-inline" role="status">
          {saved ? t('settings.saved') : ''}
        </span>
        <button
          type="button"
          className="button button-ghost"
          disabled={!dirty || update.isPending}
          onClick={() => {
            setEdited(null);
            form.reset();
          }}
        >
          {t('settings.discard')}
        </button>
        <button type="submit" className="button button-primary" disabled={!dirty || update.isPending}>
          {update.isPending ? t('common.saving') : t('settings.save')}
        </button>
      </div>
    </ValidatedForm>
  );
}

export function SettingsPage() {
  const { t } = useTranslation();
  const settings = useSettings();
  return (
    <div className="page">
      <PageHeader title={t('settings.title')} />
      {settings.isPending && <Loading label={t('settings.loading')} />}
      {settings.isError && !settings.data && <ErrorState title={t('settings.loadFailed')} error={settings.error} onRetry={() => void settings.refetch()} />}
      {settings.data && <SettingsForm settings={settings.data} />}
      <NotificationsSection />
      <RegistriesSection />
      <StatsHistorySection />
      <WebhookListenerSection />
    </div>
  );
}
