// Deploying a site: a folder or an archive on this computer, by its full path (the engine runs
// here; the browser shell has no native picker, so a text field serves both shells). The answer
// comes once the source is read and checked: its warnings, "unchanged" when the files are the ones
// served now, else the copy's progress live from sites.progress, with Cancel while it copies.
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { SiteDeployStart, SiteProgress, SiteView } from '../../../shared/types';
import { useCancelSiteDeploy, useDeploySite } from '../../api/siteMutations';
import { useSiteProgress } from '../../api/useSiteProgress';
import { codedErrorText, errorText } from '../../i18n/errorText';
import { formatBytes } from '../../model/byteFormat';
import { issuesAt, validateCallInput } from '../../model/formIssues';
import { hasEnded, isCopying, progressFraction } from '../../model/siteProgress';
import { Field } from '../forms/Field';
import { useFormIssues } from '../forms/useFormIssues';
import { ValidatedForm } from '../forms/ValidatedForm';
import { PHASE_TONE, phaseLabel, sourceKindLabel, warningText, type SourceKind } from './siteLabels';

const FIELDS = ['source'];
const KINDS: readonly SourceKind[] = ['folder', 'archive'];

function UploadProgress({ progress, onCancel, cancelling }: { progress: SiteProgress; onCancel(): void; cancelling: boolean }) {
  const { t, i18n } = useTranslation();
  const percent = Math.round(progressFraction(progress) * 100);
  const label = t('site.progress.amount', {
    files: progress.files,
    totalFiles: progress.totalFiles,
    bytes: formatBytes(progress.bytes, i18n.language),
    totalBytes: formatBytes(progress.totalBytes, i18n.language),
  });
  return (
    <div className="site-progress" data-testid="site-progress" data-phase={progress.phase} data-version-id={progress.versionId}>
      <div className="site-progress-head">
        <span className={`badge badge-${PHASE_TONE[progress.phase]}`} data-testid="site-progress-phase">
          <span className="badge-dot" aria-hidden="true" />
          {phaseLabel(t, progress.phase)}
        </span>
        <span className="small muted" data-testid="site-progress-amount">
          {label}
        </span>
        {isCopying(progress) && (
          <button
            type="button"
            className="button button-ghost button-small push-right"
            disabled={cancelling}
            onClick={onCancel}
            data-testid="site-deploy-cancel"
          >
            {t('site.deploy.cancel')}
          </button>
        )}
      </div>
      <progress max={100} value={percent} aria-label={label} />
      {progress.error && (
        <p className="danger-text wrap" role="alert" data-testid="site-progress-error">
          {codedErrorText(t, progress.error)}
        </p>
      )}
    </div>
  );
}

/** What the engine said when it took the deploy: warnings, and "unchanged" when nothing was deployed. */
function StartNotes({ start }: { start: SiteDeployStart }) {
  const { t, i18n } = useTranslation();
  return (
    <>
      {start.warnings.length > 0 && (
        <ul className="site-warnings" data-testid="site-deploy-warnings">
          {start.warnings.map((code) => (
            <li key={code} className="warning-text" data-testid="site-deploy-warning" data-code={code}>
              {warningText(t, code)}
            </li>
          ))}
        </ul>
      )}
      {start.unchanged ? (
        <p className="muted" role="status" data-testid="site-deploy-unchanged">
          {t('site.deploy.unchanged')}
        </p>
      ) : (
        <p className="muted small" data-testid="site-deploy-started">
          {t('site.deploy.started', { count: start.files, bytes: formatBytes(start.bytes, i18n.language) })}
        </p>
      )}
    </>
  );
}

export function SiteDeployCard({ site }: { site: SiteView }) {
  const { t } = useTranslation();
  const [kind, setKind] = useState<SourceKind>('folder');
  const [path, setPath] = useState(site.sourceDir);
  const deploy = useDeploySite(site.id);
  const cancel = useCancelSiteDeploy(site.id);
  const progress = useSiteProgress(site.id);
  const form = useFormIssues();
  const start = deploy.data;
  // The bar of the upload this card started (its answer names the version; "unchanged" names none),
  // or, before any answer, of one still running (its first events may beat the answer; another
  // window may have started it). An ended upload's bar is not left under a later refusal or edit.
  const shown = progress && (start ? start.versionId === progress.versionId : !deploy.isError && !hasEnded(progress)) ? progress : null;
  const busy = deploy.isPending || shown?.phase === 'copying' || shown?.phase === 'deploying';

  const submit = () => {
    const source = { kind, path: path.trim() };
    if (!form.check(validateCallInput('sites.deploy', { id: site.id, source }))) return;
    deploy.mutate(source, { onError: form.fail });
  };

  return (
    <section className="card" data-testid="site-deploy">
      <ValidatedForm
        form={{ issues: form.issues, error: null, formRef: form.formRef }}
        onSubmit={submit}
        fieldPaths={FIELDS}
        title={t('site.deploy.title')}
        className="site-deploy-form"
        testId="site-deploy-form"
      >
        <fieldset className="site-source-kind" data-testid="site-source-kind">
          <legend className="sr-only">{t('site.deploy.kindLegend')}</legend>
          {KINDS.map((k) => (
            <label key={k} className="radio-label">
              <input
                type="radio"
                name="sourceKind"
                value={k}
                checked={kind === k}
                onChange={() => {
                  setKind(k);
                  deploy.reset();
                }}
              />
              <span>{sourceKindLabel(t, k)}</span>
            </label>
          ))}
        </fieldset>
        <Field
          label={kind === 'folder' ? t('site.deploy.folderPath') : t('site.deploy.archivePath')}
          hint={kind === 'folder' ? t('site.deploy.folderHint') : t('site.deploy.archiveHint')}
          issues={issuesAt(form.issues, 'source')}
          className="field-wide"
        >
          {(props) => (
            <input
              {...props}
              name="sourcePath"
              className="mono"
              value={path}
              autoComplete="off"
              spellCheck={false}
              placeholder={kind === 'folder' ? t('site.deploy.folderPlaceholder') : t('site.deploy.archivePlaceholder')}
              onChange={(e) => {
                setPath(e.target.value);
                deploy.reset();
              }}
            />
          )}
        </Field>
        {/* A refusal that is not about the field's form (no such folder, unreadable, a bad archive) shows here, beside the path it is about. */}
        {form.error !== null && (
          <p className="danger-text wrap" role="alert" data-testid="site-deploy-error">
            {errorText(t, form.error)}
          </p>
        )}
        <div className="form-actions">
          <button type="submit" className="button button-primary" disabled={busy} data-testid="site-deploy-submit">
            {deploy.isPending ? t('site.deploy.checking') : t('site.deploy.submit')}
          </button>
        </div>
      </ValidatedForm>
      {start && <StartNotes start={start} />}
      {shown && <UploadProgress progress={shown} cancelling={cancel.isPending} onCancel={() => cancel.mutate()} />}
      {cancel.isError && (
        <p className="danger-text" role="alert">
          {errorText(t, cancel.error)}
        </p>
      )}
    </section>
  );
}
