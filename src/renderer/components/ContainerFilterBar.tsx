import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { CONTAINER_STATES } from '../../shared/types';
import type { ContainerState } from '../../shared/types';
import { kindLabel, stateLabel } from '../i18n/labels';
import { WORKLOAD_KINDS, clearFilters, hasFilters } from '../model/containerQuery';
import type { ContainerQuery } from '../model/containerQuery';
import { Icon } from './Icon';

/**
 * Kind, state and search. Selects push a history entry (back returns to the previous filter set);
 * typing replaces it, except the first keystroke after focusing the box, so one search is one entry.
 */
export function ContainerFilterBar({
  query,
  onChange,
  stateCounts,
}: {
  query: ContainerQuery;
  onChange(next: ContainerQuery, options: { replace: boolean }): void;
  stateCounts: Map<ContainerState, number>;
}) {
  const { t } = useTranslation();
  const [text, setText] = useState(query.q);
  const written = useRef(query.q);
  const typing = useRef(false);

  // Follow the URL when it changes from outside (back button, "clear filters"), not on our own writes.
  useEffect(() => {
    if (query.q !== written.current) {
      written.current = query.q;
      setText(query.q);
    }
  }, [query.q]);

  const setSearch = (value: string) => {
    setText(value);
    written.current = value;
    onChange({ ...query, q: value }, { replace: typing.current });
    typing.current = true;
  };

  return (
    <div className="filter-bar" role="search">
      <div className="filter">
        <label htmlFor="filter-kind">{t('containers.filter.kind')}</label>
        <select
          id="filter-kind"
          data-testid="filter-kind"
          value={query.kind ?? ''}
          onChange={(event) => onChange({ ...query, kind: WORKLOAD_KINDS.find((k) => k === event.target.value) ?? null }, { replace: false })}
        >
          <option value="">{t('containers.filter.allKinds')}</option>
          {WORKLOAD_KINDS.map((kind) => (
            <option key={kind} value={kind}>
              {kindLabel(t, kind)}
            </option>
          ))}
        </select>
      </div>
      <div className="filter">
        <label htmlFor="filter-state">{t('containers.filter.state')}</label>
        <select
          id="filter-state"
          data-testid="filter-state"
          value={query.state ?? ''}
          onChange={(event) =>
            onChange({ ...query, state: CONTAINER_STATES.find((s) => s === event.target.value) ?? null }, { replace: false })
          }
        >
          <option value="">{t('containers.filter.allStates')}</option>
          {CONTAINER_STATES.map((state) => (
            <option key={state} value={state}>
              {t('containers.filter.stateOption', { state: stateLabel(t, state), n: stateCounts.get(state) ?? 0 })}
            </option>
          ))}
        </select>
      </div>
      <div className="filter filter-search">
        <label htmlFor="filter-search">{t('containers.filter.search')}</label>
        <div className="search-box">
          <Icon name="search" size={14} />
          <input
            id="filter-search"
            data-testid="filter-search"
            type="search"
            autoComplete="off"
            spellCheck={false}
            placeholder={t('containers.filter.searchPlaceholder')}
            value={text}
            onFocus={() => {
              typing.current = false;
            }}
            onChange={(event) => setSearch(event.target.value)}
          />
        </div>
      </div>
      {hasFilters(query) && (
        <button
          type="button"
          className="button button-ghost"
          data-testid="clear-filters"
          onClick={() => {
            typing.current = false;
            onChange(clearFilters(query), { replace: false });
          }}
        >
          {t('containers.clearFilters')}
        </button>
      )}
    </div>
  );
}
