// The log viewer loaded on demand, for pages in the first bundle (a card, the Containers page):
// the viewer, its virtualiser rows and its styles stay out of what every window loads first.
import { Suspense, lazy } from 'react';
import { useTranslation } from 'react-i18next';
import { Loading } from '../Loading';
import type { ContainerLogsProps } from './ContainerLogs';

const ContainerLogs = lazy(() => import('./ContainerLogs'));

export function LazyContainerLogs(props: ContainerLogsProps) {
  const { t } = useTranslation();
  return (
    <Suspense fallback={<Loading label={t('logs.loadingViewer')} />}>
      <ContainerLogs {...props} />
    </Suspense>
  );
}
