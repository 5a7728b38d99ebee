// The app's own containers stopped or gone for longer than the stale setting, and its images no
// container or rollback uses: removed only through a dry run the user confirms item by item.
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router-dom';
import type { StaleRemovalPlan } from '../../shared/types';
import { useHosts, useStale } from '../api/queries';
import { useStaleDryRun, useStaleRemove } from '../api/mutations';
import { EmptyState } from '../components/EmptyState';
import { ErrorState } from '../components/ErrorState';
import { Loading } from '../components/Loading';
import { PageHeader } from '../components/PageHeader';
import { SimpleTable } from '../components/SimpleTable';
import { StateBadgeText } from '../components/StateBadge';
import { StaleRemovalDialog } from '../components/stale/StaleRemovalDialog';
import { useDocumentTitle } from '../hooks/useDocumentTitle';
import { errorText } from '../i18n/errorText';
import { formatBytes } from '../model/byteFormat';
import { containerDetailPath } from '../model/containerPaths';
import '../styles/stale.css';
import { filterStaleContainers, filterStaleImages, keepListed, staleParamsOf, staleQueryOf, staleWorkloads } from '../model/staleFilter';

const imageKey = (i: { hostId: string; imageId: string }) => `${i.hostId}/${i.imageId}`;

export function StalePage() {
  const { t, i18n } = useTranslation();
  useDocumentTitle(t('stale.title'));
  const stale = useStale();
  const hosts = useHosts().data ?? [];
  const [params, setParams] = useSearchParams();
  const query = staleQueryOf(params);
  const [picked, setPicked] = useState<Set<string>>(new Set());
  const [pickedImages, setPickedImages] = useState<Set<string>>(new Set());
  const [withImages, setWithImages] = useState(true);
  const [withVolumes, setWithVolumes] = useState(false);
  const [plan, setPlan] = useState<StaleRemovalPlan | null>(null);
  const [removed, setRemoved] = useState<number | null>(null);
  const dryRun = useStaleDryRun();
  const remove = useStaleRemove();

  const data = stale.data;
  const { host, workload } = query;
  const rows = useMemo(() => filterStaleContainers(data?.containers ?? [], { host, workload }), [data, host, workload]);
  const images = useMemo(() => filterStaleImages(data?.images ?? [], { host, workload }), [data, host, workload]);
  const selected = keepListed(picked, rows);
  const selectedImages = keepListed(
    pickedImages,
    images.map((i) => ({ id: imageKey(i) })),
  );
  const hostName = (id: string) => hosts.find((h) => h.id === id)?.name ?? id;
  const setFilter = (next: Partial<typeof query>) => setParams(staleParamsOf({ ...query, ...next }), { replace: false });
  const toggle = (set: Set<string>, id: string) => {
    const next = new Set(set);
    if (next.has(id)) next.delete(id);
    else next.add(id);
    return next;
  };

  const review = () => {
    setRemoved(null);
    dryRun.mutate(
      {
        containerIds: [...selected],
        images: images.filter((i) => selectedImages.has(imageKey(i))).map((i) => ({ hostId: i.hostId, imageId: i.imageId })),
        withImages,
        withVolumes,
      },
      { onSuccess: (answer) => setPlan(answer) },
    );
  };
  const confirm = () => {
    if (!plan) return;
    remove.mutate(
      { plan },
      {
        onSuccess: (done) => {
          setRemoved(done.containers.length + done.images.length + done.volumes.length);
          setPlan(null);
          setPicked(new Set());
          setPickedImages(new Set());
        },
      },
    );
  };

  const nothing = data !== undefined && data.containers.length === 0 && data.images.length === 0;
  let body;
  if (stale.isPending) body = <Loading label={t('stale.loading')} />;
  else if (stale.isError && !data) body = <ErrorState title={t('stale.loadFailed')} error={stale.error} onRetry={() => void stale.refetch()} />;
  else if (nothing)
    body = (
      <EmptyState title={t('stale.empty.title')} testId="stale-empty">
        <p>{t('stale.empty.body', { count: data.afterDays })}</p>
      </EmptyState>
    );
  else
    body = (
      <>
        <section className="stale-section" aria-labelledby="stale-containers-heading">
          <h2 id="stale-containers-heading">{t('stale.containers.heading', { count: rows.length })}</h2>
          {rows.length === 0 ? (
            <p className="muted">{t('stale.containers.none')}</p>
          ) : (
            <div className="table-wrap">
              <SimpleTable
                testId="stale-containers"
                caption={t('stale.containers.heading', { count: rows.length })}
                columns={[
                  <input
                    key="all"
                    type="checkbox"
                    aria-label={t('stale.selectAll')}
                    checked={rows.length > 0 && selected.size === rows.length}
                    onChange={(e) => setPicked(e.target.checked ? new Set(rows.map((r) => r.id)) : new Set())}
                  />,
                  t('stale.col.container'),
                  t('stale.col.workload'),
                  t('stale.col.role'),
                  t('stale.col.host'),
                  t('stale.col.state'),
                  t('stale.col.days'),
                ]}
              >
                {rows.map((r) => (
                  <tr key={r.id} data-testid="stale-row" data-name={r.name}>
                    <td>
                      <input
                        type="checkbox"
                        aria-label={t('stale.select', { name: r.name })}
                        checked={selected.has(r.id)}
                        onChange={() => setPicked(toggle(selected, r.id))}
                      />
                    </td>
                    <td>
                      {/* A missing row has no container left to show: the store is all there is. */}
                      {r.state === 'missing' ? (
                        <code>{r.name}</code>
                      ) : (
                        <Link to={containerDetailPath(r.id)} data-testid="stale-detail-link">
                          <code>{r.name}</code>
                        </Link>
                      )}
                    </td>
                    <td>{r.workloadId ? <Link to={`/workloads/${r.workloadId}`}>{r.workloadName ?? r.workloadId}</Link> : '—'}</td>
                    <td>{r.role}</td>
                    <td>{hostName(r.hostId)}</td>
                    <td>
                      <StateBadgeText state={r.state} exitCode={r.exitCode} stopKind={r.stopKind} t={t} />
                    </td>
                    <td className="numeric">{t('stale.days', { count: r.daysStale })}</td>
                  </tr>
                ))}
              </SimpleTable>
            </div>
          )}
        </section>
        {!query.workload && (
          <section className="stale-section" aria-labelledby="stale-images-heading">
            <h2 id="stale-images-heading">{t('stale.images.heading', { count: images.length })}</h2>
            {images.length === 0 ? (
              <p className="muted">{t('stale.images.none')}</p>
            ) : (
              <div className="table-wrap">
                <SimpleTable testId="stale-images" columns={['', t('stale.col.image'), t('stale.col.host'), t('stale.col.size'), t('stale.col.unused')]}>
                  {images.map((i) => (
                    <tr key={imageKey(i)} data-testid="stale-image" data-image={i.imageId}>
                      <td>
                        <input
                          type="checkbox"
                          aria-label={t('stale.select', { name: i.names[0] ?? i.imageId })}
                          checked={selectedImages.has(imageKey(i))}
                          onChange={() => setPickedImages(toggle(selectedImages, imageKey(i)))}
                        />
                      </td>
                      <td>
                        <code>{i.names[0] ?? i.imageId.slice(7, 19)}</code>
                      </td>
                      <td>{hostName(i.hostId)}</td>
                      <td className="numeric">{formatBytes(i.sizeBytes, i18n.language)}</td>
                      <td className="numeric">{t('stale.days', { count: i.daysStale })}</td>
                    </tr>
                  ))}
                </SimpleTable>
              </div>
            )}
          </section>
        )}
        <div className="form-actions stale-actions">
          <label className="checkbox-label">
            <input type="checkbox" checked={withImages} onChange={(e) => setWithImages(e.target.checked)} data-testid="stale-with-images" />
            {t('stale.withImages')}
          </label>
          <label className="checkbox-label">
            <input type="checkbox" checked={withVolumes} onChange={(e) => setWithVolumes(e.target.checked)} data-testid="stale-with-volumes" />
            {t('stale.withVolumes')}
          </label>
          <button
            type="button"
            className="button button-danger"
            data-testid="stale-review"
            disabled={(selected.size === 0 && selectedImages.size === 0) || dryRun.isPending}
            onClick={review}
          >
            {dryRun.isPending ? t('stale.reviewing') : t('stale.review', { count: selected.size + selectedImages.size })}
          </button>
        </div>
        {dryRun.isError && (
          <p className="danger-text wrap" role="alert">
            {errorText(t, dryRun.error)}
          </p>
        )}
      </>
    );

  const workloads = staleWorkloads(data?.containers ?? []);
  return (
    <div className="page">
      <PageHeader title={t('stale.title')} subtitle={data ? t('stale.subtitle', { count: data.afterDays }) : undefined} />
      {!nothing && (
        <div className="filter-bar">
          <div className="filter">
            <label htmlFor="stale-host">{t('stale.col.host')}</label>
            <select id="stale-host" data-testid="stale-host" value={query.host ?? ''} onChange={(e) => setFilter({ host: e.target.value || null })}>
              <option value="">{t('stale.allHosts')}</option>
              {hosts.map((h) => (
                <option key={h.id} value={h.id}>
                  {h.name}
                </option>
              ))}
            </select>
          </div>
          <div className="filter">
            <label htmlFor="stale-workload">{t('stale.col.workload')}</label>
            <select
              id="stale-workload"
              data-testid="stale-workload"
              value={query.workload ?? ''}
              onChange={(e) => setFilter({ workload: e.target.value || null })}
            >
              <option value="">{t('stale.allWorkloads')}</option>
              {workloads.map((w) => (
                <option key={w.id} value={w.id}>
                  {w.name}
                </option>
              ))}
            </select>
          </div>
        </div>
      )}
      {removed !== null && (
        <p className="notice" role="status" data-testid="stale-removed">
          {t('stale.removed', { count: removed })}
        </p>
      )}
      {data && data.unreachableHosts.length > 0 && <p className="muted">{t('stale.unreachable', { hosts: data.unreachableHosts.map(hostName).join(', ') })}</p>}
      {body}
      {plan && (
        <StaleRemovalDialog
          plan={plan}
          hostName={hostName}
          pending={remove.isPending}
          failure={remove.error}
          onConfirm={confirm}
          onClose={() => {
            setPlan(null);
            remove.reset();
          }}
        />
      )}
    </div>
  );
}
