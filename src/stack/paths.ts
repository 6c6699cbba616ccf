// Where the stack lives: the repo root (for stack/versions and manifests), the cache directory the
// project owns (.stack/ or $OBSBENCH_STACK_DIR), and the binary and stamp paths inside it.

import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

let cachedRepoRoot: string | undefined;

/** The obsbench checkout: the nearest ancestor of this module holding obsbench's package.json. */
export function repoRoot(): string {
  if (cachedRepoRoot !== undefined) return cachedRepoRoot;
  // Walk up: src/stack/ under tsx, dist/src/stack/ once built.
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const pkg = join(dir, 'package.json');
    if (existsSync(pkg) && isObsbenchPackage(pkg)) {
      cachedRepoRoot = dir;
      return dir;
    }
    const parent = dirname(dir);
    if (parent === dir) break;
    dir = parent;
  }
  cachedRepoRoot = process.cwd();
  return cachedRepoRoot;
}

function isObsbenchPackage(path: string): boolean {
  try {
    return (JSON.parse(readFileSync(path, 'utf8')) as { name?: unknown }).name === 'obsbench';
  } catch {
    return false;
  }
}

/** stack/versions in the repo. */
export function defaultVersionsPath(): string {
  return join(repoRoot(), 'stack', 'versions');
}

/** $OBSBENCH_STACK_DIR when set, else .stack/ in the repo root. */
export function defaultStackDir(env: NodeJS.ProcessEnv = process.env): string {
  const fromEnv = env.OBSBENCH_STACK_DIR;
  return fromEnv !== undefined && fromEnv !== '' ? resolve(fromEnv) : join(repoRoot(), '.stack');
}

/** Where the installed binary of a backend is (whether or not it is built yet). */
export function binaryPath(name: string, stackDir: string = defaultStackDir()): string {
  return join(stackDir, 'bin', name);
}

/** The stamp that records what the binary at binaryPath(name) was built from. */
export function stampPath(name: string, stackDir: string): string {
  return join(stackDir, 'stamps', `${name}.json`);
}

/** Scratch space for builds in progress; on the cache's filesystem so that rename is atomic. */
export function tmpDir(stackDir: string): string {
  return join(stackDir, 'tmp');
}

/** Build tools (the Collector builder), one directory per version. */
export function toolsDir(stackDir: string): string {
  return join(stackDir, 'tools');
}
