// The shard flags of `obsbench run`: --shard I/N, or --shards N with the index from
// JOB_COMPLETION_INDEX (a Kubernetes Indexed Job), with --start-at and --run-id. Checked here,
// once; the run trusts the ShardSpec it gets.

import { ObsbenchError } from '../errors.js';
import type { ShardSpec } from '../model/shard.js';

/** The environment variable a Kubernetes Indexed Job sets to the pod's completion index. */
const SHARD_INDEX_ENV = 'JOB_COMPLETION_INDEX';
const MAX_SHARDS = 4096;
/** The bounded-run rule: a shard waits at most this long for its start. */
const MAX_START_AHEAD_S = 3600;
const RUN_ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;

export interface ShardFlags {
  shard?: string;
  shards?: string;
  startAt?: string;
  runId?: string;
}

function usage(message: string): never {
  throw new ObsbenchError('E_USAGE', message);
}

function wholeNumber(text: string, min: number, max: number): number | null {
  if (!/^\d+$/.test(text)) return null;
  const n = Number(text);
  return n >= min && n <= max ? n : null;
}

/** The shard this process is, or null when no shard flag is given. */
export function shardSpecOf(
  flags: ShardFlags,
  env: NodeJS.ProcessEnv = process.env,
  nowEpochMs = Date.now(),
): ShardSpec | null {
  if (flags.shard === undefined && flags.shards === undefined) {
    const stray = flags.startAt !== undefined ? '--start-at' : flags.runId !== undefined ? '--run-id' : null;
    if (stray) usage(`${stray}: only for a shard; add --shard I/N (or --shards N in an Indexed Job)`);
    return null;
  }
  if (flags.shard !== undefined && flags.shards !== undefined)
    usage(
      '--shard and --shards: give one: --shard I/N, or --shards N with the index in $JOB_COMPLETION_INDEX',
    );
  let index: number | null;
  let count: number | null;
  if (flags.shard !== undefined) {
    const parts = /^(\d+)\/(\d+)$/.exec(flags.shard);
    count = parts ? wholeNumber(parts[2], 1, MAX_SHARDS) : null;
    index = parts && count !== null ? wholeNumber(parts[1], 0, count - 1) : null;
    if (index === null || count === null)
      usage(
        `--shard: ${JSON.stringify(flags.shard)} is not allowed: give I/N with 0 <= I < N <= ${MAX_SHARDS}, e.g. --shard 0/4`,
      );
  } else {
    count = wholeNumber(flags.shards ?? '', 1, MAX_SHARDS);
    if (count === null)
      usage(
        `--shards: ${JSON.stringify(flags.shards)} is not allowed: give a whole number from 1 to ${MAX_SHARDS}`,
      );
    const fromEnv = env[SHARD_INDEX_ENV];
    if (fromEnv === undefined || fromEnv === '')
      usage(
        `--shards: $${SHARD_INDEX_ENV} is not set; a Kubernetes Indexed Job sets it, elsewhere use --shard I/${count}`,
      );
    index = wholeNumber(fromEnv, 0, count - 1);
    if (index === null)
      usage(
        `--shards: $${SHARD_INDEX_ENV} is ${JSON.stringify(fromEnv)}; it must be 0 to ${count - 1} for --shards ${count}`,
      );
  }
  if (flags.startAt === undefined)
    usage(
      "--start-at: required for a shard: every shard starts its plan at the same wall-clock time, e.g. --start-at $(date -u -d '+1 min' +%Y-%m-%dT%H:%M:%SZ)",
    );
  const startAtEpochMs = startAtOf(flags.startAt);
  if (startAtEpochMs - nowEpochMs > MAX_START_AHEAD_S * 1000)
    usage(
      `--start-at: ${flags.startAt} is more than ${MAX_START_AHEAD_S / 3600} h ahead; a shard waits at most that long, so give a time closer to now`,
    );
  const runId = flags.runId ?? defaultRunId(startAtEpochMs);
  if (!RUN_ID_PATTERN.test(runId))
    usage(
      `--run-id: ${JSON.stringify(runId)} is not allowed: use 1 to 64 letters, digits, '.', '_' or '-', starting with a letter or digit`,
    );
  return { index, count, runId, startAtEpochMs };
}

/** ISO 8601 with a time zone (2026-12-02T10:00:00Z) or seconds since the epoch. */
function startAtOf(text: string): number {
  let ms = Number.NaN;
  if (/^\d+(\.\d+)?$/.test(text)) ms = Number(text) * 1000;
  else if (/^\d{4}-\d\d-\d\dT\d\d:\d\d(:\d\d(\.\d+)?)?(Z|[+-]\d\d:?\d\d)$/.test(text)) ms = Date.parse(text);
  if (!Number.isFinite(ms))
    usage(
      `--start-at: ${JSON.stringify(text)} is not allowed: give a time with its zone, like 2026-12-02T10:00:00Z, or seconds since the epoch`,
    );
  return ms;
}

/** The start time, compact: shards given the same --start-at agree on it without --run-id. */
function defaultRunId(startAtEpochMs: number): string {
  return new Date(startAtEpochMs)
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d+Z$/, 'Z');
}
