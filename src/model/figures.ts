// The figures of a RunResult that decisions are made on: each with its unit and the direction that
// is better, declared once here beside the result schema. Repeat summaries, comparisons and gates
// all read figures through this list, so a figure means the same everywhere.

import type { RunResult } from './run-result.js';

type FigureDirection = 'higher' | 'lower';

export interface FigureSpec {
  /** Stable id: the result's field path, e.g. "latencyMs.p99". */
  id: string;
  unit: string;
  better: FigureDirection;
  /** One line for tables and docs. */
  label: string;
}

export interface FigureValue extends FigureSpec {
  /** null when the run did not measure it (no managed backend, no read path, ...). */
  value: number | null;
}

interface StaticFigure extends FigureSpec {
  of(result: RunResult): number | null;
}

const FIGURES: readonly StaticFigure[] = [
  {
    id: 'load.achievedRatePerS',
    unit: 'items/s',
    better: 'higher',
    label: 'accepted items per second',
    of: (r) => r.load.achievedRatePerS,
  },
  {
    id: 'load.acceptedShare',
    unit: 'ratio',
    better: 'higher',
    label: 'accepted / sent',
    of: (r) => (r.load.itemsSent > 0 ? r.load.itemsAccepted / r.load.itemsSent : null),
  },
  {
    id: 'latencyMs.p50',
    unit: 'ms',
    better: 'lower',
    label: 'latency p50',
    of: (r) => latency(r.latencyMs, 'p50'),
  },
  {
    id: 'latencyMs.p99',
    unit: 'ms',
    better: 'lower',
    label: 'latency p99',
    of: (r) => latency(r.latencyMs, 'p99'),
  },
  {
    id: 'latencyMs.p999',
    unit: 'ms',
    better: 'lower',
    label: 'latency p99.9',
    of: (r) => latency(r.latencyMs, 'p999'),
  },
  {
    id: 'serviceTimeMs.p99',
    unit: 'ms',
    better: 'lower',
    label: 'service time p99',
    of: (r) => latency(r.serviceTimeMs, 'p99'),
  },
  {
    id: 'load.droppedSchedules',
    unit: 'requests',
    better: 'lower',
    label: 'dropped schedules',
    of: (r) => r.load.droppedSchedules,
  },
  {
    id: 'backend.coresAvg',
    unit: 'cores',
    better: 'lower',
    label: 'backend cores',
    of: (r) => r.backend.coresAvg,
  },
  {
    id: 'backend.cpuSecondsPerMillionItems',
    unit: 'CPU s / 1M items',
    better: 'lower',
    label: 'backend CPU per item',
    of: (r) => r.backend.cpuSecondsPerMillionItems,
  },
  {
    id: 'backend.rssAvgBytes',
    unit: 'bytes',
    better: 'lower',
    label: 'backend RSS avg',
    of: (r) => r.backend.rssAvgBytes,
  },
  {
    id: 'backend.rssMaxBytes',
    unit: 'bytes',
    better: 'lower',
    label: 'backend RSS peak',
    of: (r) => r.backend.rssMaxBytes,
  },
  {
    id: 'backend.bytesPerItem',
    unit: 'bytes/item',
    better: 'lower',
    label: 'disk bytes per item',
    of: (r) => r.backend.bytesPerItem,
  },
  {
    id: 'backend.compressionRatio',
    unit: 'ratio',
    better: 'higher',
    label: 'compression vs raw OTLP',
    of: (r) => r.backend.compressionRatio,
  },
  {
    id: 'read.freshness.p99Ms',
    unit: 'ms',
    better: 'lower',
    label: 'freshness p99',
    of: (r) => r.read.freshness?.p99Ms ?? null,
  },
  {
    id: 'downstream.latencyMs.p99',
    unit: 'ms',
    better: 'lower',
    label: 'downstream latency p99',
    of: (r) => (r.downstream?.latencyMs ? latency(r.downstream.latencyMs, 'p99') : null),
  },
];

/** A latency percentile, or null when nothing was recorded. */
function latency(summary: RunResult['latencyMs'], key: 'p50' | 'p99' | 'p999'): number | null {
  return summary.count > 0 ? summary[key] : null;
}

/** The id of a read query's p99 figure. */
export function readQueryFigureId(query: string): string {
  return `read.queries.${query}.p99`;
}

/** Every figure of a result, in a stable order: the fixed ones, then each read query's p99. */
export function figuresOf(result: RunResult): FigureValue[] {
  const out: FigureValue[] = FIGURES.map(({ of, ...spec }) => ({ ...spec, value: finite(of(result)) }));
  for (const name of Object.keys(result.read.queries).sort()) {
    const summary = result.read.queries[name];
    out.push({
      id: readQueryFigureId(name),
      unit: 'ms',
      better: 'lower',
      label: `read query ${name} p99`,
      value: summary.count > 0 ? finite(summary.p99) : null,
    });
  }
  return out;
}

/** The declared figure with this id (read query figures included), or undefined. */
export function figureSpec(id: string): FigureSpec | undefined {
  const fixed = FIGURES.find((f) => f.id === id);
  if (fixed) {
    const { of: _of, ...spec } = fixed;
    return spec;
  }
  const query = /^read\.queries\.(.+)\.p99$/.exec(id);
  return query ? { id, unit: 'ms', better: 'lower', label: `read query ${query[1]} p99` } : undefined;
}

/** Ids of the fixed figures, for docs and validation messages. */
export function figureIds(): string[] {
  return FIGURES.map((f) => f.id);
}

function finite(value: number | null): number | null {
  return value !== null && Number.isFinite(value) ? value : null;
}
