// LogsQL building blocks for VictoriaLogs: the run's time filter, JSON-lines parsing of
// /select/logsql/query answers and of stats rows.

import { ObsbenchError } from '../../errors.js';
import type { ReadContext } from './read-probe.js';

/** RFC 3339 with microseconds: VictoriaLogs keeps nanoseconds, generated records carry whole µs. */
export function isoMicros(us: number): string {
  const ms = Math.floor(us / 1000);
  const micros = Math.floor(us) - ms * 1000;
  return `${new Date(ms).toISOString().slice(0, -1)}${String(micros).padStart(3, '0')}Z`;
}

/** `_time:[from, to]`, both ends included. */
export function timeFilter(ctx: Pick<ReadContext, 'fromUs' | 'toUs'>): string {
  return `_time:[${isoMicros(ctx.fromUs)}, ${isoMicros(ctx.toUs)}]`;
}

/** One object per non-empty line. */
export function parseJsonLines(text: string, what: string): Record<string, string>[] {
  const rows: Record<string, string>[] = [];
  for (const line of text.split('\n')) {
    if (line.trim() === '') continue;
    try {
      rows.push(JSON.parse(line) as Record<string, string>);
    } catch (error) {
      throw new ObsbenchError('E_TARGET', `${what}: not a JSON line: ${line.slice(0, 200)}`, {
        cause: error,
      });
    }
  }
  return rows;
}

/** Rows of `… | stats by (<key>) count() as n`: count per key value, and their total. */
export function countsByKey(
  rows: Record<string, string>[],
  key: string,
  what: string,
): { total: number; byGroup: Record<string, number> } {
  const byGroup: Record<string, number> = {};
  let total = 0;
  for (const row of rows) {
    const n = Number(row.n);
    if (!Number.isFinite(n))
      throw new ObsbenchError('E_TARGET', `${what}: row without a count: ${JSON.stringify(row)}`);
    const group = row[key] ?? '';
    byGroup[group] = (byGroup[group] ?? 0) + n;
    total += n;
  }
  return { total, byGroup };
}
