// The three ways a pinned backend is built from its Go module (see stack/versions): go install,
// download-and-build for modules whose go.mod go install refuses, and the Collector builder.
// Each builds inside its own work directory and returns the binary's path there.

import {
  chmodSync,
  cpSync,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { basename, join } from 'node:path';
import { parse as parseYaml, stringify as stringifyYaml } from 'yaml';
import { runCommand } from './command-runner.js';
import type { GoToolchain } from './go-toolchain.js';
import { keyErrorLine } from './go-toolchain.js';
import { toolsDir } from './paths.js';
import type { BackendPin } from './versions.js';

export interface BuildContext {
  readonly pin: BackendPin;
  readonly go: GoToolchain;
  /** Empty directory owned by this build; removed by the caller afterwards. */
  readonly workDir: string;
  readonly repoRoot: string;
  readonly stackDir: string;
  readonly env: NodeJS.ProcessEnv;
  /** A command about to run, as a shell-like line. */
  readonly onStep: (commandLine: string) => void;
  /** One line of the command's output. */
  readonly onLine: (line: string) => void;
}

/** A build command that failed; `keyLine` is the line of its output that says why. */
export class BuildFailure extends Error {
  readonly keyLine: string;
  constructor(what: string, keyLine: string) {
    super(`${what}: ${keyLine}`);
    this.name = 'BuildFailure';
    this.keyLine = keyLine;
  }
}

/** Builds the pin's binary in ctx.workDir and returns its path. */
export async function buildBinary(ctx: BuildContext): Promise<string> {
  switch (ctx.pin.route) {
    case 'go-install':
      return goInstallRoute(ctx);
    case 'download-build':
      return downloadBuildRoute(ctx);
    case 'collector-builder':
      return collectorBuilderRoute(ctx);
    case 'unavailable':
      throw new Error(`${ctx.pin.name} is unavailable and cannot be built`);
  }
}

/** The environment every build command runs with: static binaries, no VCS stamping of our checkout. */
function buildEnv(env: NodeJS.ProcessEnv, extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  // Setting GOFLAGS replaces the go env file's value, so keep what the user's environment had.
  const goflags = [env.GOFLAGS, '-buildvcs=false'].filter((f) => f !== undefined && f !== '').join(' ');
  return { ...env, CGO_ENABLED: '0', GOFLAGS: goflags, ...extra };
}

function buildFlags(pin: BackendPin): string[] {
  const flags = ['-trimpath'];
  if (pin.tags.length > 0) flags.push(`-tags=${pin.tags.join(',')}`);
  if (pin.ldflagsX.length > 0) flags.push(`-ldflags=${pin.ldflagsX.map((x) => `-X ${x}`).join(' ')}`);
  return flags;
}

function packagePath(pin: BackendPin): string {
  return pin.pkg === '.' ? pin.module : `${pin.module}/${pin.pkg.slice(2)}`;
}

async function run(
  ctx: BuildContext,
  file: string,
  args: readonly string[],
  cwd: string,
  env: NodeJS.ProcessEnv,
  captureStdout = false,
): Promise<string> {
  ctx.onStep([file === ctx.go.goPath ? 'go' : file, ...args].map(quoteArg).join(' '));
  const result = await runCommand(file, args, { cwd, env, onLine: ctx.onLine, captureStdout });
  if (result.exitCode !== 0) {
    const how = result.signal ? `killed by ${result.signal}` : `exit ${result.exitCode}`;
    const what = file === ctx.go.goPath ? `go ${args[0]}` : basename(file);
    throw new BuildFailure(`${what} failed (${how})`, keyErrorLine(result.tail));
  }
  return result.stdout;
}

function quoteArg(arg: string): string {
  return /^[A-Za-z0-9_./=:@,+-]+$/.test(arg) ? arg : `'${arg.replaceAll("'", "'\\''")}'`;
}

/** go install MODULE/PKG@VERSION into a private GOBIN: the one file that appears is the binary. */
async function goInstallRoute(ctx: BuildContext): Promise<string> {
  const gobin = join(ctx.workDir, 'gobin');
  mkdirSync(gobin, { recursive: true });
  const target = `${packagePath(ctx.pin)}@${ctx.pin.version}`;
  await run(
    ctx,
    ctx.go.goPath,
    ['install', ...buildFlags(ctx.pin), target],
    ctx.workDir,
    buildEnv(ctx.env, { GOBIN: gobin }),
  );
  return onlyFile(gobin, target);
}

function onlyFile(dir: string, what: string): string {
  const files = readdirSync(dir);
  if (files.length !== 1) {
    throw new BuildFailure(`go install ${what}`, `expected one binary in ${dir}, found ${files.length}`);
  }
  return join(dir, files[0]);
}

/**
 * go mod download the module, copy its source to a writable directory and build PKG there with
 * -mod=mod: the route for a go.mod with replace or exclude directives, which go install refuses,
 * and for a dependency that must be replaced by a version the module proxy serves (replace=).
 */
async function downloadBuildRoute(ctx: BuildContext): Promise<string> {
  const { pin } = ctx;
  const env = buildEnv(ctx.env, { GOWORK: 'off' });
  const json = await run(
    ctx,
    ctx.go.goPath,
    ['mod', 'download', '-json', `${pin.module}@${pin.version}`],
    ctx.workDir,
    env,
    true,
  );
  let dir: string | undefined;
  try {
    const info = JSON.parse(json) as { Dir?: string; Error?: string };
    if (info.Error) throw new BuildFailure('go mod download failed', info.Error);
    dir = info.Dir;
  } catch (error) {
    if (error instanceof BuildFailure) throw error;
  }
  if (dir === undefined || !existsSync(dir)) {
    throw new BuildFailure(
      'go mod download',
      `no module directory in its output: ${json.trim().slice(0, 200)}`,
    );
  }
  const src = join(ctx.workDir, 'src');
  ctx.onStep(`copy ${dir} -> ${src}`);
  cpSync(dir, src, { recursive: true });
  makeWritable(src);
  // The module zip keeps no vendor/ contents; a leftover vendor/modules.txt would switch go to -mod=vendor.
  rmSync(join(src, 'vendor'), { recursive: true, force: true });
  for (const replace of pin.replaces) {
    await run(ctx, ctx.go.goPath, ['mod', 'edit', `-replace=${replace}`], src, env);
  }
  const out = join(ctx.workDir, 'out', pin.name);
  await run(ctx, ctx.go.goPath, ['build', '-mod=mod', ...buildFlags(pin), '-o', out, pin.pkg], src, env);
  return out;
}

/** chmod -R u+w: the module cache is read-only, the copy must not be. */
function makeWritable(path: string): void {
  const st = statSync(path);
  chmodSync(path, st.mode | 0o200);
  if (st.isDirectory()) for (const entry of readdirSync(path)) makeWritable(join(path, entry));
}

/**
 * go install the Collector builder (kept per version under tools/), then build the distribution of
 * the manifest. The manifest is copied with dist.output_path pointed into the work directory and
 * dist.go at the Go that was found, so the repo's manifest stays free of machine paths.
 */
async function collectorBuilderRoute(ctx: BuildContext): Promise<string> {
  const { pin } = ctx;
  const builder = await ensureBuilder(ctx);
  const manifestPath = join(ctx.repoRoot, pin.manifest ?? '');
  const manifest = parseYaml(readFileSync(manifestPath, 'utf8')) as { dist?: Record<string, unknown> } | null;
  const distName = manifest?.dist?.name;
  if (manifest === null || typeof distName !== 'string' || distName === '') {
    throw new BuildFailure(
      `reading ${pin.manifest}`,
      'dist.name is missing: name the distribution binary there',
    );
  }
  const outputPath = join(ctx.workDir, 'dist');
  manifest.dist = { ...manifest.dist, output_path: outputPath, go: ctx.go.goPath };
  const config = join(ctx.workDir, 'builder.yaml');
  writeFileSync(config, stringifyYaml(manifest));
  await run(ctx, builder, [`--config=${config}`], ctx.workDir, buildEnv(ctx.env));
  const binary = join(outputPath, distName);
  if (!existsSync(binary)) throw new BuildFailure('builder', `reported success but wrote no ${binary}`);
  return binary;
}

async function ensureBuilder(ctx: BuildContext): Promise<string> {
  const { pin } = ctx;
  const dir = join(toolsDir(ctx.stackDir), `builder@${pin.version}`);
  const path = join(dir, 'builder');
  if (existsSync(path)) return path;
  const gobin = join(ctx.workDir, 'tools-gobin');
  mkdirSync(gobin, { recursive: true });
  const target = `${pin.module}@${pin.version}`;
  await run(
    ctx,
    ctx.go.goPath,
    ['install', '-trimpath', target],
    ctx.workDir,
    buildEnv(ctx.env, { GOBIN: gobin }),
  );
  mkdirSync(dir, { recursive: true });
  renameSync(onlyFile(gobin, target), path);
  return path;
}
