// What every result records about where it ran: the tool's version and git sha, the machine,
// and which cores this process may run on (taskset pinning shows up as a subset).

import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import type { RunResult } from '../model/run-result.js';
import { packageRoot } from '../package-root.js';

/** The `tool` block of every RunResult. */
export type ToolInfo = RunResult['tool'];

function packageVersion(root: string): string {
  try {
    const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { version?: string };
    return pkg.version ?? '0.0.0';
  } catch {
    return '0.0.0';
  }
}

let cachedTool: ToolInfo | undefined;

export function toolInfo(): ToolInfo {
  if (cachedTool) return cachedTool;
  const root = packageRoot();
  let gitSha = 'unknown';
  try {
    gitSha = execFileSync('git', ['rev-parse', 'HEAD'], { cwd: root, stdio: ['ignore', 'pipe', 'ignore'] })
      .toString()
      .trim();
  } catch {
    // not a git checkout (an npm install): leave 'unknown'
  }
  cachedTool = { name: 'obsbench', version: packageVersion(root), gitSha };
  return cachedTool;
}

/** Parse a Linux CPU list such as "0-3,6" into [0,1,2,3,6]. */
export function parseCpuList(text: string): number[] {
  const cores: number[] = [];
  for (const part of text.trim().split(',')) {
    if (!part) continue;
    const [a, b] = part.split('-').map((x) => Number.parseInt(x, 10));
    for (let c = a; c <= (b ?? a); c++) cores.push(c);
  }
  return cores;
}

/** Cores this process may run on, or null when it may run on all of them (not pinned). */
export function pinnedCores(): number[] | null {
  try {
    const status = readFileSync('/proc/self/status', 'utf8');
    const match = /^Cpus_allowed_list:\s*(.+)$/m.exec(status);
    if (!match) return null;
    const cores = parseCpuList(match[1]);
    return cores.length < os.cpus().length ? cores : null;
  } catch {
    return null;
  }
}

/** The `env` block of every RunResult. */
export type EnvInfo = RunResult['env'];

export function environment(
  backendCores: number[] | null = null,
  backendCpuLimitCores: number | null = null,
): EnvInfo {
  const cpus = os.cpus();
  return {
    node: process.version,
    platform: `${process.platform}-${process.arch}`,
    cpuModel: cpus[0]?.model.trim() ?? 'unknown',
    cores: cpus.length,
    totalMemoryBytes: os.totalmem(),
    harnessCores: pinnedCores(),
    backendCores,
    backendCpuLimitCores,
  };
}
