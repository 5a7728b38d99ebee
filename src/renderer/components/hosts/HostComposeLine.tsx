// Which compose CLI a connected host has (stacks run it on the host itself): the v2 plugin or v1,
// with its version, or that neither runs there (COMPOSE_NOT_FOUND says what to install). Asked once
// per connection; the engine caches the answer for the session.
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import type { HostView } from '../../../shared/types';
import { useClient } from '../../api/transportContext';
import { errorText } from '../../i18n/errorText';

export function HostComposeLine({ host }: { host: Pick<HostView, 'id' | 'state' | 'since'> }) {
  const { t } = useTranslation();
  const client = useClient();
  const compose = useQuery({
    queryKey: ['stacks.compose', host.id, host.since] as const,
    queryFn: ({ signal }) => client['stacks.compose']({ hostId: host.id }, { signal }),
    enabled: host.state === 'up',
    staleTime: Infinity,
    retry: false,
  });
  if (host.state !== 'up' || compose.isPending) return null;
  if (compose.isError) {
    return (
      <div className="muted small" data-testid="host-compose" title={errorText(t, compose.error)}>
        {t('hosts.composeMissing')}
      </div>
    );
  }
  return (
    <div className="muted small mono nowrap" data-testid="host-compose">
      {t(compose.data.flavor === 'v2' ? 'hosts.composeV2' : 'hosts.composeV1', { version: compose.data.version })}
    </div>
  );
}
