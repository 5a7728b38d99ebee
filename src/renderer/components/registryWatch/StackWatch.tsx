// A stack's registry watch, one panel per service of its compose file: a watched service's new
// digest shows as an update, or runs the stack's deploy with a pull (compose recreates what changed).
import { useTranslation } from 'react-i18next';
import { useRegistryWatch } from '../../api/queries';
import { ErrorState } from '../ErrorState';
import { Loading } from '../Loading';
import { WatchPanel } from './WatchPanel';

export function StackWatch({ workloadId }: { workloadId: string }) {
  const { t } = useTranslation();
  const watches = useRegistryWatch(workloadId);
  if (watches.isPending) return <Loading label={t('registryWatch.loading')} />;
  if (watches.isError) return <ErrorState title={t('registryWatch.loadFailed')} error={watches.error} onRetry={() => void watches.refetch()} />;
  if (watches.data.length === 0) return <p className="muted">{t('registryWatch.noServices')}</p>;
  return (
    <div className="watch-list">
      {watches.data.map((view) => (
        <div key={view.service} className="watch-service" data-testid="service-watch" data-service={view.service}>
          <h3 className="mono">{view.service}</h3>
          <WatchPanel view={view} />
        </div>
      ))}
    </div>
  );
}
