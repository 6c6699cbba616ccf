// What a run's measures find, one part each: the types they fill in and the result is built from.
// Kept apart from the measures so that the contract, the measures and the hops import it
// without importing each other.

import type { Signal } from '../model/index.js';
import type { LatencySummary } from '../model/run-result.js';
import type { DownstreamRoute } from '../model/scenario.js';
import type { TraceSampleReport } from '../model/trace-sample.js';
import type { DiskUsage } from '../probes/disk-usage.js';
import type { ProcessUsage } from '../probes/process-sampler.js';
import type { CompletenessReport, FreshnessResult, QueryLatency } from '../probes/read/index.js';

/** What a hop counted itself since it opened. */
export interface HopCounts {
  accepted: number;
  /** null when it has no refused counter. */
  refused: number | null;
}

export interface BackendMeasurement {
  usage: ProcessUsage | null;
  /** The data dir when the load began (a fresh dir holds the backend's own metadata). */
  diskAtStart: DiskUsage | null;
  disk: DiskUsage | null;
  ownStorageFigures: Record<string, number>;
  perSecond: { cpuCores: number | null; rssBytes: number | null; acceptedPerS: number | null }[];
  /** Why a figure is missing, '' when none is. */
  note: string;
  /** The backend answered its /metrics after the load (false: dead or frozen). */
  answering: boolean;
}

/** What the downstream counted since it opened, in its unit. */
export interface DownstreamReading {
  name: string;
  version: string;
  /** The signal it received (metrics behind spanmetrics). */
  signal: Signal;
  unit: DownstreamRoute['unit'];
  /** null when it has no counter obsbench can read (Tempo, Loki, an external Collector). */
  accepted: number | null;
  refused: number | null;
  /** The built-in sink's latency from the send-time stamps; null for others or when none arrived. */
  latencyMs?: LatencySummary | null;
}

export interface ReadMeasurement {
  queries: Record<string, QueryLatency>;
  freshness: FreshnessResult;
  completeness: CompletenessReport | null;
  /** The run's trace sample fetched back by ID (trace stores); null when none was checked. */
  traceSample: TraceSampleReport | null;
  /** The backend died and the checks ran on it restarted on the same data dir. */
  afterRestart: boolean;
  /** Why something was not measured, '' when all was. */
  note: string;
}

/** What the measures found, each filling its own part. */
export interface RunFindings {
  /** Canaries (read path) that the target's accepted counter also counts. */
  canariesCounted: number;
  /** The target's own counters since it opened, canaries taken out; null when unread. */
  targetCounts: HopCounts | null;
  downstream: DownstreamReading | null;
  backend: BackendMeasurement | null;
  read: ReadMeasurement | null;
}

export function noFindings(): RunFindings {
  return { canariesCounted: 0, targetCounts: null, downstream: null, backend: null, read: null };
}
