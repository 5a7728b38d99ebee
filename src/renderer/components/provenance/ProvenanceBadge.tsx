import type { TFunction } from 'i18next';
import type { Provenance } from '../../../shared/types';

/**
 * Says when a container is not plainly the app's own: `unverified` (only its labels claim the
 * workload) or `trusted` (a user vouched for it). A container the app created shows nothing.
 * Takes `t` so virtualised rows can pass theirs rather than each calling a hook.
 */
export function ProvenanceBadge({ provenance, t }: { provenance: Provenance; t: TFunction }) {
  if (provenance === 'created') return null;
  const unverified = provenance === 'unverified';
  return (
    <span
      className={unverified ? 'badge badge-warn badge-provenance' : 'badge badge-info badge-provenance'}
      title={unverified ? t('provenance.unverifiedTitle') : t('provenance.trustedTitle')}
      data-testid="provenance-badge"
      data-provenance={provenance}
    >
      {unverified ? t('provenance.unverified') : t('provenance.trusted')}
    </span>
  );
}
