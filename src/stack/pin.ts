// Pins a running process, every thread it has, to a set of cores (taskset -a -p). Threads it
// starts later (load workers) inherit the set, so one call pins the whole harness.

import { execFileSync } from 'node:child_process';
import { ObsbenchError } from '../errors.js';

export function pinProcess(pid: number, cores: readonly number[]): void {
  try {
    execFileSync('taskset', ['-a', '-p', '-c', cores.join(','), String(pid)], { stdio: 'ignore' });
  } catch (error) {
    const missing = (error as NodeJS.ErrnoException).code === 'ENOENT';
    throw new ObsbenchError(
      'E_STACK',
      missing
        ? 'taskset is not installed: install util-linux to pin processes to cores'
        : `could not pin process ${pid} to cores ${cores.join(',')} with taskset (${error instanceof Error ? error.message : String(error)}); check that these cores are allowed here (Cpus_allowed_list in /proc/self/status)`,
    );
  }
}
