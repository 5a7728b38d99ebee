import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import { crashed } from '../../shared/crashed';
import type { ContainerHealth, ContainerState, StopKind } from '../../shared/types';
import { healthLabel, stateLabel, stopKindLabel } from '../i18n/labels';

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
  /** Why it last stopped: shown beside a stopped container (a crash in red). */
  stopKind?: StopKind | null;
}

export function StateBadge(props: StateBadgeProps) {
  const { t } = useTranslation();
  return <StateBadgeText {...props} t={t} />;
}

/** The badge for lists that already hold `t`: one translation hook per table, not one per cell. */
export function StateBadgeText({ state, health = 'none', exitCode = null, stale = false, stopKind = null, t }: StateBadgeProps & { t: TFunction }) {
  const showHealth = state === 'running' && (health === 'unhealthy' || health === 'starting');
  // A restart loop shows as restarting: its last stop is still a crash worth flagging.
  const showStop = stopKind !== null && (state === 'exited' || state === 'dead' || state === 'restarting');
  const crash = showStop && crashed({ stopKind, exitCode });
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
      {showStop && (
        <span
          className={`badge badge-subtle badge-${crash ? 'danger' : 'neutral'}`}
          data-testid="stop-kind"
          data-stop-kind={stopKind}
          data-crashed={crash || undefined}
        >
          {stopKindLabel(t, stopKind, exitCode)}
        </span>
      )}
    </span>
  );
}
