// What the page's script draws: each chart as plain data (x values, series, axes with units), so
// the decisions about what to chart stay here in TypeScript and the browser code only draws.

import type { RunResult, TimeseriesPoint } from '../../model/run-result.js';
import { type PercentileDistribution, percentileDistribution } from './distribution.js';

/** A CSS custom property of the page's palette; the script resolves it for light or dark. */
export type SeriesColor = '--c-sent' | '--c-accepted' | '--c-backend' | '--c-a' | '--c-b' | '--c-third';

interface ChartSeries {
  label: string;
  /** Index into the chart's y axes. */
  axis: number;
  color: SeriesColor;
  values: (number | null)[];
  dash?: boolean;
  points?: boolean;
}

export interface ChartSpec {
  /** Unique in the page; also the id of the element the chart is drawn into. */
  id: string;
  title: string;
  /** `seconds`: time into the measured phase; `percentile`: 1 / (1 - p) on a log scale; `rate`: items/s. */
  x: { label: string; kind: 'seconds' | 'percentile' | 'rate'; values: number[] };
  /** y axes, left first; `fromZero` anchors the axis at 0. */
  axes: { label: string; fromZero: boolean }[];
  series: ChartSeries[];
  /** A vertical line at this x (the sustained rate of a capacity search). */
  markX?: { value: number; label: string };
}

/**
 * A second's latency p99, or null (a gap in the line) when no request completed in it and no
 * latency was recorded: the result stores 0 there, and a stall drawn as 0 ms would look like the
 * best second of the run.
 */
export function p99OfSecond(p: TimeseriesPoint): number | null {
  return p.acceptedPerS + p.failedPerS === 0 && p.latencyP99Ms === 0 ? null : p.latencyP99Ms;
}

/** The charts of one run: throughput, p99 per second, percentile distribution, backend usage. */
export function runCharts(result: RunResult, prefix: string): { charts: ChartSpec[]; notes: string[] } {
  const ts = result.timeseries;
  const seconds = {
    label: 'time into the measured phase (s)',
    kind: 'seconds' as const,
    values: ts.map((p) => p.tS),
  };
  const charts: ChartSpec[] = [];
  const notes: string[] = [];
  const backendAccepted = ts.some((p) => p.backendAcceptedPerS !== undefined);
  charts.push({
    id: `${prefix}-throughput`,
    title: 'Items per second: sent vs accepted',
    x: seconds,
    axes: [{ label: 'items/s', fromZero: true }],
    series: [
      { label: 'sent/s', axis: 0, color: '--c-sent', values: ts.map((p) => p.sentPerS) },
      {
        label: 'accepted/s (answers)',
        axis: 0,
        color: '--c-accepted',
        values: ts.map((p) => p.acceptedPerS),
      },
      ...(backendAccepted
        ? [
            {
              label: 'accepted/s (backend counter)',
              axis: 0,
              color: '--c-backend' as const,
              dash: true,
              values: ts.map((p) => p.backendAcceptedPerS ?? null),
            },
          ]
        : []),
    ],
  });
  charts.push({
    id: `${prefix}-latency`,
    title: 'Latency p99 per second',
    x: seconds,
    axes: [{ label: 'latency p99 (ms)', fromZero: true }],
    series: [{ label: 'p99 ms', axis: 0, color: '--c-accepted', values: ts.map(p99OfSecond) }],
  });
  const distribution = percentileDistribution(result.latencyMs, result.serviceTimeMs);
  if (distribution) charts.push(distributionChart(`${prefix}-distribution`, distribution));
  else notes.push('No latency was recorded, so there is no percentile distribution.');
  const cores = ts.some((p) => p.backendCpuCores !== undefined);
  const rss = ts.some((p) => p.backendRssBytes !== undefined);
  if (cores || rss) {
    charts.push({
      id: `${prefix}-backend`,
      title: `Backend ${result.backend.name}: cores and RSS`,
      x: seconds,
      axes: [
        { label: 'cores', fromZero: true },
        { label: 'RSS (MB)', fromZero: true },
      ],
      series: [
        { label: 'cores', axis: 0, color: '--c-accepted', values: ts.map((p) => p.backendCpuCores ?? null) },
        {
          label: 'RSS MB',
          axis: 1,
          color: '--c-backend',
          values: ts.map((p) => (p.backendRssBytes === undefined ? null : p.backendRssBytes / 1e6)),
        },
      ],
    });
  } else {
    notes.push(
      `No backend process was sampled (${result.backend.name}: built-in sink or external backend), so there is no cores/RSS chart.`,
    );
  }
  return { charts, notes };
}

function distributionChart(id: string, d: PercentileDistribution): ChartSpec {
  return {
    id,
    title: 'Latency by percentile (HDR histogram)',
    x: { label: 'percentile', kind: 'percentile', values: d.x },
    axes: [{ label: 'latency (ms)', fromZero: true }],
    series: [
      { label: 'latency (from due time)', axis: 0, color: '--c-accepted', values: d.latencyMs },
      { label: 'service time (from send)', axis: 0, color: '--c-sent', dash: true, values: d.serviceTimeMs },
    ],
  };
}

/**
 * One figure per second for several runs on one x axis (0 .. the longest run), each run a series:
 * the A runs in one colour, the B runs in another.
 */
export function overlayChart(
  id: string,
  title: string,
  axis: string,
  sides: { label: string; color: SeriesColor; runs: RunResult[] }[],
  of: (p: TimeseriesPoint) => number | null,
): ChartSpec {
  const seconds = [
    ...new Set(sides.flatMap((s) => s.runs.flatMap((r) => r.timeseries.map((p) => p.tS)))),
  ].sort((a, b) => a - b);
  const series: ChartSeries[] = sides.flatMap((side) =>
    side.runs.map((run, i) => {
      const byS = new Map(run.timeseries.map((p) => [p.tS, of(p)]));
      return {
        label: side.runs.length > 1 ? `${side.label} run ${i + 1}` : side.label,
        axis: 0,
        color: side.color,
        dash: side.color === '--c-b',
        values: seconds.map((s) => byS.get(s) ?? null),
      };
    }),
  );
  return {
    id,
    title,
    x: { label: 'time into the measured phase (s)', kind: 'seconds', values: seconds },
    axes: [{ label: axis, fromZero: true }],
    series,
  };
}
