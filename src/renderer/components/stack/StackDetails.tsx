// A compose stack's page body: operations with the newest one's output live, the services as they
// run, the files in an editor, the versions deploys made, and the history of operations. One
// subscription to stacks.output serves every panel; stacks.changed refetches the lists.
import { useTranslation } from 'react-i18next';
import type { StackView } from '../../../shared/types';
import { useStackOperations, useStackServices, useStackVersions } from '../../api/queries';
import { useStackOutput } from '../../api/useStackOutput';
import { ErrorState } from '../ErrorState';
import { Loading } from '../Loading';
import { StackFilesCard } from './StackFilesCard';
import { StackHistory } from './StackHistory';
import { StackOperations } from './StackOperations';
import { StackRoutes } from './StackRoutes';
import { StackServices } from './StackServices';
import { StackWatch } from '../registryWatch/StackWatch';
import { StackVersions } from './StackVersions';
import '../../styles/project.css';
import '../../styles/stack.css';

export function StackDetails({ stack }: { stack: StackView }) {
  const { t } = useTranslation();
  const operations = useStackOperations(stack.id);
  const versions = useStackVersions(stack.id);
  const services = useStackServices(stack.id);
  const streamed = useStackOutput(stack.id);
  const busy = operations.data?.[0]?.status === 'running';

  return (
    <>
      <StackOperations stack={stack} operations={operations.data} streamed={streamed} />
      <section className="card" data-testid="stack-services">
        <h2>{t('stack.services.title')}</h2>
        {services.isPending ? (
          <Loading label={t('stack.services.loading')} />
        ) : services.isError ? (
          <ErrorState title={t('stack.services.loadFailed')} error={services.error} onRetry={() => void services.refetch()} />
        ) : (
          <StackServices workloadId={stack.id} services={services.data} busy={busy} />
        )}
      </section>
      <section className="card">
        <h2>{t('stack.routes.title')}</h2>
        <StackRoutes workloadId={stack.id} services={services.data?.map((s) => s.service) ?? []} />
      </section>
      <section className="card" data-testid="stack-watch">
        <h2>{t('registryWatch.title')}</h2>
        <StackWatch workloadId={stack.id} />
      </section>
      <StackFilesCard stack={stack} />
      <section className="card">
        <h2>{t('stack.versions.title')}</h2>
        {versions.isPending ? (
          <Loading label={t('stack.versions.loading')} />
        ) : versions.isError ? (
          <ErrorState title={t('stack.versions.loadFailed')} error={versions.error} onRetry={() => void versions.refetch()} />
        ) : (
          <StackVersions workloadId={stack.id} versions={versions.data} busy={busy} />
        )}
      </section>
      <section className="card">
        <h2>{t('stack.history.title')}</h2>
        {operations.isPending ? (
          <Loading label={t('stack.history.loading')} />
        ) : operations.isError ? (
          <ErrorState title={t('stack.history.loadFailed')} error={operations.error} onRetry={() => void operations.refetch()} />
        ) : (
          <StackHistory operations={operations.data} />
        )}
      </section>
    </>
  );
}
