// Writing run outputs so that a reader (a CI job, a second obsbench process, a crash) never sees a
// half-written file: temp file in the same directory, fsync, rename over the target.

import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, open, rename, unlink } from 'node:fs/promises';
import { join } from 'node:path';

/** Writes `data` to `dir/fileName` atomically (mkdir -p first); returns the file's path. */
export async function writeResultAtomic(
  dir: string,
  fileName: string,
  data: string | Buffer,
): Promise<string> {
  await mkdir(dir, { recursive: true });
  const target = join(dir, fileName);
  // Same directory as the target so rename stays on one filesystem (and stays atomic).
  const temp = join(dir, `.${fileName}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
  try {
    const handle = await open(temp, 'w');
    try {
      await handle.writeFile(data);
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(temp, target);
  } catch (error) {
    await unlink(temp).catch(() => undefined);
    throw error;
  }
  await syncDirectory(dir);
  return target;
}

// Makes the rename itself durable. Not every platform can open a directory for fsync (Windows
// cannot); the file content is already synced, so failing here is not worth failing the run.
async function syncDirectory(dir: string): Promise<void> {
  try {
    const handle = await open(dir, 'r');
    try {
      await handle.sync();
    } finally {
      await handle.close();
    }
  } catch {
    // best effort, see above
  }
}

/** `YYYYMMDD-HHMMSS` in UTC, so directories sort by time and read the same on every machine. */
export function compactTimestamp(at: Date): string {
  const iso = at.toISOString(); // 2024-05-01T12:34:56.789Z
  return (
    iso.slice(0, 4) +
    iso.slice(5, 7) +
    iso.slice(8, 10) +
    '-' +
    iso.slice(11, 13) +
    iso.slice(14, 16) +
    iso.slice(17, 19)
  );
}

/** A scenario name reduced to characters that are safe in a path on every OS. */
export function safeName(name: string): string {
  const cleaned = name
    .replace(/[^A-Za-z0-9._-]+/g, '-')
    .replace(/^[-.]+|[-.]+$/g, '')
    .slice(0, 80);
  return cleaned === '' ? 'scenario' : cleaned;
}

export interface ResultDirOptions {
  /** Parent directory; default 'results'. */
  baseDir?: string;
  /** Collision check; default fs.existsSync. */
  exists?: (path: string) => boolean;
}

/**
 * `results/20240501-123456-<scenario>`, or with `-2`, `-3`, ... when that already exists (two runs
 * of a suite in the same second). Only checks; `createResultDir` also claims the name.
 */
export function resultDirName(startedAt: Date, scenarioName: string, options: ResultDirOptions = {}): string {
  const exists = options.exists ?? existsSync;
  const base = join(options.baseDir ?? 'results', `${compactTimestamp(startedAt)}-${safeName(scenarioName)}`);
  if (!exists(base)) return base;
  for (let suffix = 2; ; suffix++) {
    const candidate = `${base}-${suffix}`;
    if (!exists(candidate)) return candidate;
  }
}

/**
 * Creates the run's result directory and returns its path. mkdir without `recursive` fails on an
 * existing directory, so two processes starting in the same second cannot claim the same name.
 */
export async function createResultDir(
  startedAt: Date,
  scenarioName: string,
  baseDir = 'results',
): Promise<string> {
  await mkdir(baseDir, { recursive: true });
  const base = join(baseDir, `${compactTimestamp(startedAt)}-${safeName(scenarioName)}`);
  for (let suffix = 1; ; suffix++) {
    const candidate = suffix === 1 ? base : `${base}-${suffix}`;
    try {
      await mkdir(candidate);
      return candidate;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
  }
}
