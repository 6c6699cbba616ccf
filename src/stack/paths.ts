// Where the stack lives: the repo root (for stack/versions and manifests), the cache directory the
// project owns (.stack/ or $OBSBENCH_STACK_DIR), and the binary and stamp paths inside it.

import { join, resolve } from 'node:path';
import { packageRoot } from '../package-root.js';

/** stack/versions in the repo. */
export function defaultVersionsPath(): string {
  return join(packageRoot(), 'stack', 'versions');
}

/** $OBSBENCH_STACK_DIR when set, else .stack/ in the repo root. */
export function defaultStackDir(env: NodeJS.ProcessEnv = process.env): string {
  const fromEnv = env.OBSBENCH_STACK_DIR;
  return fromEnv !== undefined && fromEnv !== '' ? resolve(fromEnv) : join(packageRoot(), '.stack');
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
