// A hop is one thing a run sends to: the built-in sink (in-process), a managed backend (started
// for the run on free loopback ports) or an external backend (checked for reachability). Opening
// any hop gives the same handle: where it ingests, its own accepted/refused counters as deltas
// from a baseline taken at open, what the probes need of a managed process, a death notice and
// close. The run's target is a hop; so is the backend behind a first hop (a Collector pipeline,
// vmagent), which is opened first and whose addresses the first hop's config is given.

import { join } from 'node:path';
import { ObsbenchError } from '../errors.js';
import type { Signal } from '../model/index.js';
import type { LatencySummary } from '../model/run-result.js';
import type { CollectorPipeline, Protocol, TargetKind } from '../model/scenario.js';
import { scrapeMetrics } from '../probes/prometheus-text.js';
import { BackendInstance } from '../stack/backend-instance.js';
import { requireInstalled } from '../stack/installed.js';
import type { BackendTarget } from '../targets/backend.js';
import { assertEndpointAllowed } from '../targets/endpoint.js';
import type { DownstreamUrls } from '../targets/pipelines.js';
import { backendTarget } from '../targets/registry.js';
import { startSink } from '../targets/sink/index.js';
import { checkEndpointReachable } from '../transport/index.js';
import type { HopCounts } from './findings.js';

const PREFLIGHT_TIMEOUT_MS = 3000;
const REMOTE_WRITE_PATH = '/api/v1/write';
/** OTLP/HTTP base of external backends obsbench has no target module for. */
const EXTERNAL_OTLP_HTTP_PATH: Partial<Record<TargetKind, string>> = { loki: '/otlp', tempo: '' };

/** What a managed hop exposes of its backend for probing. */
export interface BackendProbeHandle {
  /** Root of its process tree (the supervisor's watchdog; the backend runs below it). */
  pid: number;
  /** Its data dir, or null when it stores nothing (a pipeline stage): then no disk figures. */
  dataDir: string | null;
  flush(): Promise<void>;
  scrape(): Promise<string>;
  /** Items it has counted as accepted, from a scrape; null when it has no counter. */
  accepted(metricsText: string): number | null;
  diskSettleMs: number;
  /** Its bytes on disk are the blocks in use rather than the files' sizes (BackendTarget.sparseFiles). */
  sparseFiles: boolean;
  ownStorageFigures(metricsText: string): Record<string, number>;
}

/** Where a hop ingests each protocol. */
export interface IngestUrls {
  /** Its HTTP API base: remote write is served at /api/v1/write below it. */
  httpBase: string;
  /** The base an OTLP/HTTP sender appends /v1/<signal> to. */
  otlpHttpBase: string;
  /** host:port (or the URL the user gave) of its OTLP/gRPC receiver; '' when it has none. */
  otlpGrpcEndpoint: string;
  /** The base a Loki push sender appends /loki/api/v1/push to. */
  lokiPushBase: string;
}

export interface Hop {
  /** The binary's name for a backend obsbench knows, 'sink', or the kind. */
  readonly name: string;
  readonly version: string;
  readonly urls: IngestUrls;
  /** Items it counted since it opened, or null when obsbench can read no counter of it. */
  counts(): Promise<HopCounts | null>;
  /** Why counts() is null ('' when it has counters). */
  readonly countsNote: string;
  /** A managed backend's process and data dir, for the CPU, RSS and disk probes; null otherwise. */
  readonly probe: BackendProbeHandle | null;
  /** Its HTTP API base for read-path probes (queries, canaries); null for the sink. */
  readonly readBaseUrl: string | null;
  /**
   * A managed backend that stores data: starts it again on the same data dir and ports after it
   * died, resolving once ready (the read path then checks what survived). null otherwise.
   */
  readonly restart: ((readyTimeoutMs: number) => Promise<void>) | null;
  /** The sink's latency from a batch's send-time stamp to its arrival; null for others or none. */
  addedLatency(): LatencySummary | null;
  /** Told once if a managed backend dies before close(), also when it died before listening. */
  onDeath(listener: (message: string) => void): void;
  close(): Promise<void>;
}

export interface HopSpec {
  /** In messages: which scenario field it comes from. */
  role: 'target' | 'downstream';
  kind: TargetKind;
  managed: boolean;
  endpoint?: string;
  allowNonLoopback: boolean;
  /** What it receives, and how: the counters are read for this. */
  signal: Signal;
  protocol: Protocol;
  /** The Collector's pipeline, for a managed Collector. */
  pipeline?: CollectorPipeline;
  /** Where a managed first hop sends on (its downstream, opened before it). */
  downstream?: DownstreamUrls;
  /** Cores a managed backend is pinned to, or null. */
  cores: number[] | null;
  /** A managed backend's CPU quota in cores, or null. */
  cpuLimitCores?: number | null;
  /** Directory for a managed backend's log. */
  logDir?: string;
  /** A managed backend at this release instead of the pinned one. */
  version?: string;
  /** An external backend's query API base, when not at its endpoint (target.queryEndpoint). */
  queryEndpoint?: string;
}

/** The endpoint a load sender gets for a protocol. */
export function endpointFor(urls: IngestUrls, protocol: Protocol): string {
  switch (protocol) {
    case 'otlp-grpc':
      return urls.otlpGrpcEndpoint;
    case 'prometheus-remote-write':
      return urls.httpBase;
    case 'loki-push':
      return urls.lokiPushBase;
    default:
      return urls.otlpHttpBase;
  }
}

/** The addresses a first hop's config names for its downstream. */
export function downstreamUrls(urls: IngestUrls): DownstreamUrls {
  return {
    otlpGrpcEndpoint: urls.otlpGrpcEndpoint.replace(/^https?:\/\//i, ''),
    otlpHttpBase: urls.otlpHttpBase,
    remoteWriteUrl: `${urls.httpBase}${REMOTE_WRITE_PATH}`,
  };
}

export async function openHop(spec: HopSpec): Promise<Hop> {
  const field = spec.role === 'target' ? 'target' : 'target.downstream';
  if (spec.kind === 'sink' && spec.endpoint === undefined) return openSinkHop(spec);
  const backend = backendTarget(spec.kind);
  if (spec.managed) {
    if (backend === null) {
      throw new ObsbenchError(
        'E_TARGET',
        `${field}.managed: obsbench cannot start ${spec.kind} here; run it yourself and set ${field}.endpoint`,
      );
    }
    return openManagedHop(spec, backend);
  }
  if (spec.endpoint === undefined) {
    throw new ObsbenchError(
      'E_SCENARIO_INVALID',
      `${field}.endpoint: required for ${spec.kind} unless ${field}.managed is true`,
    );
  }
  if (spec.role === 'target') assertEndpointAllowed(spec.endpoint, spec.allowNonLoopback);
  await checkEndpointReachable(spec.endpoint, PREFLIGHT_TIMEOUT_MS);
  return openExternalHop(spec, backend, spec.endpoint);
}

async function openSinkHop(spec: HopSpec): Promise<Hop> {
  const sink = await startSink({
    host: '127.0.0.1',
    httpPort: 0,
    grpcPort: spec.protocol === 'otlp-grpc' ? 0 : null,
  });
  return {
    name: 'sink',
    version: 'built-in',
    urls: {
      httpBase: sink.httpUrl,
      otlpHttpBase: sink.httpUrl,
      otlpGrpcEndpoint: sink.grpcEndpoint,
      lokiPushBase: sink.httpUrl,
    },
    counts: async () => ({ accepted: sink.counters()[spec.signal].items, refused: 0 }),
    countsNote: '',
    probe: null,
    readBaseUrl: null,
    restart: null,
    addedLatency: () => {
      const summary = sink.addedLatency();
      return summary.count > 0 ? summary : null;
    },
    onDeath: () => {},
    close: () => sink.close(),
  };
}

async function openManagedHop(spec: HopSpec, backend: BackendTarget): Promise<Hop> {
  const installed = requireInstalled(backend.binaryName, undefined, undefined, spec.version);
  const instance = await BackendInstance.start({
    target: backend,
    binary: installed.binaryPath,
    cores: spec.cores,
    cpuLimitCores: spec.cpuLimitCores,
    // A downstream logs into its own directory: a Collector behind a Collector would share otelcol.log.
    logDir:
      spec.logDir === undefined || spec.role === 'target' ? spec.logDir : join(spec.logDir, 'downstream'),
    launch: { pipeline: spec.pipeline, downstream: spec.downstream },
  });
  // Listening before anything else is awaited: a death while the baseline is scraped still counts.
  const death = new DeathNotice();
  const what = `${spec.role === 'target' ? '' : '(the downstream) '}exited unexpectedly during the run`;
  const died = (): void => death.tell(instance.process.deathError(what).message);
  instance.process.onUnexpectedExit = died;
  if (instance.process.exited) died();
  try {
    // obsbench started it and knows where its counters are: if they do not answer, that is an error.
    const counter = await openCounter(backend, spec, () => instance.scrape(), instance.metricsUrl, {
      required: true,
    });
    const pid = instance.process.pid;
    return {
      name: backend.binaryName,
      version: counter.version ?? `${installed.stamp.version} (pinned build)`,
      urls: {
        httpBase: instance.httpBaseUrl,
        otlpHttpBase: instance.otlpHttpBase,
        otlpGrpcEndpoint: instance.otlpGrpcEndpoint,
        lokiPushBase: backend.lokiPushBase?.(instance.httpBaseUrl) ?? instance.httpBaseUrl,
      },
      counts: counter.counts,
      countsNote: counter.note,
      probe:
        pid === undefined
          ? null
          : {
              pid,
              dataDir: backend.storesData === false ? null : instance.dataDir,
              flush: () => instance.flush(),
              scrape: () => instance.scrape(),
              accepted: (text) => backend.acceptedItems(text, spec.signal, spec.protocol),
              diskSettleMs: backend.diskSettleMs ?? 0,
              sparseFiles: backend.sparseFiles ?? false,
              ownStorageFigures: (text) => backend.ownStorageFigures?.(text) ?? {},
            },
      readBaseUrl: instance.queryBaseUrl,
      restart: backend.storesData === false ? null : (readyTimeoutMs) => instance.restart(readyTimeoutMs),
      addedLatency: () => null,
      onDeath: (listener) => death.listen(listener),
      close: () => instance.stop(),
    };
  } catch (error) {
    await instance.stop();
    throw error;
  }
}

async function openExternalHop(spec: HopSpec, backend: BackendTarget | null, endpoint: string): Promise<Hop> {
  const base = endpoint.replace(/\/+$/, '');
  // A target's endpoint is used as written (the sender checks its form); a downstream's may be
  // host:port, which a first hop's OTLP/HTTP and remote write exporters need as a URL.
  const asDownstream = spec.role === 'downstream';
  const httpBase = asDownstream && !/^https?:\/\//i.test(base) ? `http://${base}` : base;
  const metricsUrl = backend ? `${httpBase}${backend.metricsPath}` : '';
  const counter = backend
    ? await openCounter(backend, spec, () => scrapeMetrics(metricsUrl), metricsUrl)
    : {
        counts: async () => null,
        version: null,
        note: `obsbench reads no counter of ${spec.kind}; accepted items are what its answers acknowledged`,
      };
  const unknownOtlpPath = asDownstream ? (EXTERNAL_OTLP_HTTP_PATH[spec.kind] ?? '') : '';
  return {
    name: backend?.binaryName ?? spec.kind,
    version: counter.version ?? 'unknown',
    urls: {
      httpBase,
      otlpHttpBase: backend ? backend.otlpHttpBase(httpBase) : `${httpBase}${unknownOtlpPath}`,
      otlpGrpcEndpoint: base,
      lokiPushBase: backend?.lokiPushBase?.(httpBase) ?? httpBase,
    },
    counts: counter.counts,
    countsNote: counter.note,
    probe: null,
    // The query API the user named; else, for backends obsbench has a target module for, their
    // HTTP address (the OTLP/gRPC port answers no query).
    readBaseUrl:
      spec.queryEndpoint?.replace(/\/+$/, '') ??
      (backend && /^https?:\/\//i.test(httpBase) && spec.protocol !== 'otlp-grpc' ? httpBase : null),
    restart: null,
    addedLatency: () => null,
    onDeath: () => {},
    close: async () => {},
  };
}

interface Counter {
  counts(): Promise<HopCounts | null>;
  /** The version its /metrics publishes, if any. */
  version: string | null;
  note: string;
}

/**
 * Its accepted and refused counters as deltas from a baseline scraped now. An external backend
 * whose /metrics does not answer here (a Collector serves them on another port) gets no counter,
 * and the note says so: the run then counts what the answers acknowledged. For a managed one
 * (`required`) that is an error.
 */
async function openCounter(
  backend: BackendTarget,
  spec: HopSpec,
  scrape: () => Promise<string>,
  metricsUrl: string,
  o: { required?: boolean } = {},
): Promise<Counter> {
  let baseline: string;
  try {
    baseline = await scrape();
  } catch (error) {
    const why = error instanceof Error ? error.message : String(error);
    if (o.required) {
      throw new ObsbenchError(
        'E_TARGET',
        `${backend.binaryName} is ready but its counters at ${metricsUrl} do not answer (${why}); see its log in the result directory`,
      );
    }
    return {
      counts: async () => null,
      version: null,
      note:
        `no counters of ${backend.binaryName} at ${metricsUrl} (${why}); accepted items are what its ` +
        `answers acknowledged. To count by its own counters, point ${spec.role === 'target' ? 'target' : 'target.downstream'}.endpoint at an address that also serves ${backend.metricsPath}`,
    };
  }
  const { signal, protocol } = spec;
  const baseAccepted = backend.acceptedItems(baseline, signal, protocol) ?? 0;
  const baseRefused = backend.refusedItems(baseline, signal);
  return {
    counts: async () => {
      const text = await scrape();
      const accepted = backend.acceptedItems(text, signal, protocol);
      if (accepted === null) return null;
      const refused = backend.refusedItems(text, signal);
      return {
        accepted: accepted - baseAccepted,
        refused: refused === null || baseRefused === null ? null : refused - baseRefused,
      };
    },
    version: backend.version(baseline),
    note: '',
  };
}

/** A death told once, to listeners present and to come. */
class DeathNotice {
  private message = '';
  private readonly listeners: ((message: string) => void)[] = [];

  tell(message: string): void {
    if (this.message) return;
    this.message = message;
    for (const listener of this.listeners) listener(message);
  }

  listen(listener: (message: string) => void): void {
    this.listeners.push(listener);
    if (this.message) listener(this.message);
  }
}
