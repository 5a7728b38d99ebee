import { useTranslation } from 'react-i18next';
import type { PullProgress as Progress } from '../../../shared/types';

function megabytes(bytes: number): string {
  return (bytes / 1_000_000).toFixed(1);
}

/** The image pull of a running deploy: layers done and bytes, as a bar. */
export function PullProgress({ pull }: { pull: Progress }) {
  const { t } = useTranslation();
  const fraction = pull.totalBytes > 0 ? pull.currentBytes / pull.totalBytes : pull.layersTotal > 0 ? pull.layersDone / pull.layersTotal : 0;
  const percent = Math.round(Math.min(1, Math.max(0, fraction)) * 100);
  const label = t('project.pull.progress', {
    done: pull.layersDone,
    total: pull.layersTotal,
    current: megabytes(pull.currentBytes),
    size: megabytes(pull.totalBytes),
  });
  return (
    <div className="pull-progress" data-testid="pull-progress">
      <progress max={100} value={percent} aria-label={label} />
      <span className="small muted">{label}</span>
    </div>
  );
}
