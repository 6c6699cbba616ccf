// `stack install`: build each pinned backend from its Go module into the stack cache, skip those
// already built at their pin, report the unavailable ones. Never prints: progress goes to onEvent.

import { chmodSync, existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { ObsbenchError } from '../errors.js';
import { packageRoot } from '../package-root.js';
import { BuildFailure, buildBinary } from './build-routes.js';
import { runCommand } from './command-runner.js';
import { type GoToolchain, goSatisfies, goToolchainError, probeGo } from './go-toolchain.js';
import { binaryPath, defaultStackDir, defaultVersionsPath, stampPath, tmpDir } from './paths.js';
import { buildKeyOf, decideBuild, readStamp, writeStamp } from './stamp.js';
import { type BackendPin, type BuildRoute, loadStackVersions, selectBackends } from './versions.js';
import { processAlive } from './work-dir.js';

export type InstallEvent =
  | {
      readonly kind: 'start';
      readonly stackDir: string;
      readonly go: GoToolchain | undefined;
      /** Every backend this install goes through, in order (built, skipped or unavailable). */
      readonly names: readonly string[];
    }
  | {
      readonly kind: 'skipped';
      readonly name: string;
      readonly version: string;
      readonly goVersion: string;
      readonly binaryVersion: string | undefined;
    }
  | { readonly kind: 'unavailable'; readonly name: string; readonly reason: string }
  | {
      readonly kind: 'building';
      readonly name: string;
      readonly module: string;
      readonly version: string;
      readonly route: BuildRoute;
      readonly why: string;
    }
  | { readonly kind: 'step'; readonly name: string; readonly command: string }
  | { readonly kind: 'output'; readonly name: string; readonly line: string }
  | {
      readonly kind: 'built';
      readonly name: string;
      readonly durationMs: number;
      readonly binaryPath: string;
      readonly binaryVersion: string | undefined;
    }
  | { readonly kind: 'failed'; readonly name: string; readonly durationMs: number; readonly message: string };

type InstallStatus = 'built' | 'skipped' | 'unavailable' | 'failed';

interface BackendOutcome {
  readonly name: string;
  readonly module: string;
  readonly version: string;
  readonly route: BuildRoute;
  readonly status: InstallStatus;
  /** The installed binary (built or skipped). */
  readonly binaryPath: string | undefined;
  readonly binaryVersion: string | undefined;
  /** Build time (built or failed). */
  readonly durationMs: number | undefined;
  /** Why: the reason it is unavailable, or the key error line of a failed build. */
  readonly message: string | undefined;
}

export interface InstallReport {
  readonly stackDir: string;
  readonly goVersion: string | undefined;
  readonly backends: readonly BackendOutcome[];
  readonly totalDurationMs: number;
  /** No build failed (unavailable backends do not count as failures). */
  readonly ok: boolean;
}

export interface InstallOptions {
  /** Default: $OBSBENCH_STACK_DIR, else .stack/ in the repo root. */
  readonly stackDir?: string;
  readonly onEvent?: (event: InstallEvent) => void;
  /** Default: stack/versions in the repo. */
  readonly versionsPath?: string;
  /** Default: the obsbench checkout (manifests are relative to it). */
  readonly repoRoot?: string;
  /** Environment of the go commands; PATH decides which go runs. Default: process.env. */
  readonly env?: NodeJS.ProcessEnv;
}

/**
 * Builds the named backends (all when `names` is empty), one at a time. A build failure is recorded
 * in the report and the next backend is built; a missing or too old Go, an unknown name or an
 * invalid versions file throw an ObsbenchError before anything is built.
 */
export async function installStack(
  names: readonly string[],
  options: InstallOptions = {},
): Promise<InstallReport> {
  const startedMs = performance.now();
  const env = options.env ?? process.env;
  const stackDir = options.stackDir ?? defaultStackDir(env);
  const root = options.repoRoot ?? packageRoot();
  const emit = options.onEvent ?? (() => {});
  const versions = loadStackVersions(options.versionsPath ?? defaultVersionsPath());
  const pins = selectBackends(versions, names);

  const go = await probeGo(env);
  const goUsable = go !== undefined && goSatisfies(go.version, versions.requireGo) ? go : undefined;
  emit({ kind: 'start', stackDir, go, names: pins.map((pin) => pin.name) });

  // Decide everything first, so a missing Go is one error before any work, naming what needed it.
  const plans = pins.map((pin) => planBackend(pin, stackDir, root, goUsable?.version));
  const toBuild = plans.filter((p) => p.decision === 'build').map((p) => p.pin.name);
  if (toBuild.length > 0 && goUsable === undefined) throw goToolchainError(go, versions.requireGo, toBuild);

  mkdirSync(join(stackDir, 'bin'), { recursive: true });
  removeStaleTmp(stackDir);
  const outcomes: BackendOutcome[] = [];
  for (const plan of plans) {
    const { pin } = plan;
    const base = { name: pin.name, module: pin.module, version: pin.version, route: pin.route };
    if (plan.decision === 'unavailable') {
      emit({ kind: 'unavailable', name: pin.name, reason: pin.reason ?? '' });
      outcomes.push({
        ...base,
        status: 'unavailable',
        binaryPath: undefined,
        binaryVersion: undefined,
        durationMs: undefined,
        message: pin.reason,
      });
    } else if (plan.decision === 'skip') {
      const { stamp } = plan;
      emit({
        kind: 'skipped',
        name: pin.name,
        version: pin.version,
        goVersion: stamp.goVersion,
        binaryVersion: stamp.binaryVersion,
      });
      outcomes.push({
        ...base,
        status: 'skipped',
        binaryPath: plan.binary,
        binaryVersion: stamp.binaryVersion,
        durationMs: undefined,
        message: undefined,
      });
    } else if (goUsable !== undefined) {
      emit({ kind: 'building', ...base, why: plan.why });
      outcomes.push(await buildOne(pin, plan.buildKey, goUsable, stackDir, root, env, emit));
    }
  }
  return {
    stackDir,
    goVersion: go?.version,
    backends: outcomes,
    totalDurationMs: performance.now() - startedMs,
    ok: outcomes.every((o) => o.status !== 'failed'),
  };
}

type Plan =
  | { readonly pin: BackendPin; readonly decision: 'unavailable' }
  | {
      readonly pin: BackendPin;
      readonly decision: 'skip';
      readonly binary: string;
      readonly stamp: NonNullable<ReturnType<typeof readStamp>>;
    }
  | { readonly pin: BackendPin; readonly decision: 'build'; readonly why: string; readonly buildKey: string };

function planBackend(pin: BackendPin, stackDir: string, root: string, goVersion: string | undefined): Plan {
  if (pin.route === 'unavailable') return { pin, decision: 'unavailable' };
  const manifestText = pin.manifest === undefined ? undefined : readManifest(pin, root);
  const buildKey = buildKeyOf(pin, manifestText);
  const binary = binaryPath(pin.name, stackDir);
  const decision = decideBuild(pin, buildKey, binary, readStamp(stampPath(pin.name, stackDir)), goVersion);
  return decision.action === 'skip'
    ? { pin, decision: 'skip', binary, stamp: decision.stamp }
    : { pin, decision: 'build', why: decision.why, buildKey };
}

function readManifest(pin: BackendPin, root: string): string {
  const path = join(root, pin.manifest ?? '');
  try {
    return readFileSync(path, 'utf8');
  } catch {
    throw new ObsbenchError(
      'E_STACK',
      `${pin.name}: manifest ${path} (stack/versions line ${pin.line}) cannot be read`,
    );
  }
}

async function buildOne(
  pin: BackendPin,
  buildKey: string,
  go: GoToolchain,
  stackDir: string,
  root: string,
  env: NodeJS.ProcessEnv,
  emit: (event: InstallEvent) => void,
): Promise<BackendOutcome> {
  const startedMs = performance.now();
  const base = { name: pin.name, module: pin.module, version: pin.version, route: pin.route };
  const workDir = join(tmpDir(stackDir), `${pin.name}.${process.pid}`);
  rmSync(workDir, { recursive: true, force: true });
  mkdirSync(workDir, { recursive: true });
  try {
    const built = await buildBinary({
      pin,
      go,
      workDir,
      repoRoot: root,
      stackDir,
      env,
      onStep: (command) => emit({ kind: 'step', name: pin.name, command }),
      onLine: (line) => emit({ kind: 'output', name: pin.name, line }),
    });
    const binaryVersion = await probeBinaryVersion(built, pin.versionFlag, env);
    const binary = binaryPath(pin.name, stackDir);
    const stamp = stampPath(pin.name, stackDir);
    // The old stamp goes first: a stamp must never vouch for a binary it did not describe.
    rmSync(stamp, { force: true });
    chmodSync(built, 0o755);
    renameSync(built, binary);
    const durationMs = performance.now() - startedMs;
    writeStamp(stamp, {
      ...base,
      buildKey,
      goVersion: go.version,
      binaryVersion,
      builtAt: new Date().toISOString(),
      buildDurationMs: Math.round(durationMs),
    });
    emit({ kind: 'built', name: pin.name, durationMs, binaryPath: binary, binaryVersion });
    return { ...base, status: 'built', binaryPath: binary, binaryVersion, durationMs, message: undefined };
  } catch (error) {
    const durationMs = performance.now() - startedMs;
    const message =
      error instanceof BuildFailure ? error.message : error instanceof Error ? error.message : String(error);
    emit({ kind: 'failed', name: pin.name, durationMs, message });
    return {
      ...base,
      status: 'failed',
      binaryPath: undefined,
      binaryVersion: undefined,
      durationMs,
      message,
    };
  } finally {
    rmSync(workDir, { recursive: true, force: true });
  }
}

/** First line of `<binary> <versionFlag>`, or undefined when it has no such flag or it fails. */
async function probeBinaryVersion(
  binary: string,
  versionFlag: string | undefined,
  env: NodeJS.ProcessEnv,
): Promise<string | undefined> {
  if (versionFlag === undefined) return undefined;
  try {
    const result = await runCommand(binary, [versionFlag], { cwd: process.cwd(), env, captureStdout: true });
    if (result.exitCode !== 0) return undefined;
    const first = `${result.stdout}\n${result.tail.join('\n')}`.split('\n').find((l) => l.trim() !== '');
    return first?.trim();
  } catch {
    return undefined;
  }
}

/** Work directories of installs that died (their pid is gone): killed builds leave no litter for long. */
function removeStaleTmp(stackDir: string): void {
  const dir = tmpDir(stackDir);
  if (!existsSync(dir)) return;
  for (const entry of readdirSync(dir)) {
    const pid = Number(entry.slice(entry.lastIndexOf('.') + 1));
    if (Number.isInteger(pid) && pid > 0 && pid !== process.pid && processAlive(pid)) continue;
    if (pid === process.pid) continue;
    rmSync(join(dir, entry), { recursive: true, force: true });
  }
}
