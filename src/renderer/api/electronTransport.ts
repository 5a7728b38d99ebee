// The Electron carrier: the preload's `window.tinyforge` bridge answers every call with an envelope;
// unwrap() turns a failure into a CallError with its code. IPC cannot cancel a call, so an aborted
// call settles at once and its late answer is dropped.
import { unwrap } from '../../shared/errors';
import type { Envelope } from '../../shared/errors';
import type { RawBridge } from '../../shared/contract';
import { abortable, buildClient } from './client';
import type { ConnectionSource, Transport } from './connectionStatus';

const alwaysOpen: ConnectionSource = {
  status: () => ({ state: 'open' }),
  onStatus: () => () => undefined,
  onReconnected: () => () => undefined,
  retryNow: () => undefined,
};

export function createElectronTransport(bridge: RawBridge): Transport {
  const client = buildClient(
    (name, input, options) => {
      const send = bridge[name] as (input: unknown) => Promise<Envelope<unknown>>;
      return abortable(send(input).then(unwrap), options?.signal);
    },
    (event, listener) => bridge.on(event, listener),
  );
  return { client, connection: alwaysOpen };
}
