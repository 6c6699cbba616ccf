// Pins a running process, every thread it has, to a set of cores (taskset -a -p). Threads it
// starts later (load workers) inherit the set, so one call pins the whole harness.

import { execFileSync } from 'node:child_process';
import { ObsbenchError } from '../errors.js';

export function pinProcess(pid: number, cores: readonly number[]): void {
  try {
    execFileSync('taskset', ['-a', '-p', '-c', cores.join(','), String(pid)], { stdio: 'ignore' });
  } catch (error) {
    throw new ObsbenchError(
      'E_STACK',
      `could not pin process ${pid} to cores ${cores.join(',')} with taskset (${error instanceof Error ? error.message : String(error)}); install util-linux`,
    );
  }
}
