// `obsbench stack up|down|status`: backends left running between obsbench commands, so scenarios
// can point target.endpoint at them. Each one's state (pid of its process group, endpoints, data
// and log paths) lives in <stack dir>/run/<kind>.json.

import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { ObsbenchError } from '../errors.js';
import type { TargetKind } from '../model/scenario.js';
import { backendKinds, backendTarget } from '../targets/registry.js';
import { BackendInstance } from './backend-instance.js';
import { removeLeftoverCpuGroups } from './cpu-limit.js';
import { requireInstalled } from './installed.js';
import { signalGroup } from './managed-process.js';
import { defaultStackDir } from './paths.js';
import { processAlive, removeLeftoverWorkDirs } from './work-dir.js';

const STOP_WAIT_MS = 10_000;

export interface RunningBackend {
  kind: TargetKind;
  pid: number;
  /** What a scenario's target.endpoint should be for otlp-http (the backend's HTTP address). */
  endpoint: string;
  /** host:port of the OTLP/gRPC receiver, '' if none. */
  grpcEndpoint: string;
  metricsUrl: string;
  readyUrl: string;
  dataDir: string;
  logPath: string;
  startedAt: string;
}

export interface BackendStatus extends RunningBackend {
  alive: boolean;
  ready: boolean;
}

function runDir(stackDir: string): string {
  return join(stackDir, 'run');
}

function stateFile(stackDir: string, kind: string): string {
  return join(runDir(stackDir), `${kind}.json`);
}

function resolveKinds(names: string[]): TargetKind[] {
  const all = backendKinds();
  if (names.length === 0) return all;
  for (const name of names) {
    if (!(all as string[]).includes(name)) {
      throw new ObsbenchError(
        'E_USAGE',
        `stack: unknown backend ${JSON.stringify(name)}: expected one of ${all.join(', ')}`,
      );
    }
  }
  return names as TargetKind[];
}

function readState(stackDir: string, kind: string): RunningBackend | null {
  const file = stateFile(stackDir, kind);
  if (!existsSync(file)) return null;
  return JSON.parse(readFileSync(file, 'utf8')) as RunningBackend;
}

/** Start each backend not already running; returns every requested one's state. */
export async function stackUp(
  names: string[],
  options: { cores: number[] | null; stackDir?: string },
): Promise<RunningBackend[]> {
  const stackDir = options.stackDir ?? defaultStackDir();
  await mkdir(runDir(stackDir), { recursive: true });
  const out: RunningBackend[] = [];
  for (const kind of resolveKinds(names)) {
    const existing = readState(stackDir, kind);
    if (existing && processAlive(existing.pid)) {
      out.push(existing);
      continue;
    }
    const target = backendTarget(kind);
    if (!target) continue;
    const installed = requireInstalled(target.binaryName, stackDir);
    const logDir = join(runDir(stackDir), kind);
    const instance = await BackendInstance.start({
      target,
      binary: installed.binaryPath,
      cores: options.cores,
      logDir,
      keepData: true,
      outliveHarness: true,
    });
    const state: RunningBackend = {
      kind,
      pid: instance.process.pid ?? 0,
      endpoint: kind === 'collector' ? instance.otlpHttpBase : instance.httpBaseUrl,
      grpcEndpoint: instance.otlpGrpcEndpoint,
      metricsUrl: instance.metricsUrl,
      readyUrl: instance.readyUrl,
      dataDir: instance.dataDir,
      logPath: instance.process.options.logPath,
      startedAt: new Date().toISOString(),
    };
    await writeFile(stateFile(stackDir, kind), `${JSON.stringify(state, null, 2)}\n`);
    out.push(state);
  }
  return out;
}

export interface StackDownReport {
  /** Kinds that were running and were stopped. */
  stopped: string[];
  /** Work dirs and CPU-limit cgroups of killed runs, removed (only when no kind was named). */
  leftoversRemoved: string[];
}

/**
 * Stop each running backend (all when none named) and remove its data and state; with no kind
 * named, also remove what runs killed before they could clean up left in the temp folder.
 */
export async function stackDown(
  names: string[],
  options: { stackDir?: string; tempRoot?: string } = {},
): Promise<StackDownReport> {
  const stackDir = options.stackDir ?? defaultStackDir();
  const stopped: string[] = [];
  for (const kind of resolveKinds(names)) {
    const state = readState(stackDir, kind);
    if (!state) continue;
    if (processAlive(state.pid)) {
      signalGroup(state.pid, 'SIGTERM');
      signalGroup(state.pid, 'SIGCONT');
      const deadline = Date.now() + STOP_WAIT_MS;
      while (processAlive(state.pid) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
      signalGroup(state.pid, 'SIGKILL');
      stopped.push(kind);
    }
    // dataDir is <work dir>/data; the work dir holds its config files too.
    await rm(join(state.dataDir, '..'), { recursive: true, force: true });
    await rm(stateFile(stackDir, kind), { force: true });
  }
  // With no names: also what killed runs left, their work dirs and their CPU-limit cgroups.
  const leftoversRemoved =
    names.length === 0
      ? [...(await removeLeftoverWorkDirs(options.tempRoot)), ...removeLeftoverCpuGroups()]
      : [];
  return { stopped, leftoversRemoved };
}

export async function stackStatus(options: { stackDir?: string } = {}): Promise<BackendStatus[]> {
  const stackDir = options.stackDir ?? defaultStackDir();
  if (!existsSync(runDir(stackDir))) return [];
  const out: BackendStatus[] = [];
  for (const file of readdirSync(runDir(stackDir))
    .filter((f) => f.endsWith('.json'))
    .sort()) {
    const state = readState(stackDir, file.slice(0, -'.json'.length));
    if (!state) continue;
    const isAlive = processAlive(state.pid);
    let ready = false;
    if (isAlive) {
      try {
        const response = await fetch(state.readyUrl, { signal: AbortSignal.timeout(2000) });
        await response.arrayBuffer();
        ready = response.ok;
      } catch {
        ready = false;
      }
    }
    out.push({ ...state, alive: isAlive, ready });
  }
  return out;
}
