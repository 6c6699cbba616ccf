// Finding the Go toolchain the builds need, checking its version against stack/versions, and
// turning go's output into the one line that says why a build failed.

import { accessSync, constants, statSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import { ObsbenchError } from '../errors.js';
import { runCommand } from './command-runner.js';
import type { GoRequirement } from './versions.js';

export interface GoToolchain {
  /** Absolute path of the `go` command that was found on PATH. */
  readonly goPath: string;
  /** As `go env GOVERSION` prints it, e.g. go1.26.8. */
  readonly version: string;
}

/** The first executable file named `command` on env.PATH, like `command -v`. */
export function findOnPath(command: string, env: NodeJS.ProcessEnv): string | undefined {
  for (const dir of (env.PATH ?? '').split(delimiter)) {
    if (dir === '') continue;
    const candidate = join(dir, command);
    try {
      if (!statSync(candidate).isFile()) continue;
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // not here: keep looking
    }
  }
  return undefined;
}

/** The Go toolchain on PATH, or undefined when there is no `go` command. */
export async function probeGo(env: NodeJS.ProcessEnv): Promise<GoToolchain | undefined> {
  const goPath = findOnPath('go', env);
  if (goPath === undefined) return undefined;
  const result = await runCommand(goPath, ['env', 'GOVERSION'], {
    cwd: process.cwd(),
    env,
    captureStdout: true,
  });
  const version = result.stdout.trim();
  if (result.exitCode !== 0 || version === '') {
    throw new ObsbenchError(
      'E_STACK',
      `${goPath} env GOVERSION failed: ${keyErrorLine(result.tail)}; a working Go toolchain on PATH is required`,
    );
  }
  return { goPath, version };
}

/** [major, minor, patch] of a go version string such as go1.26.8 or go1.27rc1; undefined for devel builds. */
export function parseGoVersion(version: string): [number, number, number] | undefined {
  const m = /^go(\d+)\.(\d+)(?:\.(\d+))?/.exec(version);
  return m ? [Number(m[1]), Number(m[2]), Number(m[3] ?? 0)] : undefined;
}

/** Whether `version` is at least the required MAJOR.MINOR (development builds are trusted). */
export function goSatisfies(version: string, required: GoRequirement): boolean {
  const v = parseGoVersion(version);
  if (!v) return true;
  return v[0] > required.major || (v[0] === required.major && v[1] >= required.minor);
}

/** The one-line error for a missing or too old Go, naming what needs it and how to get it. */
export function goToolchainError(
  go: GoToolchain | undefined,
  required: GoRequirement,
  names: readonly string[],
): ObsbenchError {
  const want = `Go >= ${required.major}.${required.minor}`;
  const found =
    go === undefined ? 'no `go` command on PATH' : `${go.goPath} is ${go.version}, older than ${want}`;
  return new ObsbenchError(
    'E_STACK',
    `cannot build ${names.join(', ')}: ${found}. obsbench stack install builds the backends from their Go modules and needs a ${want} toolchain on PATH (distribution packages such as Debian's golang are older: install an official Go ${required.major}.${required.minor} release and put its bin/ first on PATH)`,
  );
}

// Progress chatter that is never the reason for a failure.
const NOISE_RE = /^go: (downloading|finding|extracting|added|upgraded|found) /;

/**
 * The line of a failed build's output that says why: go's own last error (`go: ...`), else the
 * first compile error (`file.go:12:3: ...`), else the first line that reports an error, else the last.
 */
export function keyErrorLine(lines: readonly string[]): string {
  let goLine: string | undefined;
  let compileLine: string | undefined;
  let errorLine: string | undefined;
  let lastLine: string | undefined;
  for (const raw of lines) {
    const line = raw.trim();
    if (line === '') continue;
    lastLine = line;
    if (/^go: /.test(line)) {
      if (!NOISE_RE.test(line)) goLine = line;
    } else if (/\.go:\d+(:\d+)?: /.test(line)) {
      compileLine ??= line;
    } else if (/\b(error|Error|ERROR|failed|cannot)\b/.test(line)) {
      errorLine ??= line;
    }
  }
  const line = goLine ?? compileLine ?? errorLine ?? lastLine ?? 'no output';
  return line.length > 400 ? `${line.slice(0, 397)}...` : line;
}
