// A site's settings: its public name (a subdomain of the host's proxy domain, or a label made from
// the site's name), the web server's options and how many versions it keeps. Saved through
// sites.update; the options apply from the next deploy (a kept version is served as it was made).
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { CallInput } from '../../../shared/contract';
import type { SiteView } from '../../../shared/types';
import { useHosts } from '../../api/queries';
import { useUpdateSite } from '../../api/siteMutations';
import { issuesAt, validateCallInput } from '../../model/formIssues';
import { CheckboxField } from '../forms/CheckboxField';
import { Field } from '../forms/Field';
import { useFormIssues } from '../forms/useFormIssues';
import { ValidatedForm } from '../forms/ValidatedForm';
import { DnsRecordLine } from '../dns/DnsRecordLine';

const FIELDS = ['subdomain', 'options', 'keepVersions'];

interface Draft {
  subdomain: string;
  spaFallback: boolean;
  notFoundPage: string;
  cacheHashed: boolean;
  precompressed: boolean;
  keepVersions: string;
}

const draftOf = (site: SiteView): Draft => ({
  subdomain: site.subdomain ?? '',
  spaFallback: site.options.spaFallback,
  notFoundPage: site.options.notFoundPage ?? '',
  cacheHashed: site.options.cacheHashed,
  precompressed: site.options.precompressed,
  keepVersions: String(site.keepVersions),
});

/** The call's input from the fields: an empty text field means "none" (null), not an empty value. */
function inputOf(id: string, draft: Draft): CallInput<'sites.update'> {
  const notFoundPage = draft.notFoundPage.trim();
  const keep = draft.keepVersions.trim();
  return {
    id,
    subdomain: draft.subdomain.trim() === '' ? null : draft.subdomain.trim(),
    options: {
      spaFallback: draft.spaFallback,
      notFoundPage: notFoundPage === '' ? null : notFoundPage,
      cacheHashed: draft.cacheHashed,
      precompressed: draft.precompressed,
    },
    keepVersions: keep === '' ? Number.NaN : Number(keep),
  };
}

export function SiteSettings({ site }: { site: SiteView }) {
  const { t } = useTranslation();
  const domain = useHosts().data?.find((h) => h.id === site.hostId)?.proxy.domain ?? null;
  const [draft, setDraft] = useState(() => draftOf(site));
  const update = useUpdateSite();
  const form = useFormIssues();
  const at = (path: string) => issuesAt(form.issues, path);
  const set = <K extends keyof Draft>(key: K, value: Draft[K]) => {
    update.reset();
    setDraft((before) => ({ ...before, [key]: value }));
  };
  const saved = JSON.stringify(draftOf(site)) === JSON.stringify(draft);

  const submit = () => {
    const input = inputOf(site.id, draft);
    if (!form.check(validateCallInput('sites.update', input))) return;
    update.mutate(input, { onSuccess: (w) => w.kind === 'site' && setDraft(draftOf(w)), onError: form.fail });
  };

  return (
    <section className="card" data-testid="site-settings">
      <ValidatedForm form={form} onSubmit={submit} fieldPaths={FIELDS} title={t('site.settings.title')} className="site-settings" testId="site-settings-form">
        <dl className="facts facts-compact">
          <dt>{t('site.settings.publicHost')}</dt>
          <dd className="mono wrap" data-testid="site-public-host">
            {site.publicHost}
          </dd>
        </dl>
        <DnsRecordLine hostId={site.hostId} ownerId={site.id} />
        <div className="form-grid">
          <Field
            label={t('site.settings.subdomain')}
            hint={site.subdomain === null && draft.subdomain.trim() === '' ? t('site.settings.subdomainFromName') : t('site.settings.subdomainHint')}
            issues={at('subdomain')}
          >
            {(props) => (
              <div className="input-with-suffix">
                <input
                  {...props}
                  name="subdomain"
                  className="mono"
                  value={draft.subdomain}
                  autoComplete="off"
                  spellCheck={false}
                  placeholder={t('site.settings.subdomainPlaceholder')}
                  onChange={(e) => set('subdomain', e.target.value)}
                />
                {domain && <span className="mono muted input-suffix">.{domain}</span>}
              </div>
            )}
          </Field>
          <Field label={t('site.settings.keepVersions')} hint={t('site.settings.keepVersionsHint')} issues={at('keepVersions')}>
            {(props) => (
              <input
                {...props}
                name="keepVersions"
                type="number"
                min={1}
                max={50}
                inputMode="numeric"
                value={draft.keepVersions}
                onChange={(e) => set('keepVersions', e.target.value)}
              />
            )}
          </Field>
        </div>
        <fieldset className="form-group site-options">
          <legend>{t('site.settings.options')}</legend>
          <p className="field-hint">{t('site.settings.optionsHint')}</p>
          <CheckboxField
            name="spaFallback"
            label={t('site.options.spaFallback')}
            hint={t('site.options.spaFallbackHint')}
            checked={draft.spaFallback}
            onChange={(v) => set('spaFallback', v)}
            testId="site-option-spa"
          />
          <Field label={t('site.options.notFoundPage')} hint={t('site.options.notFoundPageHint')} issues={at('options.notFoundPage')}>
            {(props) => (
              <input
                {...props}
                name="notFoundPage"
                className="mono"
                value={draft.notFoundPage}
                autoComplete="off"
                spellCheck={false}
                placeholder={t('site.options.notFoundPlaceholder')}
                onChange={(e) => set('notFoundPage', e.target.value)}
              />
            )}
          </Field>
          <CheckboxField
            name="cacheHashed"
            label={t('site.options.cacheHashed')}
            hint={t('site.options.cacheHashedHint')}
            checked={draft.cacheHashed}
            onChange={(v) => set('cacheHashed', v)}
            testId="site-option-cache"
          />
          <CheckboxField
            name="precompressed"
            label={t('site.options.precompressed')}
            hint={t('site.options.precompressedHint')}
            checked={draft.precompressed}
            onChange={(v) => set('precompressed', v)}
            testId="site-option-precompressed"
          />
        </fieldset>
        <div className="form-actions">
          {update.isSuccess && saved && (
            <span className="muted small" role="status" data-testid="site-settings-saved">
              {t('site.settings.saved')}
            </span>
          )}
          <button type="submit" className="button button-primary" disabled={update.isPending || saved} data-testid="site-settings-save">
            {update.isPending ? t('common.saving') : t('site.settings.save')}
          </button>
        </div>
      </ValidatedForm>
    </section>
  );
}
