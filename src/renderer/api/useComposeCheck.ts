// The checks of a compose file as the user types: the text settles for a moment (debounced), then
// stacks.check runs on it. The answer for the previous text stays shown until the new one arrives,
// and a check for text that has since changed is cancelled by the query (its key changed).
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import type { ComposeCheck } from '../../shared/contract/stacks';
import { queryKeys } from './queryKeys';
import { useClient } from './transportContext';

export const CHECK_DELAY_MS = 300;

function useDebounced<T>(value: T, delayMs: number): T {
  const [settled, setSettled] = useState(value);
  useEffect(() => {
    const timer = setTimeout(() => setSettled(value), delayMs);
    return () => clearTimeout(timer);
  }, [value, delayMs]);
  return settled;
}

export interface ComposeCheckInput {
  hostId: string;
  composeFile: string;
  allowHostAccess: boolean;
}

export function useComposeCheck(input: ComposeCheckInput, enabled = true) {
  const client = useClient();
  const composeFile = useDebounced(input.composeFile, CHECK_DELAY_MS);
  const { hostId, allowHostAccess } = input;
  const query = useQuery<ComposeCheck>({
    queryKey: [...queryKeys.composeCheck, hostId, allowHostAccess, composeFile],
    queryFn: ({ signal }) => client['stacks.check']({ hostId, composeFile, envFile: '', allowHostAccess }, { signal }),
    enabled: enabled && hostId !== '',
    placeholderData: keepPreviousData,
    staleTime: Infinity,
    gcTime: 30_000,
  });
  // Checking from the first keystroke: while the text settles nothing is fetched yet, but the
  // problems shown are the previous text's.
  const checking = query.isFetching || (enabled && composeFile !== input.composeFile);
  return { ...query, checking };
}
