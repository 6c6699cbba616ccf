// Every default of the scenario format, in one place. The schema documents them and resolve.ts
// applies them; nothing else in obsbench invents a scenario default.

import type {
  CollectorPipeline,
  Compression,
  Encoding,
  Executor,
  Protocol,
  TargetKind,
} from '../model/scenario.js';
import {
  DEFAULT_LOG_SHAPE,
  DEFAULT_METRIC_SHAPE,
  DEFAULT_TRACE_SHAPE,
  type ShapeOf,
} from '../model/shapes.js';

export const DEFAULT_SHAPES: Readonly<{ [S in keyof ShapeOf]: Readonly<ShapeOf[S]> }> = {
  traces: DEFAULT_TRACE_SHAPE,
  metrics: DEFAULT_METRIC_SHAPE,
  logs: DEFAULT_LOG_SHAPE,
};

export const DEFAULT_TARGET_KIND: TargetKind = 'sink';
export const DEFAULT_PROTOCOL: Protocol = 'otlp-http';
/** A managed Collector's pipeline when target.pipeline is not given: the receiver's cost alone. */
export const DEFAULT_COLLECTOR_PIPELINE: CollectorPipeline = 'nop';
export const DEFAULT_ENCODING: Encoding = 'protobuf';

/**
 * gzip over HTTP because that is what OTel SDK and Collector exporters send in practice; none
 * over gRPC, where gzip (compressed by the sender, on the worker's thread) would cost the harness
 * CPU it would rather spend sending. Either can be set explicitly.
 */
export const DEFAULT_COMPRESSION: Readonly<Record<Protocol, Compression>> = {
  'otlp-http': 'gzip',
  'otlp-grpc': 'none',
  // Remote write 1.0 mandates snappy block compression.
  'prometheus-remote-write': 'snappy',
  // Loki's protobuf push is snappy-compressed by definition; see defaultCompression for JSON.
  'loki-push': 'snappy',
};

/** Loki push JSON is plain or gzip (what Loki decodes); gzip, as Promtail-style clients send. */
export const DEFAULT_LOKI_JSON_COMPRESSION: Compression = 'gzip';

/** The compression a scenario gets when it names none. */
export function defaultCompression(protocol: Protocol, encoding: Encoding): Compression {
  if (protocol === 'loki-push' && encoding === 'json') return DEFAULT_LOKI_JSON_COMPRESSION;
  return DEFAULT_COMPRESSION[protocol];
}

export const DEFAULT_EXECUTOR: Executor = 'constant-arrival-rate';

/** Load fields other than the rate plan. Durations in seconds, as the user writes them. */
export const DEFAULT_LOAD = {
  /** constant-arrival-rate and max-throughput; the staged executors sum their stages. */
  durationS: 30,
  warmupS: 2,
  /** ramping-arrival-rate: the rate the first stage ramps from. */
  startRatePerS: 0,
  batchSize: 500,
  maxInFlight: 64,
  workers: 1,
  concurrency: 8,
  connections: 8,
  requestTimeoutS: 10,
  maxRetries: 3,
  bailOutErrorRate: 0.5,
  /**
   * OTLP protobuf traces: distinct items generated once and resent as new ones (0 = off). Logs
   * default to 0 (load/worker-main.ts): see the schema's description of the field.
   */
  templatePoolItems: 131_072,
} as const;

export const DEFAULT_SEED = 1;
export const DEFAULT_REPEAT = 1;
export const DEFAULT_DESCRIPTION = '';
