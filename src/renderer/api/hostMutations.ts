// Writes to hosts. Each answer with a HostView goes into the cached list at once (so an accepted key
// or an unlocked host shows without waiting), then the list is read again; the engine's hosts.changed
// event does the same for other windows.
//
// Calls that may carry a secret (hosts.add, hosts.test, hosts.unlock, hosts.setProxy, registries.set,
// registries.test) do not go through
// useMutation: a mutation keeps its variables in the MutationCache until gcTime after it settles,
// where anything that inspects the cache can read them. useSecretCall keeps only whether the call is
// pending, its error and its answer.
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useCallback, useEffect, useRef, useState } from 'react';
import type { CallInput, CallOutput } from '../../shared/contract';
import type { HostView } from '../../shared/types';
import { queryKeys } from './queryKeys';
import { useClient } from './transportContext';

/** Puts `host` into a cached list, replacing the entry with its id or appending it. */
export function upsertHost(hosts: HostView[] | undefined, host: HostView): HostView[] | undefined {
  if (!hosts) return hosts;
  return hosts.some((h) => h.id === host.id) ? hosts.map((h) => (h.id === host.id ? host : h)) : [...hosts, host];
}

function useHostsRefresh() {
  const queryClient = useQueryClient();
  return useCallback(
    (written?: HostView) => {
      if (written) queryClient.setQueryData<HostView[]>(queryKeys.hosts, (hosts) => upsertHost(hosts, written));
      return Promise.all([queryClient.invalidateQueries({ queryKey: queryKeys.hosts }), queryClient.invalidateQueries({ queryKey: queryKeys.health })]);
    },
    [queryClient],
  );
}

export function useUpdateHost() {
  const client = useClient();
  const refresh = useHostsRefresh();
  return useMutation({ mutationFn: (input: CallInput<'hosts.update'>) => client['hosts.update'](input), onSuccess: (host) => refresh(host) });
}

export function useAcceptHostKey() {
  const client = useClient();
  const refresh = useHostsRefresh();
  return useMutation({ mutationFn: (input: CallInput<'hosts.acceptHostKey'>) => client['hosts.acceptHostKey'](input), onSuccess: (host) => refresh(host) });
}

export function useReconnectHost() {
  const client = useClient();
  const refresh = useHostsRefresh();
  return useMutation({ mutationFn: (id: string) => client['hosts.reconnect']({ id }), onSuccess: (host) => refresh(host) });
}

export function useRemoveHost() {
  const client = useClient();
  const queryClient = useQueryClient();
  const refresh = useHostsRefresh();
  return useMutation({
    mutationFn: (id: string) => client['hosts.remove']({ id }),
    onSuccess: async (_result, id) => {
      queryClient.setQueryData<HostView[]>(queryKeys.hosts, (hosts) => hosts?.filter((host) => host.id !== id));
      // The host's container rows are gone with it.
      await Promise.all([refresh(), queryClient.invalidateQueries({ queryKey: queryKeys.containers })]);
    },
  });
}

type SecretCallName =
  | 'hosts.add'
  | 'hosts.test'
  | 'hosts.unlock'
  | 'hosts.setProxy'
  | 'registries.set'
  | 'registries.test'
  | 'notify.channels.save'
  | 'dns.setSettings'
  | 'dns.test';

export type SecretCallOutcome<T> = { ok: true; value: T } | { ok: false; error: unknown };

export interface SecretCallState<N extends SecretCallName> {
  /** Sends the call; never rejects (the outcome says how it went, and `error` holds the failure too). */
  run(input: CallInput<N>): Promise<SecretCallOutcome<CallOutput<N>>>;
  isPending: boolean;
  error: unknown;
  data: CallOutput<N> | undefined;
  reset(): void;
}

/** A call whose input may hold a secret: nothing of the input is kept once it is sent. */
export function useSecretCall<N extends SecretCallName>(name: N): SecretCallState<N> {
  const client = useClient();
  const queryClient = useQueryClient();
  const refresh = useHostsRefresh();
  const [state, setState] = useState<{ isPending: boolean; error: unknown; data: CallOutput<N> | undefined }>({
    isPending: false,
    error: null,
    data: undefined,
  });
  // Only the latest run may report: a slow first test must not overwrite a second one.
  const latest = useRef(0);
  const mounted = useRef(true);
  useEffect(() => {
    mounted.current = true;
    return () => {
      mounted.current = false;
    };
  }, []);

  const run = useCallback(
    async (input: CallInput<N>): Promise<SecretCallOutcome<CallOutput<N>>> => {
      const ticket = ++latest.current;
      setState({ isPending: true, error: null, data: undefined });
      const call = client[name] as (input: CallInput<N>) => Promise<CallOutput<N>>;
      try {
        const value = await call(input);
        // A host written by add or unlock goes into the list; a test writes nothing.
        if (name === 'registries.set') void queryClient.invalidateQueries({ queryKey: queryKeys.registries });
        else if (name === 'notify.channels.save') void queryClient.invalidateQueries({ queryKey: queryKeys.notifyChannels });
        else if (name === 'dns.setSettings') {
          void queryClient.invalidateQueries({ queryKey: queryKeys.dnsSettings });
          void queryClient.invalidateQueries({ queryKey: queryKeys.dnsRecords });
        } else if (name !== 'hosts.test' && name !== 'registries.test' && name !== 'dns.test') void refresh(value as HostView);
        if (mounted.current && ticket === latest.current) setState({ isPending: false, error: null, data: value });
        return { ok: true, value };
      } catch (error) {
        if (mounted.current && ticket === latest.current) setState({ isPending: false, error, data: undefined });
        return { ok: false, error };
      }
    },
    [client, name, queryClient, refresh],
  );

  const reset = useCallback(() => {
    latest.current += 1;
    setState({ isPending: false, error: null, data: undefined });
  }, []);

  return { run, reset, ...state };
}
