// Writes to a host's DNS records: a pass now, and repair. Both answer with records, which go into
// the cache at once; the engine's dns.changed event refreshes other windows. (Saving the settings
// and "test connection" carry a secret: they go through useSecretCall.)
import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { DnsRecordView } from '../../shared/dns';
import { queryKeys } from './queryKeys';
import { useClient } from './transportContext';

export function useDnsReconcile(hostId: string) {
  const client = useClient();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: () => client['dns.reconcile']({ hostId }),
    onSuccess: (records) => queryClient.setQueryData(queryKeys.dnsRecordsOf(hostId), records),
  });
}

export function useDnsRepair(hostId: string) {
  const client = useClient();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => client['dns.repair']({ id }),
    onSuccess: (record) =>
      queryClient.setQueryData<DnsRecordView[]>(queryKeys.dnsRecordsOf(hostId), (rows) => rows?.map((r) => (r.id === record.id ? record : r))),
    // A failed repair wrote the record's error: read it back.
    onError: () => void queryClient.invalidateQueries({ queryKey: queryKeys.dnsRecordsOf(hostId) }),
  });
}
