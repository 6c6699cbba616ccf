// Runs `obsbench run` (and `obsbench sink`) as child processes, optionally pinned with taskset,
// so a benchmark can put the harness and the sink on different cores.

import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { RunResult } from '../src/model/run-result.js';

const CLI = fileURLToPath(new URL('../src/cli/main.js', import.meta.url));

function pinned(cores: string | null, args: string[]): [string, string[]] {
  return cores === null ? [process.execPath, args] : ['taskset', ['-c', cores, process.execPath, ...args]];
}

export interface SinkProcess {
  httpUrl: string;
  stop(): Promise<void>;
}

/** Start `obsbench sink` on a free port, pinned to `cores` (e.g. "1") or unpinned (null). */
export async function startSinkProcess(cores: string | null): Promise<SinkProcess> {
  const [cmd, args] = pinned(cores, [CLI, 'sink', '--port', '0', '--grpc-port', '0', '--interval', '3600']);
  const child = spawn(cmd, args, { stdio: ['ignore', 'pipe', 'inherit'] });
  const httpUrl = await new Promise<string>((resolve, reject) => {
    let text = '';
    const timer = setTimeout(() => reject(new Error('obsbench sink did not start within 10 s')), 10_000);
    child.stdout?.on('data', (chunk: Buffer) => {
      text += chunk.toString();
      const m = /OTLP\/HTTP (http:\/\/\S+)/.exec(text);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]);
      }
    });
    child.once('exit', (code) => reject(new Error(`obsbench sink exited early (code ${code})`)));
  });
  return { httpUrl, stop: () => stopChild(child) };
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
