// The read-path contract: what obsbench asks of a backend after (and during) ingest. One
// implementation per backend lives in src/targets/<kind>-read.ts; src/targets/read-registry.ts maps
// target kinds to them. Query latency, freshness and completeness are built on these four calls.

import type { Signal } from '../../model/index.js';
import type { ShapeOf } from '../../model/shapes.js';

export interface ReadContext {
  /** The backend's HTTP API base, e.g. http://127.0.0.1:8428. */
  baseUrl: string;
  signal: Signal;
  shape: ShapeOf[Signal];
  seed: number;
  /**
   * µs since the epoch: a window holding every item of the run and no item of another run
   * (first and last item timestamps, or the load's start and end). Counting and queries use it.
   */
  fromUs: number;
  toUs: number;
  /** Where canaries are written when not at baseUrl (Tempo: its OTLP/HTTP receiver base). */
  ingestBaseUrl?: string;
  /** Per-request timeout of the probe's own HTTP calls (default 10 s). */
  requestTimeoutMs?: number;
}

export interface QuerySpec {
  /** Stable name, the key of the result's read.queries (e.g. "rate_sum"). */
  name: string;
  /** Path and query string, relative to baseUrl; a GET request. */
  path: string;
  /** What it asks, for reports. */
  description: string;
}

export interface CompletenessReport {
  expected: number;
  /** Items the backend returned for the run's window. */
  verified: number;
  missing: number;
  duplicated: number;
  /** verified / expected; null when nothing was expected. */
  ratio: number | null;
  /** How items were counted, and in which unit (data points, lines, spans). */
  method: string;
  /** Items per group (metric name, log stream) where the backend reports them; null otherwise. */
  byGroup: Record<string, number> | null;
}

export interface StoredCount {
  total: number;
  byGroup: Record<string, number> | null;
}

/**
 * Canaries of one run share one series / stream, keyed by ctx.fromUs, and carry `seq` (0, 1, 2, …)
 * as their value or a field. Seq 0 creates the series: on VictoriaMetrics a new series becomes
 * searchable seconds later than a new sample of a known one, so freshness is measured from seq 1.
 */
export interface Canary {
  /** Writes canary `seq` through a simple ingestion path; resolves once the backend accepted it. */
  write(ctx: ReadContext, seq: number): Promise<void>;
  /** True once canary `seq` (or a later one) is returned by the query API. */
  isVisible(ctx: ReadContext, seq: number): Promise<boolean>;
}

export interface ReadProbe {
  /** What countStored counts, e.g. "data points (gauge/sum samples + one per histogram _count)". */
  readonly unit: string;
  /**
   * True when canaries land in the same self-metric that counts the run's accepted items
   * (Prometheus appends them like any sample): the run subtracts them from that counter.
   */
  readonly canariesInIngestCounter?: boolean;
  /** Read-path latency probes; may look up a series or trace ID to query. */
  queries(ctx: ReadContext): Promise<QuerySpec[]>;
  /** Items the backend returns for the run's window, in `unit`. */
  countStored(ctx: ReadContext): Promise<StoredCount>;
  canary: Canary;
  /**
   * Trace stores: the spans stored for one trace ID (32 hex characters), or null when the store
   * has no such trace. The run's trace sample is checked with it (trace-sample-check.ts).
   */
  spansOfTrace?(ctx: ReadContext, traceId: string): Promise<number | null>;
}
