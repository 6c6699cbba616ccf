// The backend behind a first hop (a Collector pipeline or vmagent): started before the first hop
// (the built-in sink in-process, a managed backend on free ports) or checked for reachability
// (an external one), its URLs handed to the first hop's config, its own counters read after the
// run, and stopped after the first hop. A run records what reached it beside what the first hop took.

import { join } from 'node:path';
import { ObsbenchError } from '../errors.js';
import type { Signal } from '../model/index.js';
import { scrapeMetrics } from '../probes/prometheus-text.js';
import type { LatencySummary } from '../result/run-result.js';
import type { Protocol, Scenario, TargetKind } from '../scenario/types.js';
import { BackendInstance } from '../stack/backend-instance.js';
import { requireInstalled } from '../stack/installed.js';
import type { BackendTarget } from '../targets/backend.js';
import {
  type DownstreamProtocol,
  type DownstreamUrls,
  downstreamSignal,
  PIPELINES,
  VMAGENT_DOWNSTREAM_PROTOCOL,
} from '../targets/pipelines.js';
import { backendTarget } from '../targets/registry.js';
import { startSink } from '../targets/sink/index.js';
import { checkEndpointReachable } from '../transport/index.js';

const PREFLIGHT_TIMEOUT_MS = 3000;
const POLL_MS = 250;
/** Counters unchanged this long (after the pipeline's own delay) count as settled. */
const STABLE_MS = 1000;
/** Longest wait beyond the pipeline's own delay for data in flight through the first hop. */
const SETTLE_MAX_MS = 10_000;

/** What the downstream counted since it opened, in its unit. */
export interface DownstreamReading {
  name: string;
  version: string;
  /** The signal it received (metrics behind spanmetrics). */
  signal: Signal;
  /** items: the same spans / points / records the first hop took; samples: derived (spanmetrics). */
  unit: 'items' | 'samples';
  /** null when it has no counter obsbench can read (Tempo, Loki, an external Collector). */
  accepted: number | null;
  refused: number | null;
  /** The built-in sink's latency from the send-time stamps (DownstreamSession.latencySummary). */
  latencyMs?: LatencySummary | null;
}

export interface DownstreamSession {
  readonly name: string;
  readonly urls: DownstreamUrls;
  /**
   * Wait until data in flight through the first hop has arrived (its count reaches `expected`
   * items, or stops moving after the pipeline's own delay), then read the counters.
   */
  settledReading(expected: number | null): Promise<DownstreamReading>;
  /**
   * The built-in sink's latency from stamping a batch to receiving it (load.stampSendTime), over
   * what arrived so far; null for other downstreams, or when nothing stamped arrived.
   */
  latencySummary(): LatencySummary | null;
  /** Called if a managed downstream dies before close(). */
  onDeath(listener: (message: string) => void): void;
  close(): Promise<void>;
}

export interface OpenDownstreamOptions {
  /** The run's directory; a managed downstream logs into <logDir>/downstream/. */
  logDir?: string;
}

/** How the first hop of this scenario sends on, or null when it sends nothing on. */
export function downstreamProtocolOf(scenario: Scenario): DownstreamProtocol | null {
  const target = scenario.target;
  if (target.downstream === undefined || !target.managed) return null;
  if (target.kind === 'vmagent') return VMAGENT_DOWNSTREAM_PROTOCOL;
  if (target.kind === 'collector') return PIPELINES[target.pipeline ?? 'nop'].downstreamProtocol;
  return null;
}

/** Start or check the scenario's downstream; null when its first hop has none. */
export async function openDownstream(
  scenario: Scenario,
  options: OpenDownstreamOptions = {},
): Promise<DownstreamSession | null> {
  const spec = scenario.target.downstream;
  const protocol = downstreamProtocolOf(scenario);
  if (spec === undefined || protocol === null) return null;
  const pipeline = scenario.target.kind === 'collector' ? scenario.target.pipeline : undefined;
  const how: How = {
    signal: downstreamSignal(pipeline, scenario.signal),
    protocol,
    unit: pipeline === undefined ? 'items' : PIPELINES[pipeline].downstreamUnit,
    delayMs: pipeline === undefined ? 0 : PIPELINES[pipeline].downstreamDelayMs,
  };
  if (spec.kind === 'sink') return openSinkDownstream(how);
  const backend = backendTarget(spec.kind);
  if (spec.managed) {
    if (backend === null) {
      throw new ObsbenchError('E_TARGET', `target.downstream.managed: obsbench cannot start ${spec.kind}`);
    }
    return openManagedDownstream(backend, how, options);
  }
  if (spec.endpoint === undefined) {
    throw new ObsbenchError(
      'E_SCENARIO_INVALID',
      `target.downstream.endpoint: required for ${spec.kind} unless downstream.managed is true`,
    );
  }
  await checkEndpointReachable(spec.endpoint, PREFLIGHT_TIMEOUT_MS);
  return openExternalDownstream(spec.kind, backend, spec.endpoint, how);
}

interface How {
  signal: Signal;
  protocol: DownstreamProtocol;
  unit: 'items' | 'samples';
  delayMs: number;
}

async function openSinkDownstream(how: How): Promise<DownstreamSession> {
  const sink = await startSink({
    host: '127.0.0.1',
    httpPort: 0,
    grpcPort: how.protocol === 'otlp-grpc' ? 0 : null,
  });
  const read = async (): Promise<Counts> => ({ accepted: sink.counters()[how.signal].items, refused: 0 });
  const latencySummary = (): LatencySummary | null => {
    const summary = sink.addedLatency();
    return summary.count > 0 ? summary : null;
  };
  return {
    name: 'sink',
    urls: {
      otlpGrpcEndpoint: sink.grpcEndpoint,
      otlpHttpBase: sink.httpUrl,
      remoteWriteUrl: `${sink.httpUrl}/api/v1/write`,
    },
    settledReading: async (expected) => ({
      ...reading('sink', 'built-in', how, await settle(read, how, expected)),
      latencyMs: latencySummary(),
    }),
    latencySummary,
    onDeath: () => {},
    close: () => sink.close(),
  };
}

async function openManagedDownstream(
  backend: BackendTarget,
  how: How,
  options: OpenDownstreamOptions,
): Promise<DownstreamSession> {
  const installed = requireInstalled(backend.binaryName);
  const instance = await BackendInstance.start({
    target: backend,
    binary: installed.binaryPath,
    cores: null,
    // Its own directory: a Collector behind a Collector would otherwise share otelcol.log.
    logDir: options.logDir === undefined ? undefined : join(options.logDir, 'downstream'),
  });
  try {
    const baseline = await instance.scrape();
    const read = counter(backend, how, () => instance.scrape(), baseline);
    const version = backend.version(baseline) ?? `${installed.stamp.version} (pinned build)`;
    const listeners: ((message: string) => void)[] = [];
    instance.process.onUnexpectedExit = () => {
      const message = instance.process.deathError(
        '(the downstream) exited unexpectedly during the run',
      ).message;
      for (const listener of listeners) listener(message);
    };
    return {
      name: backend.binaryName,
      urls: {
        otlpGrpcEndpoint: instance.otlpGrpcEndpoint,
        otlpHttpBase: instance.otlpHttpBase,
        remoteWriteUrl: `${instance.httpBaseUrl}/api/v1/write`,
      },
      settledReading: async (expected) =>
        reading(backend.binaryName, version, how, await settle(read, how, expected)),
      latencySummary: () => null,
      onDeath: (listener) => listeners.push(listener),
      close: () => instance.stop(),
    };
  } catch (error) {
    await instance.stop();
    throw error;
  }
}

/** OTLP/HTTP base URL of backends obsbench has no target module for. */
const EXTERNAL_OTLP_HTTP_PATH: Partial<Record<TargetKind, string>> = { loki: '/otlp', tempo: '' };

async function openExternalDownstream(
  kind: TargetKind,
  backend: BackendTarget | null,
  endpoint: string,
  how: How,
): Promise<DownstreamSession> {
  const base = endpoint.replace(/\/+$/, '');
  const httpBase = /^https?:\/\//i.test(base) ? base : `http://${base}`;
  const urls: DownstreamUrls = {
    otlpGrpcEndpoint: base.replace(/^https?:\/\//i, ''),
    otlpHttpBase: backend
      ? backend.otlpHttpBase(httpBase)
      : `${httpBase}${EXTERNAL_OTLP_HTTP_PATH[kind] ?? ''}`,
    remoteWriteUrl: `${httpBase}/api/v1/write`,
  };
  // Its own counters when obsbench knows them and they answer at this address; otherwise none
  // (a Collector serves them on another port; Tempo and Loki have no target module).
  let read: () => Promise<Counts | null> = async () => null;
  let version = 'unknown';
  if (backend) {
    const scrape = (): Promise<string> => scrapeMetrics(`${httpBase}${backend.metricsPath}`);
    const baseline = await scrape().catch(() => null);
    if (baseline !== null) {
      read = counter(backend, how, scrape, baseline);
      version = backend.version(baseline) ?? 'unknown';
    }
  }
  return {
    name: backend?.binaryName ?? kind,
    urls,
    settledReading: async (expected) =>
      reading(backend?.binaryName ?? kind, version, how, await settle(read, how, expected)),
    latencySummary: () => null,
    onDeath: () => {},
    close: async () => {},
  };
}

interface Counts {
  accepted: number;
  refused: number | null;
}

function counter(
  backend: BackendTarget,
  how: How,
  scrape: () => Promise<string>,
  baseline: string,
): () => Promise<Counts | null> {
  const protocol: Protocol = how.protocol;
  const baseAccepted = backend.acceptedItems(baseline, how.signal, protocol) ?? 0;
  const baseRefused = backend.refusedItems(baseline, how.signal);
  return async () => {
    const text = await scrape();
    const accepted = backend.acceptedItems(text, how.signal, protocol);
    if (accepted === null) return null;
    const refused = backend.refusedItems(text, how.signal);
    return {
      accepted: accepted - baseAccepted,
      refused: refused === null || baseRefused === null ? null : refused - baseRefused,
    };
  };
}

/**
 * Poll until the count reaches `expected` (same-unit downstreams), or has not moved for STABLE_MS
 * once the pipeline's own delay has passed, or SETTLE_MAX_MS beyond that delay.
 */
async function settle(
  read: () => Promise<Counts | null>,
  how: How,
  expected: number | null,
): Promise<Counts | null> {
  const startedAt = Date.now();
  const deadline = startedAt + how.delayMs + SETTLE_MAX_MS;
  let last = await read();
  let changedAt = startedAt;
  for (;;) {
    const now = Date.now();
    if (last === null || now >= deadline) return last;
    const target = how.unit === 'items' ? expected : null;
    if (target !== null && last.accepted >= target) return last;
    if (now - startedAt >= how.delayMs && now - changedAt >= STABLE_MS) return last;
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
    const next = await read();
    if (next?.accepted !== last.accepted || next?.refused !== last.refused) changedAt = Date.now();
    last = next;
  }
}

function reading(name: string, version: string, how: How, counts: Counts | null): DownstreamReading {
  return {
    name,
    version,
    signal: how.signal,
    unit: how.unit,
    accepted: counts?.accepted ?? null,
    refused: counts?.refused ?? null,
  };
}
