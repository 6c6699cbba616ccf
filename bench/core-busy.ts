// Per-core CPU time from /proc/stat: how busy each core was between two readings. A bench row
// reads it for the harness's core and the sink's core, to tell a harness-limited figure from a
// sink-limited one.

import { readFileSync } from 'node:fs';

/** Cumulative clock ticks per core: busy (everything but idle and iowait) and total. */
export interface CoreTicks {
  readonly busy: readonly number[];
  readonly total: readonly number[];
}

/** The ticks of every core now; empty lists where /proc/stat is not there (not Linux). */
export function readCoreTicks(): CoreTicks {
  let text: string;
  try {
    text = readFileSync('/proc/stat', 'utf8');
  } catch {
    return { busy: [], total: [] };
  }
  const busy: number[] = [];
  const total: number[] = [];
  for (const line of text.split('\n')) {
    const m = /^cpu(\d+)\s+(.*)$/.exec(line);
    if (m === null) continue;
    const fields = m[2].trim().split(/\s+/).map(Number);
    // user nice system idle iowait irq softirq steal (guest time is already inside user).
    const all = fields.slice(0, 8).reduce((a, b) => a + b, 0);
    const idle = (fields[3] ?? 0) + (fields[4] ?? 0);
    busy[Number(m[1])] = all - idle;
    total[Number(m[1])] = all;
  }
  return { busy, total };
}

/** Share of `core`'s time spent busy between two readings (0..1), or null when it is unknown. */
export function coreBusyShare(from: CoreTicks, to: CoreTicks, core: number): number | null {
  const total = (to.total[core] ?? 0) - (from.total[core] ?? 0);
  if (!(total > 0)) return null;
  return ((to.busy[core] ?? 0) - (from.busy[core] ?? 0)) / total;
}
