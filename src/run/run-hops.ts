// The hops of one scenario: its target and, behind a managed first hop (a Collector pipeline,
// vmagent), the downstream it forwards to. The downstream opens first, since the first hop's
// config names its addresses, and closes last.

import { ObsbenchError } from '../errors.js';
import type { Scenario } from '../model/scenario.js';
import { backendTarget } from '../targets/registry.js';
import { downstreamUrls, endpointFor, type Hop, openHop } from './hop.js';

export interface RunHops {
  target: Hop;
  /** The backend behind a managed first hop, or null. */
  downstream: Hop | null;
  /** Where the load goes: the target's address for the scenario's protocol. */
  loadEndpoint: string;
  /** Told once if the target or its downstream dies before close(). */
  onDeath(listener: (message: string) => void): void;
  close(): Promise<void>;
}

export interface OpenRunHopsOptions {
  /** The run's directory, for managed backends' logs. */
  logDir?: string;
  /** Cores the managed target is pinned to (its downstream is not pinned), or null. */
  backendCores?: number[] | null;
  /** The managed target's CPU quota in cores (its downstream is not limited), or null. */
  backendCpuLimitCores?: number | null;
}

export async function openRunHops(scenario: Scenario, options: OpenRunHopsOptions = {}): Promise<RunHops> {
  const target = scenario.target;
  const backend = backendTarget(target.kind);
  if (backend && !backend.supports(scenario.signal, scenario.protocol)) {
    throw new ObsbenchError(
      'E_SCENARIO_INVALID',
      `${scenario.sourcePath || scenario.name}: protocol: ${target.kind} does not ingest ${scenario.signal} over ${scenario.protocol} in obsbench yet`,
    );
  }
  const downstream = await openDownstream(scenario, options);
  let first: Hop;
  try {
    first = await openHop({
      role: 'target',
      kind: target.kind,
      managed: target.managed,
      endpoint: target.endpoint,
      allowNonLoopback: target.allowNonLoopback,
      signal: scenario.signal,
      protocol: scenario.protocol,
      pipeline: target.pipeline,
      downstream: downstream ? downstreamUrls(downstream.urls) : undefined,
      cores: options.backendCores ?? null,
      cpuLimitCores: options.backendCpuLimitCores ?? null,
      logDir: options.logDir,
      version: target.version,
      queryEndpoint: target.queryEndpoint,
    });
  } catch (error) {
    await downstream?.close();
    throw error;
  }
  return {
    target: first,
    downstream,
    loadEndpoint: endpointFor(first.urls, scenario.protocol),
    onDeath: (listener) => {
      // Whichever dies first is the run's death; the other may follow from it.
      let told = false;
      const once = (message: string): void => {
        if (told) return;
        told = true;
        listener(message);
      };
      first.onDeath(once);
      downstream?.onDeath(once);
    },
    close: async () => {
      try {
        await first.close();
      } finally {
        await downstream?.close();
      }
    },
  };
}

/** The backend behind a managed first hop, or null when the first hop sends nothing on. */
async function openDownstream(scenario: Scenario, options: OpenRunHopsOptions): Promise<Hop | null> {
  const route = scenario.route.downstream;
  const spec = scenario.target.downstream;
  if (route === null || spec === undefined) return null;
  return openHop({
    role: 'downstream',
    kind: spec.kind,
    managed: spec.managed,
    endpoint: spec.endpoint,
    allowNonLoopback: scenario.target.allowNonLoopback,
    signal: route.signal,
    protocol: route.protocol,
    // Not pinned: the cores are the target's.
    cores: null,
    logDir: options.logDir,
  });
}
