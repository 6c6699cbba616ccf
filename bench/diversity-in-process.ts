// Are templated requests (load/template-replay.ts) as diverse as fresh ones, in process, no
// network? One worker's request stream is built exactly as the worker builds it, (a) generated
// and encoded per request and (b) replayed from the default template pool, for the default trace
// and log shapes at batch 1000; every request is walked (otlp-walk.ts) and counted
// (diversity-counts.ts). Each figure has its rule and a met.

import { getEncoder } from '../src/encoders/index.js';
import { TraceIdWriter } from '../src/generators/ids.js';
import { createGenerator } from '../src/generators/index.js';
import { TemplateReplay } from '../src/load/template-replay.js';
import type { Signal } from '../src/model/index.js';
import { DEFAULT_LOG_SHAPE, DEFAULT_TRACE_SHAPE } from '../src/model/shapes.js';
import { DEFAULT_LOAD } from '../src/scenario/defaults.js';
import { type LogCountFigures, LogCounts, type TraceCountFigures, TraceCounts } from './diversity-counts.js';
import { DIVERSITY_TOLERANCE, ratioOf, withinTolerance } from './diversity-rule.js';
import { walkLogs, walkTraces } from './otlp-walk.js';

const SEED = 1;
/** The simulated clock's start (2026-01-01T00:00:00Z), microseconds: same input, same figures. */
const START_US = 1_767_225_600_000_000;

export type RequestMode = 'fresh' | 'templates';

export interface InProcessOptions {
  batchSize: number;
  /** Items in each counted window (distinct per window). */
  windowItems: number;
  /** Items in the whole stream. */
  totalItems: number;
  poolItems: number;
  /** The send rate the simulated clock advances at: request k is sent at k * batchSize / rate. */
  ratePerS: number;
}

export const DEFAULT_IN_PROCESS: InProcessOptions = {
  batchSize: 1000,
  windowItems: 100_000,
  totalItems: 1_000_000,
  poolItems: DEFAULT_LOAD.templatePoolItems,
  ratePerS: 50_000,
};

/** A worker's next request body, sent at `nowUs`: fresh (generate + encode) or a patched template. */
function requestSource(
  signal: 'traces' | 'logs',
  mode: RequestMode,
  o: InProcessOptions,
): (nowUs: number) => { bytes: Uint8Array; length: number; items: number } {
  const ctx = { seed: SEED, workerIndex: 0, workerCount: 1, startTimeUnixUs: START_US, runNonce: START_US };
  const generator =
    signal === 'traces'
      ? createGenerator('traces', DEFAULT_TRACE_SHAPE, ctx)
      : createGenerator('logs', DEFAULT_LOG_SHAPE, ctx);
  const encoder = getEncoder(signal, 'otlp-proto');
  if (mode === 'fresh') {
    return (nowUs) => {
      const batch = generator.next(o.batchSize, nowUs);
      const bytes = encoder.encode(batch);
      return { bytes, length: bytes.length, items: batch.itemCount };
    };
  }
  // As worker-main.ts builds it for worker 0.
  const templates = new TemplateReplay(generator, encoder, {
    batchSize: o.batchSize,
    poolItems: o.poolItems,
    templateNowUs: START_US,
    traceIds: signal === 'traces' ? new TraceIdWriter(SEED, START_US, 0) : null,
  });
  const out = new Uint8Array(templates.maxBodyBytes);
  return (nowUs) => ({ bytes: out, length: templates.next(nowUs, out), items: templates.itemsPerRequest });
}

/** Counts one mode's stream of `totalItems` traces. */
export function countTraces(mode: RequestMode, o: InProcessOptions): TraceCountFigures {
  return countStream('traces', mode, o, new TraceCounts(o.windowItems), walkTraces).figures();
}

/** Counts one mode's stream of `totalItems` log records. */
export function countLogs(mode: RequestMode, o: InProcessOptions): LogCountFigures {
  return countStream('logs', mode, o, new LogCounts(o.windowItems), walkLogs).figures();
}

/** Builds requests as a worker sends them until totalItems were sent, walking each into `counts`. */
function countStream<C extends TraceCounts | LogCounts>(
  signal: 'traces' | 'logs',
  mode: RequestMode,
  o: InProcessOptions,
  counts: C,
  walk: (bytes: Uint8Array, length: number, sink: C) => void,
): C {
  const next = requestSource(signal, mode, o);
  const usPerItem = 1e6 / o.ratePerS;
  let items = 0;
  while (items < o.totalItems) {
    const r = next(START_US + Math.round(items * usPerItem));
    walk(r.bytes, r.length, counts);
    counts.endRequest(r.bytes, r.length, r.items);
    items += r.items;
  }
  return counts;
}

export interface DiversityRow {
  signal: Signal;
  figure: string;
  /** The items the figure is over, e.g. '100K' (the lowest of the stream's full windows) or '1M'. */
  window: string;
  fresh: number | null;
  templates: number | null;
  /** templates / fresh, 4 decimals; null when fresh is 0 or missing. */
  ratio: number | null;
  rule: string;
  met: boolean;
}

const WITHIN = `within ±${DIVERSITY_TOLERANCE * 100}% of fresh`;

function lowest(values: readonly number[]): number | null {
  return values.length === 0 ? null : Math.min(...values);
}

/** '100K', '1M', '131072': an item count as the summary names it. */
export function itemsLabel(items: number): string {
  if (items >= 1_000_000 && items % 1_000_000 === 0) return `${items / 1_000_000}M`;
  if (items >= 1000 && items % 1000 === 0) return `${items / 1000}K`;
  return String(items);
}

function compared(
  signal: Signal,
  figure: string,
  window: string,
  fresh: number | null,
  templates: number | null,
): DiversityRow {
  const ratio = ratioOf(fresh, templates);
  return { signal, figure, window, fresh, templates, ratio, rule: WITHIN, met: withinTolerance(ratio) };
}

/** A figure that must equal `expected` in the templated stream (the fresh one is shown beside it). */
function exact(
  signal: Signal,
  figure: string,
  window: string,
  fresh: number,
  templates: number,
  expected: number,
  rule: string,
): DiversityRow {
  return {
    signal,
    figure,
    window,
    fresh,
    templates,
    ratio: ratioOf(fresh, templates),
    rule,
    met: templates === expected,
  };
}

/** Distinct `what` in the lowest full window and over the whole stream, fresh against templates. */
function distinctRows(
  signal: Signal,
  what: string,
  unit: string,
  fresh: { perWindow: number[]; total: number },
  templates: { perWindow: number[]; total: number },
  o: InProcessOptions,
): DiversityRow[] {
  const w = itemsLabel(o.windowItems);
  const all = itemsLabel(o.totalItems);
  return [
    compared(
      signal,
      `distinct ${what} per ${w} ${unit}, lowest window`,
      w,
      lowest(fresh.perWindow),
      lowest(templates.perWindow),
    ),
    compared(signal, `distinct ${what} over ${all} ${unit}`, all, fresh.total, templates.total),
  ];
}

function requestBodiesRow(
  signal: Signal,
  fresh: { distinctRequestBodies: number },
  templates: { distinctRequestBodies: number; requests: number },
  o: InProcessOptions,
): DiversityRow {
  return exact(
    signal,
    'distinct request bodies',
    itemsLabel(o.totalItems),
    fresh.distinctRequestBodies,
    templates.distinctRequestBodies,
    templates.requests,
    `equal to the request count (${templates.requests})`,
  );
}

export function traceRows(
  fresh: TraceCountFigures,
  templates: TraceCountFigures,
  o: InProcessOptions,
): DiversityRow[] {
  const all = itemsLabel(o.totalItems);
  const attributes = (f: TraceCountFigures) => ({
    perWindow: f.attributesPerWindow,
    total: f.distinctAttributes,
  });
  return [
    ...distinctRows(
      'traces',
      'span attribute values (key=value)',
      'spans',
      attributes(fresh),
      attributes(templates),
      o,
    ),
    exact(
      'traces',
      'distinct span IDs',
      all,
      fresh.distinctSpanIds,
      templates.distinctSpanIds,
      templates.spans,
      `equal to the span count (${templates.spans})`,
    ),
    exact(
      'traces',
      'traces sharing a trace ID with another trace (root spans - distinct root trace IDs)',
      all,
      fresh.roots - fresh.distinctRootTraceIds,
      templates.roots - templates.distinctRootTraceIds,
      0,
      '0',
    ),
    requestBodiesRow('traces', fresh, templates, o),
  ];
}

export function logRows(
  fresh: LogCountFigures,
  templates: LogCountFigures,
  o: InProcessOptions,
): DiversityRow[] {
  const bodies = (f: LogCountFigures) => ({ perWindow: f.bodiesPerWindow, total: f.distinctBodies });
  const attributes = (f: LogCountFigures) => ({
    perWindow: f.attributesPerWindow,
    total: f.distinctAttributes,
  });
  return [
    ...distinctRows('logs', 'log bodies', 'records', bodies(fresh), bodies(templates), o),
    ...distinctRows(
      'logs',
      'record attribute values (key=value)',
      'records',
      attributes(fresh),
      attributes(templates),
      o,
    ),
    exact(
      'logs',
      `records whose time is not after the previous one of their stream (${templates.streams} streams)`,
      itemsLabel(o.totalItems),
      fresh.timesNotIncreasing + fresh.recordsWithoutTime,
      templates.timesNotIncreasing + templates.recordsWithoutTime,
      0,
      '0 (times monotonic per stream)',
    ),
    exact(
      'logs',
      'log lines whose request_id an earlier line already carried',
      itemsLabel(o.totalItems),
      fresh.recordsWithRequestId - fresh.distinctRequestIds,
      templates.recordsWithRequestId - templates.distinctRequestIds,
      0,
      '0 (request IDs unique)',
    ),
    requestBodiesRow('logs', fresh, templates, o),
  ];
}

export interface InProcessDiversity {
  options: InProcessOptions;
  traces: { fresh: TraceCountFigures; templates: TraceCountFigures };
  logs: { fresh: LogCountFigures; templates: LogCountFigures };
  rows: DiversityRow[];
  /** Seconds the whole in-process part took (generate, encode or patch, walk, count). */
  elapsedS: number;
}

export function runInProcessDiversity(o: InProcessOptions = DEFAULT_IN_PROCESS): InProcessDiversity {
  const startMs = performance.now();
  const traces = { fresh: countTraces('fresh', o), templates: countTraces('templates', o) };
  const logs = { fresh: countLogs('fresh', o), templates: countLogs('templates', o) };
  return {
    options: o,
    traces,
    logs,
    rows: [...traceRows(traces.fresh, traces.templates, o), ...logRows(logs.fresh, logs.templates, o)],
    elapsedS: Math.round(performance.now() - startMs) / 1000,
  };
}
