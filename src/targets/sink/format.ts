// Plain-text table of the sink's counters for `obsbench sink` (the library never prints).

import { SIGNALS } from '../../model/index.js';
import type { SinkCounters } from './sink-counters.js';

const COLUMNS = [
  'signal',
  'requests',
  'items',
  'wireBytes',
  'rawBytes',
  'errorsInjected',
  'rejectedRequests',
] as const;

/** One header row and one row per signal that saw traffic (all three when none did). */
export function formatSinkCounters(counters: SinkCounters): string {
  const active = SIGNALS.filter((signal) => counters[signal].requests > 0);
  const rows: string[][] = [[...COLUMNS]];
  for (const signal of active.length > 0 ? active : SIGNALS) {
    const c = counters[signal];
    rows.push([
      signal,
      String(c.requests),
      String(c.items),
      String(c.wireBytes),
      String(c.rawBytes),
      String(c.errorsInjected),
      String(c.rejectedRequests),
    ]);
  }
  const widths = COLUMNS.map((_, column) => Math.max(...rows.map((row) => row[column].length)));
  return rows
    .map((row) =>
      row
        .map((cell, column) => (column === 0 ? cell.padEnd(widths[column]) : cell.padStart(widths[column])))
        .join('  '),
    )
    .join('\n');
}
