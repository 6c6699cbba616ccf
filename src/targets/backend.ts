// The Target contract for real backends: how to launch a managed instance, where each signal is
// ingested, when it is ready, and which of its own counters say how many items it accepted and
// refused. A new backend is one file implementing this and one line in the registry.

import type { Signal } from '../model/index.js';
import type { CollectorPipeline, Protocol, TargetKind } from '../model/scenario.js';
import type { DownstreamUrls } from './pipelines.js';

export interface LaunchContext {
  dataDir: string;
  /** Directory holding the files of `configFiles`. */
  configDir: string;
  /** Free loopback ports, one per name in `portNames`. */
  ports: Record<string, number>;
  /** The Collector's pipeline (its config template); nop when unset. */
  pipeline?: CollectorPipeline;
  /** Where a first hop (Collector pipeline, vmagent) sends what it receives, when it has a downstream. */
  downstream?: DownstreamUrls;
}

export interface BackendTarget {
  readonly kind: TargetKind;
  /** Binary name in the stack cache (obsbench stack install). */
  readonly binaryName: string;
  readonly portNames: readonly string[];
  /** Signal + protocol pairs this backend ingests. */
  supports(signal: Signal, protocol: Protocol): boolean;
  /** Config files (name -> content) written into ctx.configDir before launch, if it needs any. */
  configFiles?(ctx: LaunchContext): Record<string, string>;
  /** Command-line arguments of a managed instance. */
  launchArgs(ctx: LaunchContext): string[];
  /** Base URL of the backend's HTTP API for a managed instance. */
  httpBaseUrl(ctx: LaunchContext): string;
  /** Base URL the OTLP/HTTP sender appends `/v1/<signal>` to, from the HTTP API base. */
  otlpHttpBase(httpBaseUrl: string): string;
  /**
   * Base URL the Loki push sender appends `/loki/api/v1/push` to, from the HTTP API base, for a
   * backend that ingests protocol loki-push under a prefix; the HTTP API base itself when unset.
   */
  lokiPushBase?(httpBaseUrl: string): string;
  /** host:port of its OTLP/gRPC receiver for a managed instance, if it has one. */
  otlpGrpcEndpoint?(ctx: LaunchContext): string;
  /** Base URL of the API its read probe queries, when not the HTTP API (Jaeger's query service). */
  queryBaseUrl?(ctx: LaunchContext): string;
  /** Base URL of its own /metrics and readiness, when not the HTTP API (the Collector). */
  metricsBaseUrl?(ctx: LaunchContext): string;
  readyBaseUrl?(ctx: LaunchContext): string;
  readyPath: string;
  metricsPath: string;
  /**
   * Items of `signal` sent over `protocol` the backend counted as accepted, from its /metrics
   * text; null if absent. (Remote write is ingested at the HTTP API base, /api/v1/write.)
   */
  acceptedItems(metricsText: string, signal: Signal, protocol: Protocol): number | null;
  /** Items it counted as refused (invalid, out of order, rate-limited); null if it has no such counter. */
  refusedItems(metricsText: string, signal: Signal): number | null;
  /** Path that makes it write buffered data to disk, if any. */
  flushPath: string | null;
  /** False for a pipeline stage that keeps nothing (the Collector, vmagent): no disk figures. Default true. */
  storesData?: boolean;
  /**
   * Milliseconds after the flush before its data dir holds everything (in-memory parts are written
   * on a timer); the disk probe then also waits for the size to stop changing. 0 when unset.
   */
  diskSettleMs?: number;
  /**
   * Its data files are created at full size but sparse (Badger's memtable log and value log): the
   * bytes it holds are the blocks in use (du), not the files' sizes. Default false.
   */
  sparseFiles?: boolean;
  /** The backend's own figures on its storage (e.g. bytes per sample), from its /metrics text. */
  ownStorageFigures?(metricsText: string): Record<string, number>;
  /** Version text from its /metrics, if it publishes one. */
  version(metricsText: string): string | null;
}
