import { useTranslation } from 'react-i18next';
import type { DeployView } from '../../../shared/types';
import { formatDuration } from '../../model/timeFormat';
import { RelativeTime } from '../RelativeTime';
import { DEPLOY_STATUS_TONE, deployKindLabel, deployStatusLabel, deployStepLabel, stepOutcomeLabel } from './deployLabels';
import { DeployFailureText } from './DeployFailureText';
import { PullProgress } from './PullProgress';

function DeploySteps({ deploy }: { deploy: DeployView }) {
  const { t, i18n } = useTranslation();
  const time = new Intl.DateTimeFormat(i18n.language, { hour: '2-digit', minute: '2-digit', second: '2-digit' });
  return (
    <ol className="deploy-steps" data-testid="deploy-steps">
      {deploy.steps.map((step, index) => (
        <li key={`${step.step}-${index}`} data-outcome={step.status}>
          <span className={`step-mark step-${step.status}`} aria-hidden="true" />
          <span>{deployStepLabel(t, step.step)}</span>
          <span className="muted">{stepOutcomeLabel(t, step.status)}</span>
          <span className="muted small">{time.format(step.at)}</span>
        </li>
      ))}
      {deploy.status === 'running' && (
        <li data-outcome="current">
          <span className="step-mark step-current" aria-hidden="true" />
          <span className="strong">{deployStepLabel(t, deploy.step)}</span>
          <span className="muted">{t('project.outcome.inProgress')}</span>
        </li>
      )}
    </ol>
  );
}

/** One deploy: what it deployed, how it ended, and (unfolded) each step with its outcome and time. */
function DeployEntry({ deploy, open, labelOf }: { deploy: DeployView; open: boolean; labelOf(image: string): string }) {
  const { t, i18n } = useTranslation();
  const image = labelOf(deploy.image);
  return (
    <li className="deploy-entry" data-testid="deploy-row" data-status={deploy.status} data-kind={deploy.kind}>
      <details open={open}>
        <summary>
          <span className={`badge badge-${DEPLOY_STATUS_TONE[deploy.status]}`}>
            <span className="badge-dot" aria-hidden="true" />
            {deployStatusLabel(t, deploy.status)}
          </span>
          <span className="strong">{deployKindLabel(t, deploy.kind)}</span>
          <span className="mono wrap">{image}</span>
          <span className="muted small push-right nowrap">
            <RelativeTime at={deploy.startedAt} />
            {deploy.finishedAt !== null && ` · ${formatDuration(deploy.finishedAt - deploy.startedAt, i18n.language)}`}
          </span>
        </summary>
        {deploy.status === 'running' && deploy.pull && <PullProgress pull={deploy.pull} />}
        <DeploySteps deploy={deploy} />
      </details>
      {/* The error once, below the steps: the failed step only says that it failed. */}
      {deploy.error && <DeployFailureText deploy={deploy} image={image} />}
    </li>
  );
}

/** A stage's deploys, newest first; the running one and the newest failure start unfolded. */
export function DeployHistory({
  deploys,
  labelOf,
}: {
  deploys: readonly DeployView[];
  /** A tag for a digest: rollback and promote deploy by digest. */
  /** How an image reads (an image id by the tag it was deployed under). */
  labelOf(image: string): string;
}) {
  const { t } = useTranslation();
  if (deploys.length === 0) return <p className="muted">{t('project.history.empty')}</p>;
  return (
    <ul className="deploy-history" data-testid="deploy-history">
      {deploys.map((deploy, index) => (
        <DeployEntry key={deploy.id} deploy={deploy} open={deploy.status === 'running' || (index === 0 && deploy.status === 'failed')} labelOf={labelOf} />
      ))}
    </ul>
  );
}
