// A backend process under the harness's control: started in its own process group behind a small
// watchdog shell that kills it if the harness dies (even by SIGKILL), optionally pinned to cores
// with taskset, its output captured to a log file, its readiness awaited, its death noticed, and
// stopped with SIGTERM then SIGKILL. No orphan survives the harness.

import { type ChildProcess, spawn } from 'node:child_process';
import { closeSync, openSync, readFileSync } from 'node:fs';
import { ObsbenchError } from '../errors.js';
import { CpuLimitGroup } from './cpu-limit.js';

/** Seconds the watchdog and stop() wait after SIGTERM before SIGKILL. */
const STOP_GRACE_S = 10;

// Runs "$@" as a child, forwards TERM/INT, and kills it when the harness (its parent, whose pid
// is passed as $1) is gone; then, if the harness is gone, removes the directory passed as $2 (the
// run's data dir, which the harness can no longer remove). Exits with the backend's status.
const WATCHDOG = `harness=$1; cleanup=$2; shift 2
"$@" &
child=$!
trap 'kill -TERM $child 2>/dev/null' TERM INT
while kill -0 "$harness" 2>/dev/null && kill -0 $child 2>/dev/null; do sleep 0.5; done
if kill -0 $child 2>/dev/null; then
  kill -TERM $child 2>/dev/null
  for i in $(seq 1 ${STOP_GRACE_S * 2}); do kill -0 $child 2>/dev/null || break; sleep 0.5; done
  kill -KILL $child 2>/dev/null
fi
wait $child
status=$?
if [ -n "$cleanup" ] && ! kill -0 "$harness" 2>/dev/null; then rm -rf -- "$cleanup"; fi
exit $status`;

export interface ManagedProcessOptions {
  /** Name for messages ("victoria-metrics"). */
  name: string;
  binary: string;
  args: string[];
  /** Cores to pin the backend to (taskset -c), or null. */
  cores: number[] | null;
  /** A CPU quota in cores (0.5 = half of one core's time, in a cgroup of its own), or null. */
  cpuLimitCores?: number | null;
  /** File receiving the backend's stdout and stderr. */
  logPath: string;
  cwd?: string;
  env?: NodeJS.ProcessEnv;
  /**
   * Keep running after obsbench exits (obsbench stack up): no watchdog, and obsbench does not
   * wait for it. `obsbench stack down` stops it by its process group.
   */
  outliveHarness?: boolean;
  /**
   * A directory the watchdog deletes once the backend is gone, if the harness died first (a
   * SIGKILLed obsbench cannot remove the data dir itself). Ignored with outliveHarness.
   */
  removeWhenOrphaned?: string;
}

export interface ExitInfo {
  code: number | null;
  signal: NodeJS.Signals | null;
}

export class ManagedProcess {
  readonly options: ManagedProcessOptions;
  private child: ChildProcess | null = null;
  private exitInfo: ExitInfo | null = null;
  private readonly exitWaiters: ((info: ExitInfo) => void)[] = [];
  private stopping = false;
  private cpuLimit: CpuLimitGroup | null = null;
  /** Called once if the process exits without stop() having been asked. */
  onUnexpectedExit: ((info: ExitInfo) => void) | null = null;

  constructor(options: ManagedProcessOptions) {
    this.options = options;
  }

  get pid(): number | undefined {
    return this.child?.pid;
  }

  get exited(): ExitInfo | null {
    return this.exitInfo;
  }

  start(): void {
    const o = this.options;
    const pinned =
      o.cores && o.cores.length > 0
        ? ['taskset', '-c', o.cores.join(','), o.binary, ...o.args]
        : [o.binary, ...o.args];
    if (o.cpuLimitCores != null && o.outliveHarness) {
      throw new ObsbenchError(
        'E_USAGE',
        `${o.name}: a CPU limit is for a run's own backend, not one left running`,
      );
    }
    this.cpuLimit = o.cpuLimitCores == null ? null : CpuLimitGroup.create(o.cpuLimitCores);
    const command = this.cpuLimit ? this.cpuLimit.wrap(pinned) : pinned;
    let log: number | undefined;
    try {
      log = openSync(o.logPath, 'a');
      const [file, ...args] = o.outliveHarness
        ? command
        : [
            'bash',
            '-c',
            WATCHDOG,
            'obsbench-watchdog',
            String(process.pid),
            o.removeWhenOrphaned ?? '',
            ...command,
          ];
      this.child = spawn(file, args, {
        cwd: o.cwd,
        env: o.env ?? process.env,
        detached: true,
        stdio: ['ignore', log, log],
      });
      if (o.outliveHarness) this.child.unref();
    } catch (error) {
      // Nothing started: the group it would have joined goes too.
      void this.cpuLimit?.remove();
      throw error;
    } finally {
      if (log !== undefined) closeSync(log);
    }
    this.child.once('exit', (code, signal) => {
      this.exitInfo = { code, signal };
      for (const waiter of this.exitWaiters.splice(0)) waiter(this.exitInfo);
      if (!this.stopping) this.onUnexpectedExit?.(this.exitInfo);
    });
  }

  /** Resolves with the exit info (at once if already exited). */
  waitForExit(): Promise<ExitInfo> {
    if (this.exitInfo) return Promise.resolve(this.exitInfo);
    return new Promise((resolve) => this.exitWaiters.push(resolve));
  }

  /** Poll `probe` every 200 ms until it resolves true; fail on exit or timeout with the log tail. */
  async waitReady(probe: () => Promise<boolean>, timeoutMs: number): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      if (this.exitInfo) throw this.deathError('exited before it was ready');
      if (await probe().catch(() => false)) return;
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    throw this.deathError(`was not ready within ${Math.round(timeoutMs / 1000)} s`);
  }

  /** SIGTERM to the whole group, then SIGKILL after the grace period. */
  async stop(): Promise<ExitInfo> {
    this.stopping = true;
    try {
      return await this.stopGroup();
    } finally {
      // The backend is gone (or never started): its CPU-limit group goes with it.
      await this.cpuLimit?.remove();
    }
  }

  private async stopGroup(): Promise<ExitInfo> {
    const child = this.child;
    if (!child || this.exitInfo || child.pid === undefined)
      return this.exitInfo ?? { code: null, signal: null };
    signalGroup(child.pid, 'SIGTERM');
    // A stopped (SIGSTOP) backend only acts on SIGTERM once continued.
    signalGroup(child.pid, 'SIGCONT');
    const timer = setTimeout(() => signalGroup(child.pid as number, 'SIGKILL'), (STOP_GRACE_S + 2) * 1000);
    const info = await this.waitForExit();
    clearTimeout(timer);
    // The watchdog is gone; make sure nothing of the group is left.
    signalGroup(child.pid, 'SIGKILL');
    return info;
  }

  /** The last `lines` lines of the backend's log. */
  logTail(lines = 10): string {
    try {
      const text = readFileSync(this.options.logPath, 'utf8').trimEnd();
      return text.split('\n').slice(-lines).join('\n');
    } catch {
      return '(no log)';
    }
  }

  deathError(what: string): ObsbenchError {
    const exit = this.exitInfo ? ` (exit ${this.exitInfo.code ?? this.exitInfo.signal})` : '';
    const tail = this.logTail(5).replace(/\s*\n\s*/g, ' | ');
    return new ObsbenchError(
      'E_TARGET',
      `${this.options.name} ${what}${exit}; last log lines: ${tail} (log: ${this.options.logPath})`,
    );
  }
}

export function signalGroup(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pid, signal);
  } catch {
    // already gone
  }
}
