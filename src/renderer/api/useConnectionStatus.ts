import { useSyncExternalStore } from 'react';
import type { ConnectionStatus } from './connectionStatus';
import { useConnection } from './transportContext';

/** The carrier's state, re-rendering on every change (for the "lost connection" banner). */
export function useConnectionStatus(): ConnectionStatus {
  const connection = useConnection();
  return useSyncExternalStore(
    (onChange) => connection.onStatus(onChange),
    () => connection.status(),
  );
}
