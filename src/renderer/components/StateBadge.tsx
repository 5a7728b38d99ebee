import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import type { ContainerHealth, ContainerState } from '../../shared/types';
import { healthLabel, stateLabel } from '../i18n/labels';

/** Colour family per state: green runs, grey stopped, red broke, amber needs a look, blue in progress. */
export const STATE_TONE: Record<ContainerState, 'ok' | 'neutral' | 'danger' | 'warn' | 'info'> = {
  running: 'ok',
  created: 'info',
  pending: 'info',
  restarting: 'warn',
  paused: 'warn',
  missing: 'warn',
  removing: 'neutral',
  exited: 'neutral',
  dead: 'danger',
};

export function StateBadge(props: { state: ContainerState; health?: ContainerHealth }) {
  const { t } = useTranslation();
  return <StateBadgeText {...props} t={t} />;
}

/** The badge for lists that already hold `t`: one translation hook per table, not one per cell. */
export function StateBadgeText({ state, health = 'none', t }: { state: ContainerState; health?: ContainerHealth; t: TFunction }) {
  const showHealth = state === 'running' && (health === 'unhealthy' || health === 'starting');
  return (
    <span className="state">
      <span className={`badge badge-${STATE_TONE[state]}`} data-state={state}>
        <span className="badge-dot" aria-hidden="true" />
        {stateLabel(t, state)}
      </span>
      {showHealth && (
        <span className={`badge badge-subtle badge-${health === 'unhealthy' ? 'danger' : 'info'}`}>{healthLabel(t, health)}</span>
      )}
    </span>
  );
}
