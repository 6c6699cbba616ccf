// The canonical result of one run (docs/architecture.md, "The canonical result"). Every other output is
// rendered from it. Units live in the field names. Bump SCHEMA_VERSION on any breaking change.

import type { Threshold } from './scenario.js';
import type { TraceSampleReport } from './trace-sample.js';

export const SCHEMA_VERSION = 1;

export interface LatencySummary {
  count: number;
  p50: number;
  p90: number;
  p99: number;
  p999: number;
  max: number;
  mean: number;
  /** HdrHistogram V2 compressed, base64 (microsecond resolution); merges exactly across generators. */
  hdrBase64: string;
}

export interface TimeseriesPoint {
  /** Seconds since the measured phase started. */
  tS: number;
  acceptedPerS: number;
  sentPerS: number;
  failedPerS: number;
  latencyP99Ms: number;
  /** Cores the backend's process tree used over this second (managed backends). */
  backendCpuCores?: number;
  backendRssBytes?: number;
  /** Items/s by the backend's own accepted counter, over the scrape interval ending after this second. */
  backendAcceptedPerS?: number;
}

export type VerdictState = 'pass' | 'fail' | 'inconclusive';

export interface Verdict {
  id: string;
  kind: 'threshold' | 'claim';
  statement: string;
  measured: number | null;
  state: VerdictState;
  reason: string;
}

export interface RunResult {
  schemaVersion: number;
  tool: { name: 'obsbench'; version: string; gitSha: string };
  /** 'complete', or 'partial' when the run was interrupted or the target died. */
  status: 'complete' | 'partial';
  statusReason: string;
  startedAt: string;
  endedAt: string;
  scenario: {
    name: string;
    hash: string;
    signal: string;
    target: string;
    protocol: string;
    encoding: string;
    compression: string;
    seed: number;
    executor: string;
    batchSize: number;
    workers: number;
    sourcePath: string;
  };
  env: {
    node: string;
    platform: string;
    cpuModel: string;
    cores: number;
    totalMemoryBytes: number;
    /** Cores the harness was pinned to (taskset), or null when not pinned. */
    harnessCores: number[] | null;
    /** Cores the backend was pinned to, or null when not pinned / not managed. */
    backendCores: number[] | null;
    /** The backend's CPU quota in cores (a cgroup CFS quota), or null when not limited. Older results lack it. */
    backendCpuLimitCores?: number | null;
  };
  load: {
    targetRatePerS: number;
    achievedRatePerS: number;
    itemsSent: number;
    /** From the backend's own counters when it has them; from its responses otherwise (see acceptedSource). */
    itemsAccepted: number;
    acceptedSource: 'backend-counters' | 'responses';
    /** Why accepted items come from the target's answers rather than its own counters. */
    acceptedSourceNote?: string;
    itemsRefused: number;
    itemsFailed: number;
    /** itemsSent - itemsAccepted - itemsRefused - itemsFailed, never below 0. */
    itemsLost: number;
    requests: number;
    requestsFailed: number;
    retries: number;
    droppedSchedules: number;
    droppedItems: number;
    rawBytes: number;
    wireBytes: number;
    durationS: number;
    warmupS: number;
  };
  latencyMs: LatencySummary;
  serviceTimeMs: LatencySummary;
  backend: {
    name: string;
    version: string;
    /** CPU (user + sys) of the backend's process tree over the measured phase. */
    cpuSeconds: number | null;
    coresAvg: number | null;
    rssAvgBytes: number | null;
    /** Highest tree RSS sampled, or a process's own peak (VmHWM) when higher. */
    rssMaxBytes: number | null;
    /** Bytes the files of its data dir hold after a flush (warmup data included). */
    diskBytes: number | null;
    /** The same when the load began: a fresh data dir already holds the backend's metadata. */
    diskBytesAtStart: number | null;
    /** Filesystem blocks those files occupy (du); preallocated segments make it larger. */
    diskAllocatedBytes: number | null;
    /** (diskBytes - diskBytesAtStart) / items it accepted in every phase. */
    bytesPerItem: number | null;
    /** Raw OTLP protobuf bytes of every accepted item (warmup included) / (diskBytes - diskBytesAtStart). */
    compressionRatio: number | null;
    cpuSecondsPerMillionItems: number | null;
    /** The backend's own storage figures from its /metrics (e.g. storageBytesPerSample). */
    ownStorageFigures: Record<string, number>;
    /** Why a figure above is null, '' when none is missing for a reason worth telling. */
    probeNote: string;
  };
  /** The backend behind the first hop (Collector pipeline, vmagent), by its own counters; absent without one. */
  downstream?: {
    name: string;
    version: string;
    /** In `unit`: the items sent (warmup excluded) or, behind spanmetrics, samples; null when not counted. */
    itemsAccepted: number | null;
    itemsRefused: number | null;
    /** spans, data points, log records or samples. */
    unit: string;
    note: string;
    /** End to end from the harness stamping a batch to the sink receiving it: encode + send + Collector receive/process/export; null unless the downstream is the sink and stamped data arrived. */
    latencyMs: LatencySummary | null;
  };
  read: {
    /** Each read query at a fixed rate after the load (the same PromQL on VictoriaMetrics and Prometheus). */
    queries: Record<string, LatencySummary>;
    /** Median time from a canary write being accepted to the canary being queryable. */
    freshnessMs: number | null;
    freshness?: {
      p50Ms: number | null;
      p99Ms: number | null;
      maxMs: number | null;
      samples: number;
      timeouts: number;
      /** The first canary: a new series or stream, slower to appear on some backends. */
      seriesVisibleMs: number | null;
    };
    /** Why part of the read path was not measured, '' when all was. */
    note?: string;
  };
  completeness: {
    verified: number;
    expected: number;
    ratio: number | null;
    method: string;
    /** Items expected but not returned by the backend (read-path check). */
    missing?: number;
    /** Items returned beyond those expected (read-path check). */
    duplicated?: number;
    /** Items stored per metric name or log stream, where the backend reports them. */
    byGroup?: Record<string, number> | null;
    /** Trace stores: a seeded sample of the run's traces, each fetched back by ID and its spans counted. */
    traceSample?: TraceSampleReport;
    /**
     * The backend died during the run and was started again on the same data dir: the checks above
     * ran on the restarted backend, against the items it acknowledged before it died.
     */
    afterRestart?: boolean;
  };
  timeseries: TimeseriesPoint[];
  verdicts: Verdict[];
  harness: {
    /** Items/s the harness pushes into its own sink on this machine with the same signal, encoding and batch size. */
    ceilingItemsPerS: number | null;
    ceilingMethod: string;
    /** True when the target rate was not reached and the harness, not the target, was the limit. */
    wasBottleneck: boolean;
    /** Event-loop / schedule lag of the load generator, p99, ms. */
    scheduleLagP99Ms: number;
    /**
     * Cores' worth of CPU obsbench used over the measured phase (its load workers and main thread),
     * or null when the phase never began; older results lack it.
     */
    cpuCoresAvg?: number | null;
  };
  errors: { message: string; count: number }[];
  /** Present on the result of one shard of a run spread over processes (obsbench run --shard I/N). */
  shard?: ShardBlock;
  /** Present on a result obsbench merge made from shards' results. */
  merged?: MergedBlock;
}

/** The load block's rate and counts that add up over the shards of one run (obsbench merge sums them). */
export const LOAD_SUMMED_FIELDS = [
  'targetRatePerS',
  'itemsSent',
  'itemsAccepted',
  'itemsRefused',
  'itemsFailed',
  'itemsLost',
  'requests',
  'requestsFailed',
  'retries',
  'droppedSchedules',
  'droppedItems',
  'rawBytes',
  'wireBytes',
] as const satisfies readonly (keyof RunResult['load'])[];

export interface ShardBlock {
  index: number;
  count: number;
  runId: string;
  /** Epoch ms at which this shard's measured phase began: merge aligns the shards' seconds on it. */
  measureStartEpochMs: number;
  /** The scenario's thresholds, so that merge evaluates them on the merged result. */
  expect: Threshold[];
}

export interface MergedBlock {
  runId: string;
  shardCount: number;
  /** Shard indexes whose results were merged, ascending. */
  shardsMerged: number[];
  /** Shard indexes with no result (merge --allow-missing); the result is then partial. */
  shardsMissing: number[];
  /**
   * Latest minus earliest start of the shards' measured phases, each by its own machine's clock
   * (the start they planned; how late their requests then went is their schedule lag).
   */
  startSpreadMs: number;
  /** Epoch ms of the earliest shard's measured phase: the merged series' second 0. */
  measureStartEpochMs: number;
  shards: {
    index: number;
    source: string;
    status: 'complete' | 'partial';
    statusReason: string;
    cpuModel: string;
    cores: number;
    itemsSent: number;
    itemsAccepted: number;
    latencyP99Ms: number;
    measureStartEpochMs: number;
  }[];
}
