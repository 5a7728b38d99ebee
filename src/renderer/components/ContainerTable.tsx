import { elementScroll, observeElementRect, useVirtualizer } from '@tanstack/react-virtual';
import { containerDetailPath, hasDetailPanel } from '../model/containerPaths';
import type { TFunction } from 'i18next';
import { memo, useMemo, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router-dom';
import type { NavigateFunction } from 'react-router-dom';
import type { ConnectionState, ContainerView } from '../../shared/types';
import { hostStateLabel, kindLabel } from '../i18n/labels';
import { rememberingT } from '../i18n/rememberingT';
import { staleAsOf } from '../model/containerFilter';
import { ProvenanceBadge } from './provenance/ProvenanceBadge';
import type { SortKey } from '../model/containerQuery';
import { useNow } from '../hooks/useNow';
import { Icon } from './Icon';
import { RelativeTimeText } from './RelativeTime';
import { StaleNote, staleAgo } from './StaleNote';
import { StateBadgeText } from './StateBadge';
import { displayImage } from '../../shared/imageName';
import { useLatestSample } from '../api/statsQueries';
import { useContainerUpdates } from '../api/queries';
import type { ContainerUpdateView } from '../../shared/registryWatch';
import { UpdateBadge } from './registryWatch/UpdateBadge';
import { formatBytes } from '../model/byteFormat';

/** What a row needs to know of its host: its name, and whether its Docker is connected right now. */
export interface RowHost {
  name: string;
  state: ConnectionState;
  since: number;
}

// Fixed heights let the virtualiser place rows without measuring them; keep in step with table.css.
export const ROW_HEIGHT = 36;
const HEADER_HEIGHT = 34;

/**
 * The scroll element's size from a ResizeObserver alone. The library's observer also reads it at
 * once, inside React's commit, which forces a layout of the whole page there (the costliest part of
 * the first render with rows, measured) before the browser lays it out anyway for the frame. A
 * ResizeObserver reports right after that layout and before paint, so the size is as current; until
 * it does, `initialRect` stands in.
 */
const observeSizeAfterLayout: typeof observeElementRect = (instance, cb) => {
  const element = instance.scrollElement;
  const Observer = instance.targetWindow?.ResizeObserver;
  if (!element || !Observer) return observeElementRect(instance, cb);
  const observer = new Observer(() => {
    laidOut.add(element);
    cb({ width: element.clientWidth, height: element.clientHeight });
  });
  observer.observe(element, { box: 'content-box' });
  return () => observer.disconnect();
};

/** Scroll elements the browser has laid out (their ResizeObserver has reported). */
const laidOut = new WeakSet<Element>();

/**
 * The library's scroll write, less the one it makes on mount to put the element at offset 0, where
 * a new element already is: that write, like the size read above, forces a layout inside the commit.
 */
const scrollUnlessAlreadyThere: typeof elementScroll = (offset, options, instance) => {
  const element = instance.scrollElement;
  if (element && !laidOut.has(element) && offset + (options.adjustments ?? 0) === 0) return;
  elementScroll(offset, options, instance);
};

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

/**
 * A link inside a row. React Router's Link resolves its path against the route tree and subscribes
 * to the router (three hooks) for each instance, and a first render of the table holds fifty of
 * them; under the hash router `#` + path is the same href, and a plain click navigates the same way
 * (pushState through the router). Modified clicks and other buttons keep the browser's behaviour.
 */
function RowLink({ to, navigate, ...anchor }: { to: string; navigate: NavigateFunction } & Omit<React.AnchorHTMLAttributes<HTMLAnchorElement>, 'href'>) {
  return (
    <a
      {...anchor}
      href={`#${to}`}
      onClick={(event) => {
        if (event.defaultPrevented || event.button !== 0 || event.metaKey || event.altKey || event.ctrlKey || event.shiftKey) return;
        event.preventDefault();
        void navigate(to);
      }}
    />
  );
}

/**
 * A row's live CPU and memory. Each subscribes to its own container's sample in the cache, so a
 * tick re-renders these two cells of the rows in view and neither the table nor the rest of a row.
 */
function LiveStatsCells({ containerId, running, t, language }: { containerId: string; running: boolean; t: TFunction; language: string }) {
  const sample = useLatestSample(containerId);
  const live = running ? sample : undefined;
  return (
    <>
      <div role="cell" className="cell cell-number" data-testid="container-cpu">
        {live ? t('stats.percent', { value: live.cpu.toFixed(live.cpu < 10 ? 1 : 0) }) : <span className="muted">{t('stats.noSample')}</span>}
      </div>
      <div role="cell" className="cell cell-number" data-testid="container-mem">
        {live ? formatBytes(live.mem, language) : <span className="muted">{t('stats.noSample')}</span>}
      </div>
    </>
  );
}

interface RowProps {
  row: ContainerView;
  index: number;
  top: number;
  hostName: string;
  /** The host's state when it is not up (the row is then stale), else null. */
  hostState: ConnectionState | null;
  /** When the row's state was last confirmed, if its host is not connected. */
  asOf: number | null;
  t: TFunction;
  navigate: NavigateFunction;
  language: string;
  now: number;
  /** The row's registry-watch badge, when its stage or service is watched. */
  update: ContainerUpdateView | undefined;
}

/**
 * One row, memoised, with `t`, the language and the clock passed in: thirty rows with three
 * translation hooks each cost more than the rest of a first render of 5,000 containers.
 */
const ContainerRow = memo(function ContainerRow({ row, index, top, hostName, hostState, asOf, t, navigate, language, now, update }: RowProps) {
  const stale = asOf !== null && hostState !== null;
  const staleTitle =
    asOf !== null && hostState !== null
      ? t('containers.staleTitle', { host: hostName, hostState: hostStateLabel(t, hostState), ago: staleAgo(t, asOf, now, language) })
      : undefined;
  return (
    <div
      role="row"
      className={stale ? 'row vrow row-stale' : 'row vrow'}
      aria-rowindex={index + 2}
      data-testid="container-row"
      data-container-name={row.name}
      data-host-id={row.hostId}
      data-state={row.state}
      data-stale={stale || undefined}
      data-provenance={row.provenance}
      style={{ transform: `translateY(${top}px)` }}
    >
      <div role="cell" className="cell cell-strong cell-with-action" title={row.name}>
        {/* The detail panel opens for the app's own containers only (the engine refuses the others). */}
        {hasDetailPanel(row) ? (
          <RowLink to={containerDetailPath(row.id)} navigate={navigate} className="row-name-link" data-testid="container-detail-link">
            {row.name}
          </RowLink>
        ) : (
          row.name
        )}
        {/* Logs are read through the workload that owns the container, and only of one the app created
            or the user trusted (the engine checks both). */}
        {row.workloadId && hasDetailPanel(row) && (
          <RowLink
            to={containerDetailPath(row.id, 'logs')}
            navigate={navigate}
            className="row-action"
            aria-label={t('containers.logsFor', { name: row.name })}
            data-testid="container-logs-link"
          >
            {t('containers.logs')}
          </RowLink>
        )}
      </div>
      <div role="cell" className="cell" title={hostName}>
        {hostName}
      </div>
      <div role="cell" className="cell" title={row.workloadName ?? undefined}>
        {row.workloadId && row.workloadName ? (
          <RowLink to={`/workloads/${encodeURIComponent(row.workloadId)}`} navigate={navigate}>
            {row.workloadName}
          </RowLink>
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
      <div role="cell" className="cell" title={staleTitle}>
        <StateBadgeText state={row.state} health={row.health} exitCode={row.exitCode} stopKind={row.stopKind} stale={stale} t={t} />
        <ProvenanceBadge provenance={row.provenance} t={t} />
        <UpdateBadge update={update} t={t} />
        {asOf !== null && stale && <StaleNote asOf={asOf} now={now} language={language} t={t} />}
      </div>
      <LiveStatsCells containerId={row.id} running={row.state === 'running' && !stale} t={t} language={language} />
      <div role="cell" className="cell mono" title={row.image}>
        {displayImage(row.image)}
      </div>
      <div role="cell" className="cell">
        <RelativeTimeText at={row.lastSeenAt} now={now} language={language} t={t} />
      </div>
    </div>
  );
});

/**
 * Text in each of the table's type styles, laid out but never shown, for the page to draw while it
 * waits for its rows. The first layout that uses a font (a family at a weight and a size) has the
 * browser match it, a round trip to the browser process per family tried, and the rows and their
 * header use a dozen fonts the rest of the frame does not (the monospace stack tries five absent
 * families on Linux first). Measured: 20-40 ms of the layout that first showed the rows; made here,
 * during the wait, they are done before the answer comes. No text, no rows, no roles: only styles.
 */
export function TableTypeSample() {
  return (
    <div className="table container-table type-sample" aria-hidden="true">
      <div className="row head-row">
        <div className="cell">
          <span className="sort-button">
            <span className="sort-label">0</span>
          </span>
        </div>
      </div>
      <div className="row vrow row-stale">
        <div className="cell cell-strong cell-with-action">
          0<span className="row-action">0</span>
        </div>
        <div className="cell">
          0<span className="muted">0</span>
        </div>
        <div className="cell">
          <span className="state">
            <span className="badge badge-ok badge-stale">
              <span className="badge-dot" />0
            </span>
            <span className="badge badge-subtle badge-warn badge-provenance">0</span>
          </span>
          <span className="stale-note">0</span>
        </div>
        <div className="cell mono">0</div>
        <div className="cell">
          <time>0</time>
        </div>
      </div>
    </div>
  );
}

/**
 * A div table with ARIA table semantics, virtualised: only the rows in view (plus a margin) are in
 * the DOM, so 5,000 containers scroll as smoothly as 50.
 */
export function ContainerTable({
  rows,
  hosts,
  sort,
  desc,
  onSort,
}: {
  rows: readonly ContainerView[];
  /** By host id; a row whose host is not listed shows the id and is taken as live. */
  hosts: ReadonlyMap<string, RowHost>;
  sort: SortKey | null;
  desc: boolean;
  onSort(key: SortKey): void;
}) {
  const { t: translate, i18n } = useTranslation();
  // Rows share most of their words; see rememberingT.ts.
  const t = useMemo(() => rememberingT(translate), [translate]);
  const navigate = useNavigate();
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
    // Without a size the first render has no rows, and a second one follows the measurement. The
    // window's height is an upper bound of the scroll element's, so the first render already holds
    // every row in view (and a few more, dropped once the measured size arrives).
    initialRect: { width: 0, height: window.innerHeight },
    observeElementRect: observeSizeAfterLayout,
    scrollToFn: scrollUnlessAlreadyThere,
  });

  // "Running, as of 5 minutes ago" needs a wider state column; give it one only while some row is stale.
  const hasStale = useMemo(() => {
    const away = new Set([...hosts].filter(([, host]) => host.state !== 'up').map(([id]) => id));
    return away.size > 0 && rows.some((row) => away.has(row.hostId));
  }, [hosts, rows]);

  // Likewise for "Running" plus an "unverified" or an "update available" badge.
  const updates = useContainerUpdates();
  const hasFlagged = useMemo(() => rows.some((row) => row.provenance !== 'created' || updates.data?.get(row.id)?.state === 'update'), [rows, updates.data]);

  const columns: Column[] = [
    { key: 'name', label: t('containers.column.name') },
    { key: 'host', label: t('containers.column.host') },
    { key: 'workload', label: t('containers.column.workload') },
    { key: 'kind', label: t('containers.column.kind') },
    { key: 'role', label: t('containers.column.role') },
    { key: 'state', label: t('containers.column.state') },
    { key: 'image', label: t('containers.column.image') },
    { key: 'lastSeen', label: t('containers.column.lastSeen') },
  ];

  return (
    <div className="table-scroll" ref={scrollRef} tabIndex={0} aria-label={t('containers.tableLabel')} role="region">
      <div
        role="table"
        className={`table container-table${hasStale ? ' container-table-stale' : ''}${hasFlagged ? ' container-table-flagged' : ''}`}
        aria-rowcount={rows.length + 1}
        aria-label={t('containers.tableLabel')}
      >
        <div role="rowgroup" className="thead">
          <div role="row" className="row head-row" aria-rowindex={1}>
            {columns.slice(0, 6).map((column) => (
              <SortHeader key={column.key} column={column} sort={sort} desc={desc} onSort={onSort} />
            ))}
            {/* Live numbers change every 5 s: sorting by them would reorder rows under the pointer. */}
            <div role="columnheader" className="cell cell-number">
              {t('containers.column.cpu')}
            </div>
            <div role="columnheader" className="cell cell-number">
              {t('containers.column.memory')}
            </div>
            {columns.slice(6).map((column) => (
              <SortHeader key={column.key} column={column} sort={sort} desc={desc} onSort={onSort} />
            ))}
          </div>
        </div>
        <div role="rowgroup" className="tbody" style={{ height: virtualizer.getTotalSize() }}>
          {virtualizer.getVirtualItems().map((item) => {
            const row = rows[item.index];
            if (!row) return null;
            const host = hosts.get(row.hostId);
            const asOf = staleAsOf(row, host);
            return (
              <ContainerRow
                key={item.key}
                row={row}
                index={item.index}
                top={item.start - HEADER_HEIGHT}
                hostName={host?.name ?? row.hostId}
                hostState={asOf !== null && host ? host.state : null}
                asOf={asOf}
                t={t}
                navigate={navigate}
                language={i18n.language}
                now={now}
                update={updates.data?.get(row.id)}
              />
            );
          })}
        </div>
      </div>
    </div>
  );
}
