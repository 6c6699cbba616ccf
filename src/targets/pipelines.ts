// What each Collector pipeline (stack/collector/pipelines/<name>.yaml) carries and where it sends
// it, and which backends may sit behind a first hop for each way of sending. The scenario loader
// validates target.pipeline / target.downstream against these tables; the run uses them to start
// the downstream and to read its counters in the right unit.

import type { Signal } from '../model/index.js';
import type { CollectorPipeline, DownstreamProtocol, TargetKind } from '../model/scenario.js';

export interface PipelineDefinition {
  /** Signals the pipeline ingests (its config has a pipeline for each). */
  signals: readonly Signal[];
  downstreamProtocol: DownstreamProtocol | null;
  /** What the downstream receives: the same items, or samples derived from them (spanmetrics). */
  downstreamUnit: 'items' | 'samples';
  /**
   * Milliseconds after the last item before the downstream can have all of it (tail sampling's
   * decision_wait, the spanmetrics flush interval); the run waits at least this long.
   */
  downstreamDelayMs: number;
  /** One line for errors and docs. */
  summary: string;
}

export const PIPELINES: Readonly<Record<CollectorPipeline, PipelineDefinition>> = {
  nop: {
    signals: ['traces', 'metrics', 'logs'],
    downstreamProtocol: null,
    downstreamUnit: 'items',
    downstreamDelayMs: 0,
    summary: 'otlp -> nop (the receiver alone)',
  },
  batch: {
    signals: ['traces', 'metrics', 'logs'],
    downstreamProtocol: 'otlp-grpc',
    downstreamUnit: 'items',
    downstreamDelayMs: 0,
    summary: 'otlp -> memory_limiter -> batch -> otlp_grpc',
  },
  'otlp-forward': {
    signals: ['traces', 'metrics', 'logs'],
    downstreamProtocol: 'otlp-http',
    downstreamUnit: 'items',
    downstreamDelayMs: 0,
    summary: 'otlp -> memory_limiter -> otlp_http',
  },
  'tail-sampling': {
    signals: ['traces'],
    downstreamProtocol: 'otlp-grpc',
    downstreamUnit: 'items',
    // decision_wait in stack/collector/pipelines/tail-sampling.yaml, plus a batch timeout.
    downstreamDelayMs: 6000,
    summary: 'otlp -> memory_limiter -> tail_sampling (keep all) -> batch -> otlp_grpc',
  },
  spanmetrics: {
    signals: ['traces'],
    downstreamProtocol: 'prometheus-remote-write',
    downstreamUnit: 'samples',
    // metrics_flush_interval in stack/collector/pipelines/spanmetrics.yaml, plus a batch timeout.
    downstreamDelayMs: 6000,
    summary: 'otlp -> spanmetrics connector -> batch -> prometheusremotewrite',
  },
  'remote-write': {
    signals: ['metrics'],
    downstreamProtocol: 'prometheus-remote-write',
    downstreamUnit: 'items',
    downstreamDelayMs: 0,
    summary: 'otlp -> memory_limiter -> batch -> prometheusremotewrite',
  },
};

/** stack/ path of a pipeline's config template. */
export function pipelineTemplate(pipeline: CollectorPipeline): string {
  return `collector/pipelines/${pipeline}.yaml`;
}

/** The signal the downstream receives when the first hop gets `signal`. */
export function downstreamSignal(pipeline: CollectorPipeline | undefined, signal: Signal): Signal {
  return pipeline === 'spanmetrics' ? 'metrics' : signal;
}

/** Backends that can sit behind a first hop sending `signal` over `protocol`. */
export function downstreamKinds(protocol: DownstreamProtocol, signal: Signal): TargetKind[] {
  if (protocol === 'prometheus-remote-write') return ['victoriametrics', 'prometheus', 'sink'];
  const kinds: TargetKind[] = ['sink', 'collector'];
  if (signal === 'traces') kinds.push('tempo', 'jaeger');
  if (protocol === 'otlp-http') {
    if (signal === 'metrics') kinds.push('victoriametrics', 'prometheus');
    if (signal === 'logs') kinds.push('loki', 'victorialogs');
  }
  return kinds;
}

/** Downstream kinds obsbench can start itself (built by obsbench stack install). */
export const MANAGEABLE_DOWNSTREAMS: readonly TargetKind[] = [
  'collector',
  'victoriametrics',
  'prometheus',
  'victorialogs',
  'jaeger',
];

/** Why obsbench cannot start a kind as a downstream, for the error that says so. */
export function unmanageableReason(kind: TargetKind): string {
  if (kind === 'tempo' || kind === 'loki') {
    return `obsbench cannot start ${kind} (AGPL-3.0, not built here); run it yourself (stack/docker-compose.yaml) and set downstream.endpoint`;
  }
  if (kind === 'sink') return 'the sink runs inside obsbench; remove downstream.managed';
  return `obsbench does not start ${kind} as a downstream; set downstream.endpoint`;
}

/** vmagent forwards over remote write only. */
export const VMAGENT_DOWNSTREAM_PROTOCOL: DownstreamProtocol = 'prometheus-remote-write';

/** Where a first hop reaches its downstream; '' for a way the downstream does not ingest. */
export interface DownstreamUrls {
  /** host:port of its OTLP/gRPC receiver. */
  otlpGrpcEndpoint: string;
  /** Base URL an OTLP/HTTP exporter appends /v1/<signal> to. */
  otlpHttpBase: string;
  /** Full URL of its Prometheus remote write receiver. */
  remoteWriteUrl: string;
}
