import { QueryClient } from '@tanstack/react-query';
import { CallError } from '../../shared/errors';

/**
 * Pushed events keep the cache fresh, so nothing polls: no refetchInterval, no refetch on focus.
 * A short staleTime re-reads a page's data when the user navigates back to it, a cheap safety net
 * for an event the engine could not send. A CallError is the engine's considered answer, so it is
 * not retried; a transport hiccup is retried once.
 */
export function createQueryClient(): QueryClient {
  return new QueryClient({
    defaultOptions: {
      queries: {
        staleTime: 5_000,
        refetchOnWindowFocus: false,
        refetchOnReconnect: false,
        retry: (failures, error) => !(error instanceof CallError) && failures < 1,
      },
      mutations: { retry: false },
    },
  });
}
