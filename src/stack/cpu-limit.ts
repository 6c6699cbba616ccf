// A CPU limit for a managed backend: a cgroup of its own with a CFS quota (cgroup v2 cpu.max, or
// the v1 cpu controller's cpu.cfs_quota_us), which the backend joins before it execs, so every
// thread it ever starts is throttled to that many cores' worth of time per 100 ms period. This is
// "the backend given half the CPU" without taking a core from the harness, as pinning would on a
// small machine. Needs root (or a delegated cgroup); the error says so.

import { existsSync, mkdirSync, readdirSync, readFileSync, rmdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ObsbenchError } from '../errors.js';
import { processAlive } from './work-dir.js';

const PERIOD_US = 100_000;
const CGROUP_ROOTS = { v2: '/sys/fs/cgroup', v1Cpu: '/sys/fs/cgroup/cpu' };
const GROUP_PREFIX = 'obsbench-';

let groupsMade = 0;

export class CpuLimitGroup {
  /** Where the backend writes its own pid to join the group. */
  readonly procsPath: string;
  readonly limitCores: number;
  private readonly dir: string;
  private readonly version: 1 | 2;

  private constructor(dir: string, version: 1 | 2, limitCores: number) {
    this.dir = dir;
    this.version = version;
    this.limitCores = limitCores;
    this.procsPath = join(dir, 'cgroup.procs');
  }

  /** A new group limited to `limitCores` cores (0.5 = half of one core's time). */
  static create(limitCores: number, roots = CGROUP_ROOTS): CpuLimitGroup {
    const quotaUs = Math.round(limitCores * PERIOD_US);
    const { root, v2 } = cpuControllerRoot(roots);
    removeLeftoverGroups(root);
    const dir = join(root, `${GROUP_PREFIX}${process.pid}-${++groupsMade}`);
    try {
      if (v2) enableV2CpuController(root);
      // cgroupfs makes the group's control files on mkdir (not recursive: an existing group is an error).
      mkdirSync(dir);
      if (v2) writeFileSync(join(dir, 'cpu.max'), `${quotaUs} ${PERIOD_US}`);
      else {
        writeFileSync(join(dir, 'cpu.cfs_period_us'), String(PERIOD_US));
        writeFileSync(join(dir, 'cpu.cfs_quota_us'), String(quotaUs));
      }
    } catch (error) {
      try {
        rmdirSync(dir);
      } catch {
        // never made
      }
      throw new ObsbenchError(
        'E_USAGE',
        `a backend CPU limit of ${limitCores} cores needs a writable cgroup cpu controller (tried ${root}: ${error instanceof Error ? error.message : String(error)}); run obsbench as root on a host with the cgroup cpu controller, or pin the backend with backend-cores instead`,
      );
    }
    return new CpuLimitGroup(dir, v2 ? 2 : 1, limitCores);
  }

  /** The command, wrapped so that the backend joins this group before it execs. */
  wrap(command: string[]): string[] {
    return ['sh', '-c', 'echo $$ > "$0" && exec "$@"', this.procsPath, ...command];
  }

  /** Seconds the group's processes were held back by the quota so far. */
  throttledS(): number {
    const stat = readFileSync(join(this.dir, 'cpu.stat'), 'utf8');
    if (this.version === 2) return Number(/^throttled_usec (\d+)/m.exec(stat)?.[1] ?? 0) / 1e6;
    return Number(/^throttled_time (\d+)/m.exec(stat)?.[1] ?? 0) / 1e9;
  }

  /**
   * Removes the group once its processes are gone: the last one may still be leaving, so a busy
   * group is tried again for a few seconds; one still busy then is swept by a later create().
   */
  remove(triesLeft = 10): void {
    try {
      rmdirSync(this.dir);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EBUSY' || triesLeft <= 0) return;
      setTimeout(() => this.remove(triesLeft - 1), 300).unref();
    }
  }
}

/** Where CPU-limit groups are made: the unified (v2) root when it is one, else the v1 cpu controller. */
export function cpuControllerRoot(roots = CGROUP_ROOTS): { root: string; v2: boolean } {
  const v2 = existsSync(join(roots.v2, 'cgroup.controllers'));
  return { root: v2 ? roots.v2 : roots.v1Cpu, v2 };
}

/** cgroup v2 only limits children whose parent enables the cpu controller for its subtree. */
function enableV2CpuController(root: string): void {
  const enabled = readFileSync(join(root, 'cgroup.subtree_control'), 'utf8');
  if (!/\bcpu\b/.test(enabled)) writeFileSync(join(root, 'cgroup.subtree_control'), '+cpu');
}

/** Groups left by an obsbench that was killed: removed when their owner is dead and they are empty. */
function removeLeftoverGroups(root: string): void {
  let names: string[];
  try {
    names = readdirSync(root).filter((name) => name.startsWith(GROUP_PREFIX));
  } catch {
    return;
  }
  for (const name of names) {
    const owner = Number(/^obsbench-(\d+)-/.exec(name)?.[1]);
    if (!Number.isInteger(owner) || owner === process.pid || processAlive(owner)) continue;
    try {
      rmdirSync(join(root, name));
    } catch {
      // still has processes: left alone
    }
  }
}
