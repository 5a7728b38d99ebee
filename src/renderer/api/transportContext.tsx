// Hands the transport to the query hooks. Components never use it directly: they call a hook from
// queries.ts or mutations.ts, so no component knows how the engine is reached.
import { createContext, useContext, type ReactNode } from 'react';
import type { RendererClient } from './client';
import type { ConnectionSource, Transport } from './connectionStatus';

const TransportContext = createContext<Transport | null>(null);

export function TransportProvider({ transport, children }: { transport: Transport; children: ReactNode }) {
  return <TransportContext.Provider value={transport}>{children}</TransportContext.Provider>;
}

function useTransport(): Transport {
  const transport = useContext(TransportContext);
  if (!transport) throw new Error('TransportProvider is missing above this component');
  return transport;
}

export function useClient(): RendererClient {
  return useTransport().client;
}

export function useConnection(): ConnectionSource {
  return useTransport().connection;
}
