// A React wrapper around one uPlot: created once per options (the caller memoises them), fed new
// data with setData, resized with its container, destroyed on unmount. uPlot draws on a canvas,
// so tens of thousands of points stay cheap where SVG charts build a node per point.
import { useEffect, useRef } from 'react';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';

export interface UPlotChartProps {
  options: Omit<uPlot.Options, 'width' | 'height'>;
  data: uPlot.AlignedData;
  height: number;
  label: string;
  testId?: string;
}

export function UPlotChart({ options, data, height, label, testId }: UPlotChartProps) {
  const box = useRef<HTMLDivElement>(null);
  const plot = useRef<uPlot | null>(null);
  const latest = useRef(data);
  latest.current = data;

  useEffect(() => {
    const element = box.current;
    if (!element) return;
    const chart = new uPlot({ ...options, width: Math.max(element.clientWidth, 100), height }, latest.current, element);
    plot.current = chart;
    const observer = new ResizeObserver(() => {
      if (element.clientWidth > 0) chart.setSize({ width: element.clientWidth, height });
    });
    observer.observe(element);
    return () => {
      observer.disconnect();
      chart.destroy();
      plot.current = null;
    };
  }, [options, height]);

  useEffect(() => {
    // A fresh chart already drew these; later data replaces the points without rebuilding it.
    if (plot.current && plot.current.data !== data) plot.current.setData(data);
  }, [data]);

  return (
    <div ref={box} className="uplot-box" role="img" aria-label={label} data-testid={testId} data-points={data[0]?.length ?? 0} data-series={data.length - 1} />
  );
}
