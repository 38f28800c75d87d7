/**
 * One small uPlot chart (no CDN: bundled by Vite), themed by CSS variables (--chart-1…--chart-6, --muted,
 * --border), resized with its container. Always renders the figures as a visually hidden table too, so screen
 * readers (and environments without a canvas) get the data.
 */
import { useEffect, useRef } from 'react';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import { clockTime } from '../format';

export interface ChartSeries {
  label: string;
  values: (number | null)[];
}

export interface ChartProps {
  title: string;
  /** Unix ms, one per point. */
  x: number[];
  series: ChartSeries[];
  unit?: string;
  height?: number;
  /** Re-theme trigger (e.g. the theme setting). */
  theme?: string;
}

function canvasAvailable(): boolean {
  try {
    return document.createElement('canvas').getContext('2d') !== null;
  } catch {
    return false;
  }
}

const cssVar = (name: string, fallback: string): string => getComputedStyle(document.documentElement).getPropertyValue(name).trim() || fallback;

export function Chart({ title, x, series, unit = '', height = 160, theme }: ChartProps) {
  const box = useRef<HTMLDivElement>(null);

  useEffect(() => {
    const el = box.current;
    if (!el || !canvasAvailable()) return undefined;
    const text = cssVar('--muted', '#888');
    const grid = cssVar('--border', '#ccc');
    const opts: uPlot.Options = {
      width: Math.max(200, el.clientWidth),
      height,
      legend: { show: series.length > 1 },
      scales: { x: { time: true } },
      axes: [
        { stroke: text, grid: { stroke: grid, width: 1 }, ticks: { stroke: grid } },
        { stroke: text, grid: { stroke: grid, width: 1 }, ticks: { stroke: grid }, size: 50 },
      ],
      series: [{}, ...series.map((s, i) => ({ label: s.label, stroke: cssVar(`--chart-${(i % 6) + 1}`, '#0a84ff'), width: 2, spanGaps: false }))],
    };
    const data: uPlot.AlignedData = [x.map((t) => t / 1000), ...series.map((s) => s.values)];
    const plot = new uPlot(opts, data, el);
    const ro = typeof ResizeObserver === 'function' ? new ResizeObserver(() => plot.setSize({ width: Math.max(200, el.clientWidth), height })) : null;
    ro?.observe(el);
    return () => {
      ro?.disconnect();
      plot.destroy();
    };
  }, [x, series, height, theme]);

  return (
    <figure className="chart">
      <figcaption className="chart__title">{title}</figcaption>
      <div ref={box} className="chart__plot" aria-hidden="true" />
      <table className="visually-hidden">
        <caption>{title}</caption>
        <thead>
          <tr>
            <th scope="col">Hour</th>
            {series.map((s) => (
              <th scope="col" key={s.label}>
                {s.label}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {x.map((t, i) => (
            <tr key={t}>
              <th scope="row">{clockTime(t)}</th>
              {series.map((s) => (
                <td key={s.label}>{s.values[i] === null || s.values[i] === undefined ? '—' : `${Math.round(s.values[i]!)}${unit}`}</td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </figure>
  );
}
