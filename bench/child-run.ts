// Runs `obsbench run` (and `obsbench sink`, or another load tool) as child processes, optionally
// pinned with taskset, so a benchmark can put the harness and the sink on different cores.

import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Signal } from '../src/model/index.js';
import type { RunResult } from '../src/model/run-result.js';
import { type CoreTicks, readCoreTicks } from './core-busy.js';

const CLI = fileURLToPath(new URL('../src/cli/main.js', import.meta.url));

/** `file args` under `taskset -c cores` (which execs it: the child's pid is the program's own). */
function pinned(cores: string | null, args: string[], file: string = process.execPath): [string, string[]] {
  return cores === null ? [file, args] : ['taskset', ['-c', cores, file, ...args]];
}

/** One line of `obsbench sink --json`, with the cores' ticks read when it arrived. */
export interface SinkReading {
  atEpochMs: number;
  /** Items counted so far, all signals. */
  items: number;
  /** Per signal: items and raw (uncompressed OTLP) bytes of accepted requests so far. */
  signals: Record<Signal, { items: number; rawBytes: number }>;
  ticks: CoreTicks;
}

export interface SinkProcess {
  httpUrl: string;
  grpcEndpoint: string;
  pid: number;
  /** Every counter reading so far (one each SINK_READING_INTERVAL_S). */
  readonly readings: readonly SinkReading[];
  stop(): Promise<void>;
}

export const SINK_READING_INTERVAL_S = 0.25;

/**
 * Start `obsbench sink` on free ports, pinned to `cores` (e.g. "1") or unpinned (null);
 * `onReading` sees each reading as it arrives (to read something else at the same moment).
 */
export async function startSinkProcess(
  cores: string | null,
  onReading?: (reading: SinkReading) => void,
): Promise<SinkProcess> {
  const [cmd, args] = pinned(cores, [
    CLI,
    'sink',
    '--port',
    '0',
    '--grpc-port',
    '0',
    '--json',
    '--interval',
    String(SINK_READING_INTERVAL_S),
  ]);
  const child = spawn(cmd, args, { stdio: ['ignore', 'pipe', 'inherit'] });
  const readings: SinkReading[] = [];
  const endpoints = await new Promise<[string, string]>((resolve, reject) => {
    let text = '';
    const timer = setTimeout(() => reject(new Error('obsbench sink did not start within 10 s')), 10_000);
    child.stdout?.on('data', (chunk: Buffer) => {
      text += chunk.toString();
      let newline = text.indexOf('\n');
      while (newline >= 0) {
        const line = text.slice(0, newline);
        text = text.slice(newline + 1);
        newline = text.indexOf('\n');
        const started = /OTLP\/HTTP (http:\/\/\S+)\s+OTLP\/gRPC (\S+)/.exec(line);
        if (started) {
          clearTimeout(timer);
          resolve([started[1], started[2]]);
        } else if (line.startsWith('{')) {
          const counters = JSON.parse(line) as { atEpochMs: number } & Record<
            Signal,
            { items: number; rawBytes: number }
          >;
          const { traces, metrics, logs } = counters;
          const reading: SinkReading = {
            atEpochMs: counters.atEpochMs,
            items: traces.items + metrics.items + logs.items,
            signals: {
              traces: { items: traces.items, rawBytes: traces.rawBytes },
              metrics: { items: metrics.items, rawBytes: metrics.rawBytes },
              logs: { items: logs.items, rawBytes: logs.rawBytes },
            },
            ticks: readCoreTicks(),
          };
          readings.push(reading);
          onReading?.(reading);
        }
      }
    });
    child.once('exit', (code) => reject(new Error(`obsbench sink exited early (code ${code})`)));
  });
  return {
    httpUrl: endpoints[0],
    grpcEndpoint: endpoints[1],
    pid: child.pid ?? 0,
    readings,
    stop: () => stopChild(child),
  };
}

function stopChild(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null) return resolve();
    const kill = setTimeout(() => child.kill('SIGKILL'), 5000);
    child.once('exit', () => {
      clearTimeout(kill);
      resolve();
    });
    child.kill('SIGTERM');
  });
}

/** How a child run by runPinnedProcess ended. */
export interface ChildExit {
  code: number | null;
  /** True when it outran its time and was killed. */
  killed: boolean;
  stdout: string;
  /** The last STDERR_TAIL_CHARS of its stderr. */
  stderrTail: string;
}

const STDERR_TAIL_CHARS = 4000;
/** After SIGTERM at the deadline, how long a child has before SIGKILL. */
const KILL_GRACE_MS = 2000;

/**
 * Run `file args` pinned to `cores` until it exits, or until `timeoutS` (then SIGTERM, SIGKILL
 * after a grace): it is never left running. `onStart` gets its pid once spawned.
 */
export async function runPinnedProcess(
  file: string,
  args: string[],
  cores: string | null,
  timeoutS: number,
  onStart?: (pid: number) => void,
): Promise<ChildExit> {
  const [cmd, cmdArgs] = pinned(cores, args, file);
  const child = spawn(cmd, cmdArgs, { stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout?.on('data', (c: Buffer) => (stdout += c.toString()));
  child.stderr?.on('data', (c: Buffer) => {
    stderr = (stderr + c.toString()).slice(-STDERR_TAIL_CHARS);
  });
  const exited = new Promise<number | null>((resolve) => {
    child.once('exit', resolve);
    child.once('error', () => resolve(null));
  });
  if (child.pid !== undefined) onStart?.(child.pid);
  let killed = false;
  let kill: NodeJS.Timeout | undefined;
  const deadline = setTimeout(() => {
    killed = true;
    child.kill('SIGTERM');
    kill = setTimeout(() => child.kill('SIGKILL'), KILL_GRACE_MS);
  }, timeoutS * 1000);
  const code = await exited;
  clearTimeout(deadline);
  clearTimeout(kill);
  return { code, killed, stdout, stderrTail: stderr };
}

/** Run one scenario (YAML text) through the CLI and return its RunResult; `onStart` gets its pid. */
export async function runScenarioProcess(
  yaml: string,
  cores: string | null,
  timeoutS: number,
  onStart?: (pid: number) => void,
): Promise<RunResult> {
  const dir = mkdtempSync(join(tmpdir(), 'obsbench-bench-'));
  try {
    const file = join(dir, 'scenario.yaml');
    writeFileSync(file, yaml);
    const args = [CLI, 'run', file, '--json', '--ceiling', '0', '--out', join(dir, 'results')];
    const { code, stdout, stderrTail } = await runPinnedProcess(
      process.execPath,
      args,
      cores,
      timeoutS,
      onStart,
    );
    const start = stdout.indexOf('[');
    if (start < 0)
      throw new Error(
        `obsbench run failed (code ${code}): ${stderrTail.trim().split('\n').slice(-3).join(' | ')}`,
      );
    return (JSON.parse(stdout.slice(start)) as RunResult[])[0];
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
