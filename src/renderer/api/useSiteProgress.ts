// The newest upload progress of one site, as sites.progress pushes it. The page subscribes when it
// opens, before the user deploys, so the first event of an upload it starts is not missed (the
// copy may report before the deploy's answer arrives); an upload started from another window shows too.
import { useEffect, useState } from 'react';
import type { SiteProgress } from '../../shared/types';
import { useClient } from './transportContext';

export function useSiteProgress(workloadId: string): SiteProgress | null {
  const client = useClient();
  const [progress, setProgress] = useState<SiteProgress | null>(null);
  useEffect(() => {
    setProgress(null);
    return client.on('sites.progress', (event) => {
      if (event.workloadId === workloadId) setProgress(event);
    });
  }, [client, workloadId]);
  return progress;
}
