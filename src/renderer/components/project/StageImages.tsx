import { useTranslation } from 'react-i18next';
import type { StageImageView } from '../../../shared/types';
import { RelativeTime } from '../RelativeTime';
import { presenceLabel } from './deployLabels';
import { shortDigest } from '../../../shared/imageName';

const PRESENCE_TONE = { present: 'ok', gone: 'danger', unknown: 'neutral' } as const;

/** The images a stage ran, by digest: which runs now, which rollback returns to, and which the host still has. */
export function StageImages({ images }: { images: readonly StageImageView[] }) {
  const { t } = useTranslation();
  if (images.length === 0) return <p className="muted small">{t('project.images.empty')}</p>;
  return (
    <ul className="image-list" data-testid="stage-images">
      {images.map((image) => (
        <li key={image.imageDigest} data-testid="stage-image" data-presence={image.presence} data-current={image.current || undefined}>
          <span className="image-line">
            <span className="mono wrap">{image.image}</span>
            <span className="muted small nowrap">
              <RelativeTime at={image.deployedAt} />
            </span>
          </span>
          <span className="image-line">
            <span className="mono muted small" title={image.imageDigest}>
              {shortDigest(image.imageDigest)}
            </span>
            <span className={`badge badge-${PRESENCE_TONE[image.presence]}`}>{presenceLabel(t, image.presence)}</span>
            {image.current && <span className="badge badge-info">{t('project.images.current')}</span>}
            {image.rollbackTarget && <span className="badge badge-warn">{t('project.images.rollbackTarget')}</span>}
          </span>
        </li>
      ))}
    </ul>
  );
}
