// Runs `obsbench run` (and `obsbench sink`) as child processes, optionally pinned with taskset,
// so a benchmark can put the harness and the sink on different cores.

import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { RunResult } from '../src/model/run-result.js';
import { type CoreTicks, readCoreTicks } from './core-busy.js';

const CLI = fileURLToPath(new URL('../src/cli/main.js', import.meta.url));

function pinned(cores: string | null, args: string[]): [string, string[]] {
  return cores === null ? [process.execPath, args] : ['taskset', ['-c', cores, process.execPath, ...args]];
}

/** One line of `obsbench sink --json`, with the cores' ticks read when it arrived. */
export interface SinkReading {
  atEpochMs: number;
  /** Items counted so far, all signals. */
  items: number;
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

/** Start `obsbench sink` on free ports, pinned to `cores` (e.g. "1") or unpinned (null). */
export async function startSinkProcess(cores: string | null): Promise<SinkProcess> {
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
          const counters = JSON.parse(line) as { atEpochMs: number } & Record<string, { items: number }>;
          const items = counters.traces.items + counters.metrics.items + counters.logs.items;
          readings.push({ atEpochMs: counters.atEpochMs, items, ticks: readCoreTicks() });
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

/** Run one scenario (YAML text) through the CLI and return its RunResult. */
export async function runScenarioProcess(
  yaml: string,
  cores: string | null,
  timeoutS: number,
): Promise<RunResult> {
  const dir = mkdtempSync(join(tmpdir(), 'obsbench-bench-'));
  try {
    const file = join(dir, 'scenario.yaml');
    writeFileSync(file, yaml);
    const [cmd, args] = pinned(cores, [
      CLI,
      'run',
      file,
      '--json',
      '--ceiling',
      '0',
      '--out',
      join(dir, 'results'),
    ]);
    const child = spawn(cmd, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout?.on('data', (c: Buffer) => (stdout += c.toString()));
    child.stderr?.on('data', (c: Buffer) => (stderr += c.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutS * 1000);
    const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
    clearTimeout(timer);
    const start = stdout.indexOf('[');
    if (start < 0)
      throw new Error(
        `obsbench run failed (code ${code}): ${stderr.trim().split('\n').slice(-3).join(' | ')}`,
      );
    return (JSON.parse(stdout.slice(start)) as RunResult[])[0];
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
