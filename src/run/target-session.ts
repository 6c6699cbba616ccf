// Turns a scenario's target into something to send to: the in-process built-in sink, a managed
// backend started for the run, or an external endpoint checked against the loopback rule and for
// reachability before any load. Where the target counts items itself, the session reads those
// counters (deltas since it opened) so results report what the target accepted.

import { ObsbenchError } from '../errors.js';
import type { Signal } from '../model/index.js';
import { scrapeMetrics } from '../probes/prometheus-text.js';
import type { Protocol, Scenario } from '../scenario/types.js';
import { BackendInstance } from '../stack/backend-instance.js';
import { requireInstalled } from '../stack/installed.js';
import type { BackendTarget } from '../targets/backend.js';
import { assertEndpointAllowed } from '../targets/endpoint.js';
import { backendTarget } from '../targets/registry.js';
import { startSink } from '../targets/sink/index.js';
import { checkEndpointReachable } from '../transport/index.js';
import type { BackendProbeHandle } from './backend-measure.js';
import { type DownstreamReading, openDownstream } from './downstream.js';

const PREFLIGHT_TIMEOUT_MS = 3000;
const SETTLE_POLL_MS = 250;
const SETTLE_MAX_MS = 5000;

export interface TargetCounts {
  accepted: number;
  refused: number | null;
}

export interface TargetSession {
  /** Base URL (OTLP/HTTP) or host:port (gRPC) the load goes to. */
  endpoint: string;
  backendName: string;
  backendVersion: string;
  /** Items the target counted since the session opened, or null when it has no counter. */
  counts(): Promise<TargetCounts | null>;
  /**
   * Wait until the target's counters reach the items it acknowledged and stop moving (a backend
   * may count a request after answering it), then read them; at most a few seconds.
   */
  settledCounts(acknowledged: number): Promise<TargetCounts | null>;
  /** Called if a managed backend dies before close(); the message names it and its last log lines. */
  onDeath(listener: (message: string) => void): void;
  /**
   * What reached the backend behind a managed first hop (Collector pipeline, vmagent), once data in
   * flight has arrived (`expected`: items the first hop accepted); absent when there is none.
   */
  downstreamReading?(expected: number | null): Promise<DownstreamReading>;
  /** A managed backend's process and data dir, for CPU, RSS and disk probes; null otherwise. */
  probe: BackendProbeHandle | null;
  /** The backend's HTTP API base for read-path probes (queries, canaries); null for the sink. */
  readBaseUrl: string | null;
  close(): Promise<void>;
}

export interface OpenTargetOptions {
  /** The run's directory, for the backend's log. */
  logDir?: string;
  backendCores?: number[] | null;
}

export async function openTarget(
  scenario: Scenario,
  options: OpenTargetOptions = {},
): Promise<TargetSession> {
  const target = scenario.target;
  if (target.kind === 'sink' && !target.endpoint) return openSink(scenario);
  const backend = backendTarget(target.kind);
  if (backend && !backend.supports(scenario.signal, scenario.protocol)) {
    throw new ObsbenchError(
      'E_SCENARIO_INVALID',
      `${scenario.sourcePath || scenario.name}: protocol: ${target.kind} does not ingest ${scenario.signal} over ${scenario.protocol} in obsbench yet`,
    );
  }
  if (target.managed) {
    if (!backend) {
      throw new ObsbenchError(
        'E_TARGET',
        `target.managed: obsbench cannot start ${target.kind} here; run it yourself and set target.endpoint`,
      );
    }
    return openManaged(scenario, backend, options);
  }
  if (!target.endpoint) {
    throw new ObsbenchError(
      'E_SCENARIO_INVALID',
      `${scenario.sourcePath || scenario.name}: target.endpoint: required for target ${target.kind} unless target.managed is true`,
    );
  }
  assertEndpointAllowed(target.endpoint, target.allowNonLoopback);
  await checkEndpointReachable(target.endpoint, PREFLIGHT_TIMEOUT_MS);
  if (backend) return openExternalBackend(scenario, backend, target.endpoint);
  return {
    endpoint: target.endpoint,
    backendName: target.kind,
    backendVersion: 'unknown',
    counts: async () => null,
    settledCounts: async () => null,
    onDeath: () => {},
    probe: null,
    readBaseUrl: null,
    close: async () => {},
  };
}

async function openSink(scenario: Scenario): Promise<TargetSession> {
  const sink = await startSink({
    host: '127.0.0.1',
    httpPort: 0,
    grpcPort: scenario.protocol === 'otlp-grpc' ? 0 : null,
  });
  const counts = async (): Promise<TargetCounts> => ({
    accepted: sink.counters()[scenario.signal].items,
    refused: 0,
  });
  return {
    endpoint: scenario.protocol === 'otlp-grpc' ? sink.grpcEndpoint : sink.httpUrl,
    backendName: 'sink',
    backendVersion: 'built-in',
    counts,
    settledCounts: counts,
    onDeath: () => {},
    probe: null,
    readBaseUrl: null,
    close: () => sink.close(),
  };
}

/** Counter reading shared by managed and external backends: deltas from a baseline taken at open. */
function backendCounter(
  backend: BackendTarget,
  signal: Signal,
  protocol: Protocol,
  scrape: () => Promise<string>,
  baseline: string,
) {
  const base = {
    accepted: backend.acceptedItems(baseline, signal, protocol) ?? 0,
    refused: backend.refusedItems(baseline, signal),
  };
  const counts = async (): Promise<TargetCounts | null> => {
    const text = await scrape();
    const accepted = backend.acceptedItems(text, signal, protocol);
    if (accepted === null) return null;
    const refused = backend.refusedItems(text, signal);
    return {
      accepted: accepted - base.accepted,
      refused: refused === null || base.refused === null ? null : refused - base.refused,
    };
  };
  const settledCounts = async (acknowledged: number): Promise<TargetCounts | null> => {
    const deadline = Date.now() + SETTLE_MAX_MS;
    let last = await counts();
    while (Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, SETTLE_POLL_MS));
      const next = await counts();
      const still = next?.accepted === last?.accepted && next?.refused === last?.refused;
      // Short of what it acknowledged: its counter may lag its answers, so wait out the deadline.
      if (still && (next === null || next.accepted >= acknowledged)) return next;
      last = next;
    }
    return last;
  };
  return { counts, settledCounts };
}

async function openManaged(
  scenario: Scenario,
  backend: BackendTarget,
  o: OpenTargetOptions,
): Promise<TargetSession> {
  const installed = requireInstalled(backend.binaryName);
  // A downstream starts first (the first hop's config names its URLs) and stops after it.
  const downstream = await openDownstream(scenario, { logDir: o.logDir });
  const instance = await BackendInstance.start({
    target: backend,
    binary: installed.binaryPath,
    cores: o.backendCores ?? null,
    logDir: o.logDir,
    launch: { pipeline: scenario.target.pipeline, downstream: downstream?.urls },
  }).catch(async (error: unknown) => {
    await downstream?.close();
    throw error;
  });
  const listeners: ((message: string) => void)[] = [];
  // A death before the run listens (during the ceiling probe, say) is kept and told on listening.
  let deathMessage = '';
  const died = (message: string): void => {
    if (deathMessage) return;
    deathMessage = message;
    for (const listener of listeners) listener(message);
  };
  instance.process.onUnexpectedExit = () => {
    died(instance.process.deathError('exited unexpectedly during the run').message);
  };
  downstream?.onDeath(died);
  try {
    const baseline = await instance.scrape();
    const counter = backendCounter(
      backend,
      scenario.signal,
      scenario.protocol,
      () => instance.scrape(),
      baseline,
    );
    return {
      endpoint: ingestEndpoint(scenario.protocol, instance),
      backendName: backend.binaryName,
      backendVersion: backend.version(baseline) ?? `${installed.stamp.version} (pinned build)`,
      ...counter,
      onDeath: (listener) => {
        listeners.push(listener);
        if (deathMessage) listener(deathMessage);
      },
      probe: probeHandle(scenario, backend, instance),
      readBaseUrl: instance.httpBaseUrl,
      downstreamReading: downstream ? (expected) => downstream.settledReading(expected) : undefined,
      close: async () => {
        try {
          await instance.stop();
        } finally {
          await downstream?.close();
        }
      },
    };
  } catch (error) {
    await instance.stop();
    await downstream?.close();
    throw error;
  }
}

async function openExternalBackend(
  scenario: Scenario,
  backend: BackendTarget,
  baseUrl: string,
): Promise<TargetSession> {
  const base = baseUrl.replace(/\/+$/, '');
  const scrape = (): Promise<string> => scrapeMetrics(`${base}${backend.metricsPath}`);
  const baseline = await scrape();
  return {
    endpoint: httpIngestBase(scenario.protocol, backend, base),
    backendName: backend.binaryName,
    backendVersion: backend.version(baseline) ?? 'unknown',
    ...backendCounter(backend, scenario.signal, scenario.protocol, scrape, baseline),
    onDeath: () => {},
    probe: null,
    readBaseUrl: base,
    close: async () => {},
  };
}

function probeHandle(
  scenario: Scenario,
  backend: BackendTarget,
  instance: BackendInstance,
): BackendProbeHandle | null {
  const pid = instance.process.pid;
  if (pid === undefined) return null;
  return {
    pid,
    dataDir: backend.storesData === false ? null : instance.dataDir,
    flush: () => instance.flush(),
    scrape: () => instance.scrape(),
    accepted: (text) => backend.acceptedItems(text, scenario.signal, scenario.protocol),
    diskSettleMs: backend.diskSettleMs ?? 0,
    ownStorageFigures: (text) => backend.ownStorageFigures?.(text) ?? {},
  };
}

/** Where a managed instance ingests a protocol. */
function ingestEndpoint(protocol: Protocol, instance: BackendInstance): string {
  if (protocol === 'otlp-grpc') return instance.otlpGrpcEndpoint;
  return httpIngestBase(protocol, instance.target, instance.httpBaseUrl);
}

/**
 * The base URL an HTTP sender appends its protocol's path to: remote write (/api/v1/write) at the
 * HTTP API base, Loki push (/loki/api/v1/push) under the target's Loki prefix, OTLP at its base.
 */
function httpIngestBase(protocol: Protocol, backend: BackendTarget, base: string): string {
  if (protocol === 'prometheus-remote-write') return base;
  if (protocol === 'loki-push') return backend.lokiPushBase?.(base) ?? base;
  return backend.otlpHttpBase(base);
}
