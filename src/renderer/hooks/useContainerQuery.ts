import { useCallback, useMemo } from 'react';
import { useSearchParams } from 'react-router-dom';
import { parseContainerQuery, serializeContainerQuery } from '../model/containerQuery';
import type { ContainerQuery } from '../model/containerQuery';

/**
 * The Containers page's filters, read from and written to the URL. `replace` keeps keystrokes from
 * piling up history entries; a push marks a filter set the back button should return to.
 */
export function useContainerQuery(): [ContainerQuery, (next: ContainerQuery, options: { replace: boolean }) => void] {
  const [params, setParams] = useSearchParams();
  const query = useMemo(() => parseContainerQuery(params), [params]);
  const setQuery = useCallback(
    (next: ContainerQuery, options: { replace: boolean }) => setParams(serializeContainerQuery(next), { replace: options.replace }),
    [setParams],
  );
  return [query, setQuery];
}
