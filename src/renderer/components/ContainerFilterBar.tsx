import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { CONTAINER_STATES } from '../../shared/types';
import type { ContainerState, HostView } from '../../shared/types';
import { kindLabel, stateLabel } from '../i18n/labels';
import { WORKLOAD_KINDS, clearFilters, hasFilters } from '../model/containerQuery';
import type { ContainerQuery } from '../model/containerQuery';
import { Icon } from './Icon';

/** One select of the bar: "all" (null) or one of `options`; its id doubles as its test id. */
function FilterSelect<T extends string>({
  id,
  label,
  allLabel,
  options,
  optionLabel,
  value,
  onChange,
}: {
  id: string;
  label: string;
  allLabel: string;
  options: readonly T[];
  optionLabel(option: T): string;
  value: T | null;
  onChange(value: T | null): void;
}) {
  return (
    <div className="filter">
      <label htmlFor={id}>{label}</label>
      <select id={id} data-testid={id} value={value ?? ''} onChange={(event) => onChange(options.find((o) => o === event.target.value) ?? null)}>
        <option value="">{allLabel}</option>
        {options.map((option) => (
          <option key={option} value={option}>
            {optionLabel(option)}
          </option>
        ))}
      </select>
    </div>
  );
}

/**
 * Host, kind, state and search. Selects push a history entry (back returns to the previous filter set);
 * typing replaces it, except the first keystroke after focusing the box, so one search is one entry.
 */
export function ContainerFilterBar({
  query,
  onChange,
  stateCounts,
  hosts,
}: {
  query: ContainerQuery;
  onChange(next: ContainerQuery, options: { replace: boolean }): void;
  stateCounts: Map<ContainerState, number>;
  hosts: readonly HostView[];
}) {
  const { t } = useTranslation();
  const names = new Map(hosts.map((host) => [host.id, host.name]));
  // A host in the URL that is not (or not yet) listed stays selectable, so the select shows the truth.
  const hostIds = query.host !== null && !names.has(query.host) ? [...names.keys(), query.host] : [...names.keys()];
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
      <FilterSelect
        id="filter-host"
        label={t('containers.filter.host')}
        allLabel={t('containers.filter.allHosts')}
        options={hostIds}
        optionLabel={(id) => names.get(id) ?? t('containers.filter.unknownHost', { id })}
        value={query.host}
        onChange={(host) => onChange({ ...query, host }, { replace: false })}
      />
      <FilterSelect
        id="filter-kind"
        label={t('containers.filter.kind')}
        allLabel={t('containers.filter.allKinds')}
        options={WORKLOAD_KINDS}
        optionLabel={(kind) => kindLabel(t, kind)}
        value={query.kind}
        onChange={(kind) => onChange({ ...query, kind }, { replace: false })}
      />
      <FilterSelect
        id="filter-state"
        label={t('containers.filter.state')}
        allLabel={t('containers.filter.allStates')}
        options={CONTAINER_STATES}
        optionLabel={(state) => t('containers.filter.stateOption', { state: stateLabel(t, state), n: stateCounts.get(state) ?? 0 })}
        value={query.state}
        onChange={(state) => onChange({ ...query, state }, { replace: false })}
      />
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
