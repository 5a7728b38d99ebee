// A stage's or a stack service's registry watch: the mode (off, show updates, deploy them), the
// last check and its error, and the digest the containers run beside the one the tag points at.
import { useTranslation } from 'react-i18next';
import type { TFunction } from 'i18next';
import { shortDigest } from '../../../shared/imageName';
import { WATCH_MODES } from '../../../shared/registryWatch';
import type { WatchMode, WatchView } from '../../../shared/registryWatch';
import { useSetWatchMode } from '../../api/registryWatchMutations';
import { errorText, problemText } from '../../i18n/errorText';
import { RelativeTime } from '../RelativeTime';
import '../../styles/registryWatch.css';

function modeLabel(t: TFunction, mode: WatchMode): string {
  switch (mode) {
    case 'off':
      return t('registryWatch.mode.off');
    case 'notify':
      return t('registryWatch.mode.notify');
    case 'deploy':
      return t('registryWatch.mode.deploy');
  }
}

function StateText({ view, t }: { view: WatchView; t: TFunction }) {
  if (view.state === 'update')
    return (
      <span className="badge badge-info" data-testid="watch-state" data-state="update">
        {t('registryWatch.updateAvailable')}
      </span>
    );
  if (view.state === 'current')
    return (
      <span className="badge badge-ok" data-testid="watch-state" data-state="current">
        {t('registryWatch.state.current')}
      </span>
    );
  return (
    <span className="muted" data-testid="watch-state" data-state="unknown">
      {view.check.digest === null
        ? t('registryWatch.state.notChecked')
        : view.runningContainers === 0
          ? t('registryWatch.state.nothingRunning')
          : t('registryWatch.state.unknownNoDigest')}
    </span>
  );
}

export function WatchPanel({ view, testId = 'watch-panel' }: { view: WatchView; testId?: string }) {
  const { t } = useTranslation();
  const setMode = useSetWatchMode();
  const id = `watch-${view.stageId ?? `${view.workloadId}-${view.service}`}`;
  const target = view.stageId !== null ? { stageId: view.stageId } : { service: view.service! };
  return (
    <div className="watch-panel" data-testid={testId} data-mode={view.mode}>
      <div className="watch-mode">
        <label htmlFor={id}>{t('registryWatch.title')}</label>
        <select
          id={id}
          data-testid="watch-mode"
          value={view.mode}
          disabled={setMode.isPending || view.image === null}
          onChange={(e) => setMode.mutate({ workloadId: view.workloadId, ...target, mode: e.target.value as WatchMode })}
        >
          {WATCH_MODES.map((mode) => (
            <option key={mode} value={mode}>
              {modeLabel(t, mode)}
            </option>
          ))}
        </select>
      </div>
      {view.image === null && <p className="muted small">{t('registryWatch.noImage')}</p>}
      {setMode.isError && (
        <p className="danger-text small" role="alert" data-testid="watch-set-error">
          {errorText(t, setMode.error)}
        </p>
      )}
      {view.mode !== 'off' && (
        <dl className="facts facts-compact small">
          <dt>{t('registryWatch.image')}</dt>
          <dd className="mono wrap">{view.image}</dd>
          <dt>{t('registryWatch.state.label')}</dt>
          <dd>
            <StateText view={view} t={t} />
          </dd>
          <dt>{t('registryWatch.lastCheck')}</dt>
          <dd data-testid="watch-last-check">
            <RelativeTime at={view.check.checkedAt} />
          </dd>
          <dt>{t('registryWatch.available')}</dt>
          <dd className="mono" data-testid="watch-available" title={view.check.digest ?? undefined}>
            {view.check.digest ? shortDigest(view.check.digest) : '—'}
          </dd>
          <dt>{t('registryWatch.running')}</dt>
          <dd className="mono" data-testid="watch-running" title={view.runningDigests.join('\n') || undefined}>
            {view.runningDigests.length > 0
              ? view.runningDigests.map(shortDigest).join(', ')
              : view.runningContainers === 0
                ? t('registryWatch.nothingRunning')
                : t('registryWatch.noRepoDigest')}
          </dd>
          {view.check.error && (
            <>
              <dt>{t('registryWatch.lastError')}</dt>
              <dd className="danger-text wrap" data-testid="watch-error" data-code={view.check.error.code}>
                {problemText(t, { code: view.check.error.code, message: view.check.error.message })}
              </dd>
            </>
          )}
          {view.check.nextCheckAt !== null && (
            <>
              <dt>{t('registryWatch.nextCheck')}</dt>
              <dd>
                <RelativeTime at={view.check.nextCheckAt} />
              </dd>
            </>
          )}
        </dl>
      )}
    </div>
  );
}
