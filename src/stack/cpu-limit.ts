// A CPU limit for a managed backend: a cgroup of its own with a CFS quota (cgroup v2 cpu.max, or
// the v1 cpu controller's cpu.cfs_quota_us), which the backend joins before it execs, so every
// thread it ever starts is throttled to that many cores' worth of time per 100 ms period. This is
// "the backend given half the CPU" without taking a core from the harness, as pinning would on a
// small machine. Needs root (or a delegated cgroup); the error says so. Two side effects to know:
// on cgroup v2 the root's cgroup.subtree_control gains +cpu (left on: other groups may rely on
// it), and the backend leaves the cgroup obsbench runs in (a CI job's memory limit and accounting
// then no longer cover it).

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
  private readonly dir: string;

  private constructor(dir: string) {
    this.dir = dir;
    this.procsPath = join(dir, 'cgroup.procs');
  }

  /** A new group limited to `limitCores` cores (0.5 = half of one core's time). */
  static create(limitCores: number, roots = CGROUP_ROOTS): CpuLimitGroup {
    const quotaUs = Math.round(limitCores * PERIOD_US);
    const { root, v2 } = cpuControllerRoot(roots);
    removeLeftoverCpuGroups(roots);
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
    return new CpuLimitGroup(dir);
  }

  /** The command, wrapped so that the backend joins this group before it execs. */
  wrap(command: string[]): string[] {
    return ['sh', '-c', 'echo $$ > "$0" && exec "$@"', this.procsPath, ...command];
  }

  /**
   * Removes the group once its processes are gone. The last one may still be leaving after its
   * parent saw it exit, so a busy group is tried again until `deadlineMs`; one still busy then is
   * left to `removeLeftoverCpuGroups` (a later run, or obsbench stack down). True when removed.
   */
  async remove(deadlineMs = 3000): Promise<boolean> {
    const deadline = Date.now() + deadlineMs;
    for (;;) {
      try {
        rmdirSync(this.dir);
        return true;
      } catch (error) {
        const code = (error as NodeJS.ErrnoException).code;
        if (code === 'ENOENT') return true;
        if (code !== 'EBUSY' || Date.now() >= deadline) return false;
      }
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
}

/**
 * Checks, before anything runs, that a group with this limit can be made here: makes one and
 * removes it, so a run, an A/B or a capacity search that would need it fails at once, not after
 * its first half.
 */
export async function checkCpuLimit(limitCores: number): Promise<void> {
  await CpuLimitGroup.create(limitCores).remove();
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
export function removeLeftoverCpuGroups(roots = CGROUP_ROOTS): string[] {
  const { root } = cpuControllerRoot(roots);
  const removed: string[] = [];
  let names: string[];
  try {
    names = readdirSync(root).filter((name) => name.startsWith(GROUP_PREFIX));
  } catch {
    return removed;
  }
  for (const name of names) {
    const owner = Number(/^obsbench-(\d+)-/.exec(name)?.[1]);
    if (!Number.isInteger(owner) || owner === process.pid || processAlive(owner)) continue;
    try {
      rmdirSync(join(root, name));
      removed.push(join(root, name));
    } catch {
      // still has processes: left alone
    }
  }
  return removed;
}
