// Helpers for end-to-end tests of the built CLI (dist/src/cli/main.js) in a child process.

import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Comparison } from '../../src/compare/compare.js';

export const CLI = fileURLToPath(new URL('../../src/cli/main.js', import.meta.url));

export interface CliRun {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

export function tempDir(): string {
  return mkdtempSync(join(tmpdir(), 'obsbench-e2e-'));
}

export function writeScenario(dir: string, name: string, yaml: string): string {
  const file = join(dir, name);
  writeFileSync(file, yaml);
  return file;
}

/**
 * Run the CLI; resolves when it exits (killed after timeoutMs). `onStart` sees the child; `env`
 * adds to the environment.
 */
export function runCli(
  args: string[],
  timeoutMs: number,
  onStart?: (child: ChildProcess) => void,
  env: NodeJS.ProcessEnv = {},
): Promise<CliRun> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [CLI, ...args], {
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, ...env },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    onStart?.(child);
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, stdout, stderr });
    });
  });
}

/**
 * `obsbench ab SCENARIO ...settings --repeat N [--gate GATE] --ceiling 0 --json` with its JSON
 * comparison parsed (the last stdout line, "ab: ...", says where the runs went); without a gate
 * file the default gate applies.
 */
export async function runAbCli(
  scenario: string,
  settings: string[],
  o: { repeat: number; gate?: string; outDir: string; timeoutMs: number },
): Promise<{ code: number | null; comparison: Comparison; stderr: string }> {
  const r = await runCli(
    [
      'ab',
      scenario,
      ...settings,
      '--repeat',
      String(o.repeat),
      ...(o.gate === undefined ? [] : ['--gate', o.gate]),
      '--ceiling',
      '0',
      '--json',
      '--out',
      o.outDir,
    ],
    o.timeoutMs,
  );
  const json = r.stdout.slice(0, r.stdout.lastIndexOf('\nab: ') + 1);
  return { code: r.code, comparison: JSON.parse(json) as Comparison, stderr: r.stderr };
}

/** The comparison of one figure in the first scenario of a comparison; fails when a side lacks it. */
export function comparedFigure(c: Comparison, id: string) {
  const found = c.scenarios[0].figures.find((f) => f.id === id);
  if (!found) throw new Error(`${id} was not measured on both sides`);
  return found;
}
