// A baseline: the compact record of a set of runs that compare reads in their place, meant to be
// committed (results/baselines/). Per scenario its repeats summary (every run's value of every
// figure) plus each run's latency HDR histograms, and what the runs ran on.

import type { RunResult } from '../model/run-result.js';
import { groupByScenario, type RepeatsSummary, summarizeRepeats } from './repeats.js';

const BASELINE_VERSION = 1;

export interface Baseline {
  baselineVersion: number;
  name: string;
  createdAt: string;
  /** Where the runs came from. */
  source: string;
  tool: RunResult['tool'];
  repeats: RepeatsSummary[];
  /** Per scenario: what its runs ran on, and each run's latency histograms (base64 HdrHistogram). */
  scenarios: Record<
    string,
    {
      backendVersions: string[];
      machines: string[];
      /** How the backend was placed: pinning and CPU limit (absent in older baselines). */
      placements?: string[];
      latencyHdr: string[];
      serviceTimeHdr: string[];
    }
  >;
}

export function makeBaseline(results: readonly RunResult[], name: string, source: string): Baseline {
  const scenarios: Baseline['scenarios'] = {};
  for (const [scenario, runs] of groupByScenario(results)) {
    scenarios[scenario] = {
      backendVersions: [...new Set(runs.map(backendVersionOf))],
      machines: [...new Set(runs.map(machineOf))],
      placements: [...new Set(runs.map(backendPlacementOf))],
      latencyHdr: runs.map((r) => r.latencyMs.hdrBase64),
      serviceTimeHdr: runs.map((r) => r.serviceTimeMs.hdrBase64),
    };
  }
  return {
    baselineVersion: BASELINE_VERSION,
    name,
    createdAt: new Date().toISOString(),
    source,
    tool: results[0].tool,
    repeats: summarizeRepeats(results),
    scenarios,
  };
}

export function backendVersionOf(r: RunResult): string {
  return `${r.backend?.name} ${r.backend?.version}`;
}

/** The backend's cores and CPU limit, as a caveat would name them. */
export function backendPlacementOf(r: RunResult): string {
  const cores = r.env?.backendCores;
  const limit = r.env?.backendCpuLimitCores;
  return `${cores ? `pinned to ${cores.join(',')}` : 'not pinned'}, ${limit == null ? 'no CPU limit' : `CPU limit ${limit} cores`}`;
}

export function machineOf(r: RunResult): string {
  return `${r.env?.cpuModel} x ${r.env?.cores}`;
}
