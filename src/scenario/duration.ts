// Duration text as people write it ("30s", "2m", "1h30m", "500ms", or a number of seconds),
// converted to seconds. One grammar, shared by the schema (as a JSON Schema pattern) and the CLI.

import { ObsbenchError, type ObsbenchErrorCode } from '../errors.js';

/** Anchored; also published in the JSON Schema so editors flag bad durations as you type. */
export const DURATION_PATTERN = '^(?:(?:\\d+(?:\\.\\d+)?(?:ms|h|m|s))+|\\d+(?:\\.\\d+)?)$';
const DURATION_RE = new RegExp(DURATION_PATTERN);
const PART_RE = /(\d+(?:\.\d+)?)(ms|h|m|s)/g;
const SECONDS_PER_UNIT: Readonly<Record<string, number>> = { h: 3600, m: 60, s: 1, ms: 0.001 };

export const DURATION_HELP = 'a duration like "30s", "2m", "1h30m", "500ms" or a number of seconds';

/**
 * Seconds, to the microsecond, or undefined when `value` is not a duration (the caller words the
 * error). A positive duration under half a microsecond is 0, so a "> 0" check refuses it rather
 * than letting it resolve to nothing later.
 */
export function durationToS(value: unknown): number | undefined {
  if (typeof value === 'number') return Number.isFinite(value) ? Math.round(value * 1e6) / 1e6 : undefined;
  if (typeof value !== 'string' || !DURATION_RE.test(value)) return undefined;
  if (!/[a-z]/.test(value)) return Number(value);
  let totalS = 0;
  for (const match of value.matchAll(PART_RE)) totalS += Number(match[1]) * SECONDS_PER_UNIT[match[2]];
  // Sub-microsecond noise from float sums would make "1h30m" hash differently from 5400.
  return Math.round(totalS * 1e6) / 1e6;
}

/**
 * Parse a duration or throw a one-line ObsbenchError naming `fieldPath` (e.g. "--duration" or
 * "load.duration"). Durations must be >= 0; callers needing > 0 check that themselves.
 */
export function parseDurationS(
  value: string | number,
  fieldPath: string,
  code: ObsbenchErrorCode = 'E_SCENARIO_INVALID',
): number {
  const seconds = durationToS(value);
  if (seconds === undefined || seconds < 0) {
    throw new ObsbenchError(
      code,
      `${fieldPath}: ${JSON.stringify(value)} is not allowed: must be ${DURATION_HELP}`,
    );
  }
  return seconds;
}

/** Seconds as duration text that parses back to the same value: 5400 -> "1h30m", 0.5 -> "500ms". */
export function formatDurationS(seconds: number): string {
  if (seconds > 0 && seconds < 1) return `${Math.round(seconds * 1e6) / 1e3}ms`;
  if (!Number.isInteger(seconds) || seconds < 60) return `${seconds}s`;
  const hours = Math.floor(seconds / 3600);
  const minutes = Math.floor((seconds % 3600) / 60);
  const rest = seconds % 60;
  return `${hours > 0 ? `${hours}h` : ''}${minutes > 0 ? `${minutes}m` : ''}${rest > 0 ? `${rest}s` : ''}`;
}
