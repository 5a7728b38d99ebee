// Stats charts: one container's CPU, memory, network and block I/O; a workload's or a host's CPU
// and memory stacked by container. Range buttons pick the tier; live samples extend the lines while
// the chart is open (patched into the cache by stats.samples); deploys and rollbacks are marked.
import { useCallback, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type uPlot from 'uplot';
import { STATS_RANGES } from '../../../shared/stats';
import type { StatsHistory, StatsMarker, StatsRange, StatsScope } from '../../../shared/stats';
import { useStatsHistory } from '../../api/statsQueries';
import type { Translate } from '../../i18n/labels';
import { MARKER_COLORS, colorOf, seconds, stacked } from './chartData';
import type { Measure } from './chartData';
import { UPlotChart } from './UPlotChart';
import { byteTickLabels, numberTickLabels } from './axisTicks';
import { markerLabelBox } from './markerPlacement';
import { markerLabel, rangeLabel } from './statsLabels';
import { timeAxisLabels } from './timeAxis';
import '../../styles/stats.css';

const CHART_HEIGHT = 160;

export function RangeButtons({ range, onChange }: { range: StatsRange; onChange(range: StatsRange): void }) {
  const { t } = useTranslation();
  return (
    <div className="segmented" role="group" aria-label={t('stats.rangeLabel')}>
      {STATS_RANGES.map((r) => (
        <button
          key={r}
          type="button"
          className={r === range ? 'segment active' : 'segment'}
          aria-pressed={r === range}
          onClick={() => onChange(r)}
          data-testid={`stats-range-${r}`}
        >
          {rangeLabel(t, r)}
        </button>
      ))}
    </div>
  );
}

/**
 * Vertical lines on the time axis for deploys and rollbacks, with their kind written at the top,
 * inside the plot on a patch of its background: a label never runs over the value axis's tick
 * labels (a Russian word is long) or past the right edge, and grid lines do not cross it.
 */
function markersPlugin(markersOf: () => readonly StatsMarker[], t: Translate): uPlot.Plugin {
  return {
    hooks: {
      draw: [
        (u) => {
          const markers = markersOf();
          const { ctx, bbox } = u;
          const px = devicePixelRatio;
          ctx.save();
          ctx.font = `${11 * px}px system-ui, sans-serif`;
          // uPlot leaves the value axis's alignment on the context ('right'): without this, a label
          // drawn "right of its line" ran leftwards, over the line and onto the axis's top tick label.
          ctx.textAlign = 'left';
          ctx.textBaseline = 'top';
          for (const m of markers) {
            const x = Math.round(u.valToPos(m.at / 1000, 'x', true));
            if (x < bbox.left || x > bbox.left + bbox.width) continue;
            ctx.strokeStyle = MARKER_COLORS[m.kind];
            ctx.setLineDash([4 * px, 3 * px]);
            ctx.lineWidth = px;
            ctx.beginPath();
            ctx.moveTo(x, bbox.top);
            ctx.lineTo(x, bbox.top + bbox.height);
            ctx.stroke();
            const text = markerLabel(t, m.kind);
            const box = markerLabelBox({
              lineX: x,
              textWidth: ctx.measureText(text).width,
              plotLeft: bbox.left,
              plotRight: bbox.left + bbox.width,
              plotTop: bbox.top,
              px,
            });
            ctx.fillStyle = 'rgba(255, 255, 255, 0.85)';
            ctx.fillRect(box.left, box.top, box.width, box.height);
            ctx.fillStyle = MARKER_COLORS[m.kind];
            ctx.fillText(text, box.textX, box.textY);
          }
          ctx.restore();
        },
      ],
    },
  };
}

/** An axis's tick labels from its tick values (all at once: the decimals depend on the neighbours). */
type Format = (values: number[]) => string[];

/**
 * A stable getter of the latest value. The markers reach uPlot's draw hook through it, so a range
 * switch (a new history, new markers) feeds the chart with setData instead of rebuilding it.
 */
function useCurrent<T>(value: T): () => T {
  const ref = useRef(value);
  ref.current = value;
  return useCallback(() => ref.current, []);
}

function useFormats(): { percent: Format; bytes: Format; rate: Format } {
  const { t, i18n } = useTranslation();
  return useMemo(
    () => ({
      percent: (values: number[]) => numberTickLabels(values, i18n.language, (value) => t('stats.percent', { value })),
      bytes: (values: number[]) => byteTickLabels(values, i18n.language),
      rate: (values: number[]) => byteTickLabels(values, i18n.language, (value) => t('stats.perSecond', { value })),
    }),
    [t, i18n.language],
  );
}

/** The value axis's width in CSS px: room for its longest label ("1,25 кБ/с"), never narrower than 70. */
function valueAxisSize(_u: uPlot, values: string[] | null): number {
  const longest = Math.max(0, ...(values ?? []).map((v) => v.length));
  return Math.max(70, 20 + Math.ceil(longest * 6.5));
}

/**
 * A line's width in CSS px. Stacked charts draw 1 px: at 1.5 px each of fifty dense outlines is
 * stroked as a polygon with round joins, and rasterising those took ~100 ms of a 7 d switch
 * (CanvasRenderingContext2D::FinalizeFrame in a trace) against ~10 ms for 1 px lines; with fifty
 * bands a couple of pixels tall, the thinner outline also hides less of each band's fill.
 */
const LINE_WIDTH = 1.5;
const STACKED_LINE_WIDTH = 1;

function chartOptions(
  series: { label: string; color: string; fill?: boolean }[],
  lineWidth: number,
  format: Format,
  markersOf: () => readonly StatsMarker[],
  t: Translate,
  language: string,
): Omit<uPlot.Options, 'width' | 'height'> {
  return {
    legend: { show: false },
    // No hover dots: one DOM node per series per chart, fifty on a busy workload's, for little use.
    cursor: { drag: { x: false, y: false }, points: { show: false } },
    scales: { x: { time: true }, y: { range: (_u, _min, max) => [0, max > 0 ? max * 1.1 : 1] } },
    axes: [
      {
        stroke: '#6b7280',
        grid: { stroke: '#eef0f3' },
        size: 44,
        values: (_u, splits, _axis, _space, increment) => timeAxisLabels(splits, increment, language),
      },
      { stroke: '#6b7280', grid: { stroke: '#eef0f3' }, size: valueAxisSize, values: (_u, values) => format(values) },
    ],
    series: [
      {},
      ...series.map((s) => ({
        label: s.label,
        stroke: s.color,
        width: lineWidth,
        fill: s.fill ? `${s.color}55` : undefined,
        spanGaps: false,
        points: { show: false },
      })),
    ],
    plugins: [markersPlugin(markersOf, t)],
  };
}

function Legend({ items }: { items: { label: string; color: string }[] }) {
  return (
    <ul className="stats-legend">
      {items.map((item) => (
        <li key={item.label}>
          <span className="stats-swatch" style={{ background: item.color }} />
          {item.label}
        </li>
      ))}
    </ul>
  );
}

/** One measure of a workload or host, stacked by container. */
function StackedChart({ history, measure, title, format, testId }: { history: StatsHistory; measure: Measure; title: string; format: Format; testId: string }) {
  const { t, i18n } = useTranslation();
  const markersOf = useCurrent(history.markers);
  const names = history.series.map((s) => s.name);
  // Top of the stack first, as the sums are.
  const options = useMemo(
    () => chartOptions(names.map((label, i) => ({ label, color: colorOf(i), fill: true })).reverse(), STACKED_LINE_WIDTH, format, markersOf, t, i18n.language),
    [names.join('\n'), markersOf, format, t, i18n.language],
  );
  const data = useMemo(() => [seconds(history.times), ...stacked(history, measure)] as uPlot.AlignedData, [history, measure]);
  return (
    <figure className="stats-chart">
      <figcaption>{title}</figcaption>
      <UPlotChart options={options} data={data} height={CHART_HEIGHT} label={title} testId={testId} />
    </figure>
  );
}

/** Some measures of one container, as lines. */
function LinesChart({
  history,
  measures,
  title,
  format,
  testId,
}: {
  history: StatsHistory;
  measures: { measure: Measure; label: string }[];
  title: string;
  format: Format;
  testId: string;
}) {
  const { t, i18n } = useTranslation();
  const markersOf = useCurrent(history.markers);
  const series = history.series[0];
  const options = useMemo(
    () =>
      chartOptions(
        measures.map((m, i) => ({ label: m.label, color: colorOf(i), fill: measures.length === 1 })),
        LINE_WIDTH,
        format,
        markersOf,
        t,
        i18n.language,
      ),
    [markersOf, format, t, i18n.language],
  );
  const data = useMemo(() => [seconds(history.times), ...measures.map((m) => series?.[m.measure] ?? [])] as uPlot.AlignedData, [history, series]);
  return (
    <figure className="stats-chart">
      <figcaption>{title}</figcaption>
      <UPlotChart options={options} data={data} height={CHART_HEIGHT} label={title} testId={testId} />
      {measures.length > 1 && <Legend items={measures.map((m, i) => ({ label: m.label, color: colorOf(i) }))} />}
    </figure>
  );
}

function StatsBody({ scope, history }: { scope: StatsScope; history: StatsHistory }) {
  const { t } = useTranslation();
  const f = useFormats();
  if (history.series.length === 0) return <p className="muted">{t('stats.empty')}</p>;
  if (scope === 'container') {
    return (
      <div className="stats-grid">
        <LinesChart
          history={history}
          measures={[{ measure: 'cpu', label: t('stats.cpu') }]}
          title={t('stats.cpu')}
          format={f.percent}
          testId="stats-chart-cpu"
        />
        <LinesChart
          history={history}
          measures={[{ measure: 'mem', label: t('stats.memory') }]}
          title={t('stats.memory')}
          format={f.bytes}
          testId="stats-chart-mem"
        />
        <LinesChart
          history={history}
          measures={[
            { measure: 'netRx', label: t('stats.received') },
            { measure: 'netTx', label: t('stats.sent') },
          ]}
          title={t('stats.network')}
          format={f.rate}
          testId="stats-chart-net"
        />
        <LinesChart
          history={history}
          measures={[
            { measure: 'blkRead', label: t('stats.read') },
            { measure: 'blkWrite', label: t('stats.written') },
          ]}
          title={t('stats.blockIo')}
          format={f.rate}
          testId="stats-chart-block"
        />
      </div>
    );
  }
  return (
    <>
      <div className="stats-grid">
        <StackedChart history={history} measure="cpu" title={t('stats.cpu')} format={f.percent} testId="stats-chart-cpu" />
        <StackedChart history={history} measure="mem" title={t('stats.memory')} format={f.bytes} testId="stats-chart-mem" />
      </div>
      <Legend items={history.series.map((s, i) => ({ label: s.name, color: colorOf(i) }))} />
    </>
  );
}

function StatsPanel({ scope, id, title }: { scope: StatsScope; id: string; title: string }) {
  const { t } = useTranslation();
  const [range, setRange] = useState<StatsRange>('1h');
  const query = useStatsHistory(scope, id, range);
  return (
    <section className="card stats-panel" aria-label={title} data-testid={`stats-panel-${scope}`}>
      <div className="card-head">
        <h2>{title}</h2>
        <RangeButtons range={range} onChange={setRange} />
      </div>
      {query.data ? (
        <StatsBody scope={scope} history={query.data} />
      ) : query.isError ? (
        <p className="error-text">{t('stats.loadFailed')}</p>
      ) : (
        <p className="muted">{t('stats.loading')}</p>
      )}
    </section>
  );
}

/** One container's charts; the container detail panel shows this. */
export function ContainerStatsChart({ containerId }: { containerId: string }) {
  const { t } = useTranslation();
  return <StatsPanel scope="container" id={containerId} title={t('stats.containerTitle')} />;
}

export function WorkloadStatsChart({ workloadId }: { workloadId: string }) {
  const { t } = useTranslation();
  return <StatsPanel scope="workload" id={workloadId} title={t('stats.workloadTitle')} />;
}

export function HostStatsChart({ hostId, hostName }: { hostId: string; hostName: string }) {
  const { t } = useTranslation();
  return <StatsPanel scope="host" id={hostId} title={t('stats.hostTitle', { host: hostName })} />;
}
