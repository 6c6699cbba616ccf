// Where a run's managed backend may run: pinned to cores, limited to a share of CPU time. Both
// only mean something for a backend obsbench starts, so they are checked once, before anything
// runs: against the scenarios (a sink or an external endpoint would silently run unpinned and
// unlimited while the result said otherwise) and, for a CPU limit, against this machine's cgroups.

import { ObsbenchError } from '../errors.js';
import type { Scenario } from '../model/scenario.js';
import { checkCpuLimit } from '../stack/cpu-limit.js';

export interface BackendPlacement {
  /** Cores the managed backend is pinned to, or null. */
  cores: number[] | null;
  /** Its CPU quota in cores, or null. */
  cpuLimitCores: number | null;
}

/** Throws a usage error naming `setting` when a scenario's backend is not started by obsbench. */
export async function checkBackendPlacement(
  scenarios: readonly Scenario[],
  placement: BackendPlacement,
  setting: { cores: string; cpuLimit: string },
): Promise<void> {
  const asked = [
    placement.cores !== null ? setting.cores : null,
    placement.cpuLimitCores !== null ? setting.cpuLimit : null,
  ].filter((s): s is string => s !== null);
  if (asked.length === 0) return;
  const unmanaged = scenarios.find((s) => !s.target.managed);
  if (unmanaged) {
    throw new ObsbenchError(
      'E_USAGE',
      `${asked.join(' and ')}: ${unmanaged.sourcePath || unmanaged.name} targets ${unmanaged.target.kind}, which obsbench does not start, so it cannot pin or limit it; use a scenario with target.managed: true, or drop ${asked.join(' and ')}`,
    );
  }
  if (placement.cpuLimitCores !== null) await checkCpuLimit(placement.cpuLimitCores);
}
