import { useQueryClient } from '@tanstack/react-query';
import { useEffect } from 'react';
import { applyLanguage } from '../i18n/i18n';
import { attachLiveEvents } from './liveEvents';
import { useClient, useConnection } from './transportContext';

/**
 * Subscribes once, at the top of the app, to every pushed event. After the WebSocket comes back,
 * every query is invalidated: events sent while it was down are lost for good.
 */
export function useLiveEvents(): void {
  const client = useClient();
  const connection = useConnection();
  const queryClient = useQueryClient();

  useEffect(() => {
    const detach = attachLiveEvents(client, queryClient, { onSettings: (settings) => applyLanguage(settings.language) });
    const offReconnected = connection.onReconnected(() => void queryClient.invalidateQueries());
    return () => {
      detach();
      offReconnected();
    };
  }, [client, connection, queryClient]);
}
