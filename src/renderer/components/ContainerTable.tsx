import { useVirtualizer } from '@tanstack/react-virtual';
import type { TFunction } from 'i18next';
import { memo, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import type { ContainerView } from '../../shared/types';
import { kindLabel } from '../i18n/labels';
import type { SortKey } from '../model/containerQuery';
import { useNow } from '../hooks/useNow';
import { Icon } from './Icon';
import { RelativeTimeText } from './RelativeTime';
import { StateBadgeText } from './StateBadge';

// Fixed heights let the virtualiser place rows without measuring them; keep in step with table.css.
export const ROW_HEIGHT = 36;
const HEADER_HEIGHT = 34;

interface Column {
  key: SortKey;
  label: string;
}

function SortHeader({ column, sort, desc, onSort }: { column: Column; sort: SortKey | null; desc: boolean; onSort(key: SortKey): void }) {
  const active = sort === column.key;
  return (
    <div role="columnheader" className="cell" aria-sort={active ? (desc ? 'descending' : 'ascending') : 'none'}>
      <button type="button" className="sort-button" title={column.label} onClick={() => onSort(column.key)}>
        <span className="sort-label">{column.label}</span>
        {active && <Icon name={desc ? 'arrowDown' : 'arrowUp'} size={12} />}
      </button>
    </div>
  );
}

interface RowProps {
  row: ContainerView;
  index: number;
  top: number;
  t: TFunction;
  language: string;
  now: number;
}

/**
 * One row, memoised, with `t`, the language and the clock passed in: thirty rows with three
 * translation hooks each cost more than the rest of a first render of 5,000 containers.
 */
const ContainerRow = memo(function ContainerRow({ row, index, top, t, language, now }: RowProps) {
  return (
    <div
      role="row"
      className="row vrow"
      aria-rowindex={index + 2}
      data-testid="container-row"
      data-container-name={row.name}
      data-state={row.state}
      style={{ transform: `translateY(${top}px)` }}
    >
      <div role="cell" className="cell cell-strong" title={row.name}>
        {row.name}
      </div>
      <div role="cell" className="cell" title={row.workloadName ?? undefined}>
        {row.workloadId && row.workloadName ? (
          <Link to={`/workloads/${encodeURIComponent(row.workloadId)}`}>{row.workloadName}</Link>
        ) : (
          <span className="muted">{t('common.none')}</span>
        )}
      </div>
      <div role="cell" className="cell">
        {kindLabel(t, row.kind)}
      </div>
      <div role="cell" className="cell" title={row.role}>
        {row.role}
      </div>
      <div role="cell" className="cell">
        <StateBadgeText state={row.state} health={row.health} t={t} />
      </div>
      <div role="cell" className="cell mono" title={row.image}>
        {row.image}
      </div>
      <div role="cell" className="cell">
        <RelativeTimeText at={row.lastSeenAt} now={now} language={language} t={t} />
      </div>
    </div>
  );
});

/**
 * A div table with ARIA table semantics, virtualised: only the rows in view (plus a margin) are in
 * the DOM, so 5,000 containers scroll as smoothly as 50.
 */
export function ContainerTable({
  rows,
  sort,
  desc,
  onSort,
}: {
  rows: readonly ContainerView[];
  sort: SortKey | null;
  desc: boolean;
  onSort(key: SortKey): void;
}) {
  const { t, i18n } = useTranslation();
  const now = useNow();
  const scrollRef = useRef<HTMLDivElement>(null);
  const virtualizer = useVirtualizer({
    count: rows.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 12,
    // The sticky header sits inside the scroll area above the rows.
    scrollMargin: HEADER_HEIGHT,
    getItemKey: (index) => rows[index]?.id ?? index,
  });

  const columns: Column[] = [
    { key: 'name', label: t('containers.column.name') },
    { key: 'workload', label: t('containers.column.workload') },
    { key: 'kind', label: t('containers.column.kind') },
    { key: 'role', label: t('containers.column.role') },
    { key: 'state', label: t('containers.column.state') },
    { key: 'image', label: t('containers.column.image') },
    { key: 'lastSeen', label: t('containers.column.lastSeen') },
  ];

  return (
    <div className="table-scroll" ref={scrollRef} tabIndex={0} aria-label={t('containers.tableLabel')} role="region">
      <div role="table" className="table container-table" aria-rowcount={rows.length + 1} aria-label={t('containers.tableLabel')}>
        <div role="rowgroup" className="thead">
          <div role="row" className="row head-row" aria-rowindex={1}>
            {columns.map((column) => (
              <SortHeader key={column.key} column={column} sort={sort} desc={desc} onSort={onSort} />
            ))}
          </div>
        </div>
        <div role="rowgroup" className="tbody" style={{ height: virtualizer.getTotalSize() }}>
          {virtualizer.getVirtualItems().map((item) => {
            const row = rows[item.index];
            return row ? <ContainerRow key={item.key} row={row} index={item.index} top={item.start - HEADER_HEIGHT} t={t} language={i18n.language} now={now} /> : null;
          })}
        </div>
      </div>
    </div>
  );
}
