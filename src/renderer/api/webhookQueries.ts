// The webhook calls the pages use: the listener (Settings) and a workload's hook (its page).
// webhooks.changed invalidates both (api/liveEvents.ts). A new secret is the one answer that must
// not stay in any cache: useRotateWebhookSecret keeps it only in the component that asked.
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useCallback, useState } from 'react';
import type { CallInput } from '../../shared/contract';
import type { RendererCalls } from './client';
import { queryKeys } from './queryKeys';
import { useClient } from './transportContext';

export function useWebhookListener() {
  const client: RendererCalls = useClient();
  return useQuery({ queryKey: queryKeys.webhookListener, queryFn: ({ signal }) => client['webhooks.listener.get']({}, { signal }) });
}

export function useUpdateWebhookListener() {
  const client: RendererCalls = useClient();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: CallInput<'webhooks.listener.update'>) => client['webhooks.listener.update'](input),
    onSuccess: (view) => queryClient.setQueryData(queryKeys.webhookListener, view),
  });
}

export function useWebhook(workloadId: string) {
  const client: RendererCalls = useClient();
  return useQuery({ queryKey: queryKeys.webhookOf(workloadId), queryFn: ({ signal }) => client['webhooks.get']({ workloadId }, { signal }) });
}

export function useSetRefMapping(workloadId: string) {
  const client: RendererCalls = useClient();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (mapping: CallInput<'webhooks.setRefMapping'>['mapping']) => client['webhooks.setRefMapping']({ workloadId, mapping }),
    onSuccess: (view) => queryClient.setQueryData(queryKeys.webhookOf(workloadId), view),
  });
}

export function useRedeliver(workloadId: string) {
  const client: RendererCalls = useClient();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (deliveryId: string) => client['webhooks.redeliver']({ workloadId, deliveryId }),
    onSettled: () => queryClient.invalidateQueries({ queryKey: queryKeys.webhookOf(workloadId) }),
  });
}

/** Makes a new secret; the answer lives in this hook's state until `dismiss`, never in the query or mutation caches. */
export function useRotateWebhookSecret(workloadId: string) {
  const client: RendererCalls = useClient();
  const queryClient = useQueryClient();
  const [state, setState] = useState<{ pending: boolean; secret: string | null; error: unknown }>({ pending: false, secret: null, error: null });
  const rotate = useCallback(async () => {
    setState({ pending: true, secret: null, error: null });
    try {
      const { secret } = await client['webhooks.rotateSecret']({ workloadId });
      setState({ pending: false, secret, error: null });
    } catch (error) {
      setState({ pending: false, secret: null, error });
    }
    await queryClient.invalidateQueries({ queryKey: queryKeys.webhookOf(workloadId) });
  }, [client, queryClient, workloadId]);
  const dismiss = useCallback(() => setState({ pending: false, secret: null, error: null }), []);
  return { ...state, rotate, dismiss };
}
