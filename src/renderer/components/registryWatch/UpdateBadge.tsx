// The "update available" badge of a container whose watched tag now points at another digest. No
// badge when up to date, and none on a guess: an image without a repo digest is "unknown", which
// only the detail panel says in words.
import type { TFunction } from 'i18next';
import { shortDigest } from '../../../shared/imageName';
import type { ContainerUpdateView } from '../../../shared/registryWatch';
import '../../styles/registryWatch.css';

export function UpdateBadge({ update, t }: { update: ContainerUpdateView | undefined; t: TFunction }) {
  if (update?.state !== 'update' || !update.availableDigest) return null;
  return (
    <span
      className="badge badge-info badge-update"
      data-testid="update-badge"
      title={t('registryWatch.badgeTitle', { image: update.image, digest: shortDigest(update.availableDigest) })}
    >
      {t('registryWatch.badge')}
    </span>
  );
}

/** The update line of the container detail panel: available, up to date, or why it is not known. */
export function updateStateText(t: TFunction, update: ContainerUpdateView): string {
  if (update.state === 'update' && update.availableDigest) return t('registryWatch.state.updateTo', { digest: shortDigest(update.availableDigest) });
  if (update.state === 'current') return t('registryWatch.state.current');
  return update.runningDigest === null ? t('registryWatch.state.unknownNoDigest') : t('registryWatch.state.unknown');
}
