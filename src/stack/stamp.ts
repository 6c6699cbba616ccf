// Build stamps: a small JSON file beside each installed binary recording what it was built from,
// so that a second install skips it, and a changed pin or Go version rebuilds it.

import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import type { BackendPin } from './versions.js';

export interface BuildStamp {
  readonly name: string;
  readonly module: string;
  readonly version: string;
  readonly route: string;
  /** Digest of everything else that shapes the binary: package, ldflags, tags, manifest content. */
  readonly buildKey: string;
  readonly goVersion: string;
  /** First line of the binary's version output, when it prints one. */
  readonly binaryVersion: string | undefined;
  readonly builtAt: string;
  readonly buildDurationMs: number;
}

/** Digest of a pin's build options, plus the manifest's content for the Collector builder. */
export function buildKeyOf(pin: BackendPin, manifestText: string | undefined): string {
  const hash = createHash('sha256');
  const options: Record<string, unknown> = {
    pkg: pin.pkg,
    x: pin.ldflagsX,
    tags: pin.tags,
    manifest: pin.manifest ?? null,
  };
  // Only when used, so that adding this option kept the keys of existing stamps.
  if (pin.replaces.length > 0) options.replace = pin.replaces;
  hash.update(JSON.stringify(options));
  if (manifestText !== undefined) hash.update(manifestText);
  return hash.digest('hex').slice(0, 16);
}

/** The stamp at `path`, or undefined when absent or unreadable (which just means: rebuild). */
export function readStamp(path: string): BuildStamp | undefined {
  try {
    const value = JSON.parse(readFileSync(path, 'utf8')) as Partial<BuildStamp>;
    if (typeof value.module !== 'string' || typeof value.version !== 'string') return undefined;
    return value as BuildStamp;
  } catch {
    return undefined;
  }
}

/** Written to a temp file and renamed, so a stamp is never half written. */
export function writeStamp(path: string, stamp: BuildStamp): void {
  mkdirSync(dirname(path), { recursive: true });
  const tmp = `${path}.${process.pid}.tmp`;
  writeFileSync(tmp, `${JSON.stringify(stamp, null, 2)}\n`);
  renameSync(tmp, path);
}

export type StampDecision =
  | { readonly action: 'skip'; readonly stamp: BuildStamp }
  | { readonly action: 'build'; readonly why: string };

/**
 * Skip when the binary exists and its stamp matches the pin; `goVersion` undefined (no Go on PATH)
 * accepts any Go the binary was built with, since nothing could rebuild it anyway.
 */
export function decideBuild(
  pin: BackendPin,
  buildKey: string,
  binary: string,
  stamp: BuildStamp | undefined,
  goVersion: string | undefined,
): StampDecision {
  if (!existsSync(binary)) return { action: 'build', why: 'not built yet' };
  if (stamp === undefined) return { action: 'build', why: 'no build stamp beside the binary' };
  if (stamp.module !== pin.module || stamp.version !== pin.version) {
    return {
      action: 'build',
      why: `built from ${stamp.module}@${stamp.version}, pinned ${pin.module}@${pin.version}`,
    };
  }
  if (stamp.route !== pin.route)
    return { action: 'build', why: `built by route ${stamp.route}, pinned ${pin.route}` };
  if (stamp.buildKey !== buildKey) return { action: 'build', why: 'build options or manifest changed' };
  if (goVersion !== undefined && stamp.goVersion !== goVersion) {
    return { action: 'build', why: `built with ${stamp.goVersion}, Go on PATH is ${goVersion}` };
  }
  return { action: 'skip', stamp };
}
