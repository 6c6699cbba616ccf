// The resolved scenario: what the loader returns after validation with every default applied.
// Inside obsbench, code trusts these types; only src/scenario/ looks at raw user input.

import type { Signal } from './index.js';
import type { ShapeOf } from './shapes.js';

export type TargetKind =
  | 'sink'
  | 'tempo'
  | 'collector'
  | 'victoriametrics'
  | 'prometheus'
  | 'loki'
  | 'victorialogs'
  | 'vmagent'
  | 'jaeger';
export const TARGET_KINDS: readonly TargetKind[] = [
  'sink',
  'tempo',
  'collector',
  'victoriametrics',
  'prometheus',
  'loki',
  'victorialogs',
  'vmagent',
  'jaeger',
];

export type Protocol = 'otlp-http' | 'otlp-grpc' | 'prometheus-remote-write' | 'loki-push';
export const PROTOCOLS: readonly Protocol[] = [
  'otlp-http',
  'otlp-grpc',
  'prometheus-remote-write',
  'loki-push',
];
export type Encoding = 'protobuf' | 'json';
export type Compression = 'none' | 'gzip' | 'snappy' | 'zstd';
export const COMPRESSIONS: readonly Compression[] = ['none', 'gzip', 'snappy', 'zstd'];

export interface TargetSpec {
  kind: TargetKind;
  /**
   * Base URL (http://127.0.0.1:4318) or host:port for gRPC. Unset for the sink: the run starts
   * an in-process sink on a free loopback port.
   */
  endpoint?: string;
  /** The run starts and stops the backend itself: fresh data dir, free ports, stopped at the end. */
  managed: boolean;
  /** Required to send to a non-loopback address. */
  allowNonLoopback: boolean;
  headers: Record<string, string>;
  /** The Collector's pipeline (kind collector, managed only); see COLLECTOR_PIPELINES. */
  pipeline?: CollectorPipeline;
  /** Where a managed Collector pipeline or vmagent sends what it received; started first, stopped last. */
  downstream?: DownstreamSpec;
  /** A managed backend at this release instead of the pinned one (obsbench stack install NAME@VERSION). */
  version?: string;
  /**
   * An external backend's query API base URL when it is not `endpoint` (Jaeger's query service,
   * Tempo's query frontend): the read path queries it.
   */
  queryEndpoint?: string;
}

/**
 * Collector pipelines obsbench can launch (stack/collector/pipelines/<name>.yaml): nop (receiver
 * cost only), batch and tail-sampling (OTLP/gRPC out), otlp-forward (OTLP/HTTP out),
 * remote-write and spanmetrics (Prometheus remote write out).
 */
export type CollectorPipeline =
  | 'nop'
  | 'batch'
  | 'otlp-forward'
  | 'tail-sampling'
  | 'spanmetrics'
  | 'remote-write';
export const COLLECTOR_PIPELINES: readonly CollectorPipeline[] = [
  'nop',
  'batch',
  'otlp-forward',
  'tail-sampling',
  'spanmetrics',
  'remote-write',
];

/** The backend behind a first hop (Collector pipeline or vmagent). */
interface DownstreamSpec {
  kind: TargetKind;
  /** obsbench starts and stops it (not for tempo or loki; the sink always runs in-process). */
  managed: boolean;
  /** Its base URL (HTTP) or host:port (OTLP/gRPC) when it runs elsewhere. */
  endpoint?: string;
}

export type Executor = 'constant-arrival-rate' | 'ramping-arrival-rate' | 'steps' | 'max-throughput';
export const EXECUTORS: readonly Executor[] = [
  'constant-arrival-rate',
  'ramping-arrival-rate',
  'steps',
  'max-throughput',
];

/** One piece of the rate plan: the rate moves linearly from fromRatePerS to toRatePerS. */
export interface RateSegment {
  durationS: number;
  fromRatePerS: number;
  toRatePerS: number;
}

export interface LoadSpec {
  executor: Executor;
  /**
   * Arrival-rate executors: the plan, in order (constant = one flat segment; ramping = linear
   * stages; steps = flat segments). Empty for max-throughput.
   */
  segments: RateSegment[];
  /** Whole measured duration (sum of segments, or the max-throughput duration). */
  durationS: number;
  /** Load sent before measuring starts; not counted in the result. */
  warmupS: number;
  /** Items (spans, data points, log records) per request. */
  batchSize: number;
  /** Requests in flight at once per worker; a schedule that finds no slot waits in a short queue, then is dropped. */
  maxInFlight: number;
  /** Load-generating worker threads; each owns a disjoint slice of series and IDs. */
  workers: number;
  /** max-throughput: concurrent requests per worker (closed model). */
  concurrency: number;
  /** HTTP keep-alive connections per worker. */
  connections: number;
  requestTimeoutMs: number;
  /** Retries for 429/502/503/504 (and gRPC UNAVAILABLE / RESOURCE_EXHAUSTED), with backoff. */
  maxRetries: number;
  /** Stop the run early when the share of failed requests over the last 5 s exceeds this (0..1; 1 = never). */
  bailOutErrorRate: number;
  /**
   * Stamp every measured batch's resources with the send time (model/sent-time.ts), as the user
   * wrote it. Unset: decided by the target at load (Scenario.route.stampSendTime), so existing
   * hashes stay as they were.
   */
  stampSendTime?: boolean;
  /**
   * OTLP protobuf traces and logs: items generated and encoded once, then resent as new requests
   * with IDs and times patched (load/template-replay.ts); 0 = every item fresh. Unset: the
   * default (DEFAULT_LOAD.templatePoolItems), kept out of the spec so existing hashes stay.
   */
  templatePoolItems?: number;
}

export type ThresholdOp = '<' | '<=' | '>' | '>=' | '==';

/** `metric op value` or `metric op factor * refMetric`, e.g. `achievedRatePerS >= 0.99 * targetRatePerS`. */
export interface Threshold {
  source: string;
  metric: string;
  op: ThresholdOp;
  value: number;
  /** When set, the right side is value * (the result's refMetric). */
  refMetric?: string;
}

export interface Scenario {
  name: string;
  description: string;
  /** Absolute path of the file it came from ('' for scenarios built in code). */
  sourcePath: string;
  /** sha256 (hex, 16 chars) of the resolved scenario, for comparing runs. */
  hash: string;
  signal: Signal;
  target: TargetSpec;
  protocol: Protocol;
  encoding: Encoding;
  compression: Compression;
  shape: ShapeOf[Signal];
  load: LoadSpec;
  seed: number;
  expect: Threshold[];
  /** Runs of the scenario (for gates that compare medians). */
  repeat: number;
  /** Decisions the loader derives from the fields above, made once; not part of the hash. */
  route: ScenarioRoute;
}

/** How a first hop sends to its downstream. */
export type DownstreamProtocol = 'otlp-grpc' | 'otlp-http' | 'prometheus-remote-write';

/** What reaches the backend behind a managed first hop, and when. */
export interface DownstreamRoute {
  protocol: DownstreamProtocol;
  /** The signal it receives (metrics behind spanmetrics). */
  signal: Signal;
  /** items: the same spans / points / records the first hop took; samples: derived (spanmetrics). */
  unit: 'items' | 'samples';
  /** Milliseconds after the last item before the downstream can have all of it (the pipeline's own wait). */
  delayMs: number;
}

export interface ScenarioRoute {
  /** Whether measured batches carry the send-time stamp (load.stampSendTime or the target's default). */
  stampSendTime: boolean;
  /** Where a managed first hop sends on; null when there is no downstream. */
  downstream: DownstreamRoute | null;
}
