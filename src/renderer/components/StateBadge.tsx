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

interface StateBadgeProps {
  state: ContainerState;
  health?: ContainerHealth;
  /** Shown beside exited and dead: "Exited (137)". */
  exitCode?: number | null;
  /** The state is the last one known, from a host that is not connected: drawn faded, never as live. */
  stale?: boolean;
}

export function StateBadge(props: StateBadgeProps) {
  const { t } = useTranslation();
  return <StateBadgeText {...props} t={t} />;
}

/** The badge for lists that already hold `t`: one translation hook per table, not one per cell. */
export function StateBadgeText({ state, health = 'none', exitCode = null, stale = false, t }: StateBadgeProps & { t: TFunction }) {
  const showHealth = state === 'running' && (health === 'unhealthy' || health === 'starting');
  const label =
    exitCode !== null && (state === 'exited' || state === 'dead')
      ? t('state.withExitCode', { state: stateLabel(t, state), code: exitCode })
      : stateLabel(t, state);
  return (
    <span className="state">
      <span className={`badge badge-${STATE_TONE[state]}${stale ? ' badge-stale' : ''}`} data-state={state} data-stale={stale || undefined}>
        <span className="badge-dot" aria-hidden="true" />
        {label}
      </span>
      {showHealth && <span className={`badge badge-subtle badge-${health === 'unhealthy' ? 'danger' : 'info'}`}>{healthLabel(t, health)}</span>}
    </span>
  );
}
