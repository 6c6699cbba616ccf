// The result's `downstream` block from what the backend behind the first hop counted: in the
// items sent (warmup share removed, as for the first hop) or, behind spanmetrics, in samples.

import type { Signal } from '../model/index.js';
import type { RunResult } from '../model/run-result.js';
import type { DownstreamReading } from './findings.js';

const ITEM_UNIT: Record<Signal, string> = { traces: 'spans', metrics: 'data points', logs: 'log records' };

export function downstreamSummary(
  reading: DownstreamReading,
  warmupItems: number,
): NonNullable<RunResult['downstream']> {
  // End to end from the harness stamping a batch to the sink receiving it: encode + send + the
  // first hop's receive / process / export (null: not the sink, or nothing stamped arrived).
  const base = { name: reading.name, version: reading.version, latencyMs: reading.latencyMs ?? null };
  if (reading.accepted === null) {
    return {
      ...base,
      itemsAccepted: null,
      itemsRefused: reading.refused,
      unit: ITEM_UNIT[reading.signal],
      note: `not counted: obsbench reads no counter of ${reading.name} at this address`,
    };
  }
  if (reading.unit === 'samples') {
    return {
      ...base,
      itemsAccepted: reading.accepted,
      itemsRefused: reading.refused,
      unit: 'samples',
      note: 'samples the first hop derived and wrote (every series at each flush, warmup included); not comparable to items sent',
    };
  }
  return {
    ...base,
    itemsAccepted: Math.max(0, reading.accepted - warmupItems),
    itemsRefused: reading.refused,
    unit: ITEM_UNIT[reading.signal],
    note: `${ITEM_UNIT[reading.signal]} the downstream's own counters show, warmup excluded`,
  };
}
