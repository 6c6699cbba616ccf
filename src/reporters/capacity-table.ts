// The capacity search as a table: one row per step, in the order run, then the conclusion.

import type { CapacityReport } from '../capacity/run-capacity.js';
import type { CapacityComparison } from '../compare/capacity-ab.js';
import { humanCount } from './format.js';

export function formatCapacityTable(report: CapacityReport): string {
  const header = [
    'step',
    'rate/s',
    'achieved/s',
    'accepted %',
    'p99 ms',
    'dropped',
    'backend cores',
    'verdict',
  ];
  const rows = report.curve.map((s, i) => [
    String(i + 1),
    humanCount(s.ratePerS),
    humanCount(s.achievedRatePerS),
    (s.acceptedShare * 100).toFixed(2),
    s.p99Ms.toFixed(1),
    String(s.droppedSchedules),
    s.backendCoresAvg === null ? '-' : s.backendCoresAvg.toFixed(2),
    s.pass ? 'pass' : `FAIL: ${s.reason}`,
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells: string[]): string =>
    cells
      .map((c, i) => (i === cells.length - 1 ? c : c.padStart(widths[i])))
      .join('  ')
      .trimEnd();
  const r = report;
  return [
    `${r.scenario.name}: ${r.scenario.target} ${r.scenario.signal} over ${r.scenario.protocol}; backend on core(s) ${r.backendCores.join(',')}${r.backendCpuLimitCores == null ? '' : ` limited to ${r.backendCpuLimitCores} core(s) of CPU time`}, harness on ${r.harnessCores.join(',')}; SLO p99 <= ${r.sloP99Ms} ms, accepted >= ${r.minAcceptedShare * 100}%`,
    '',
    line(header),
    widths.map((w) => '-'.repeat(w)).join('  '),
    ...rows.map(line),
    '',
    `max sustainable: ${r.maxSustainableRatePerS === null ? 'none' : `${humanCount(r.maxSustainableRatePerS)} items/s`}` +
      (r.itemsPerSPerCore === null
        ? ''
        : ` = ${humanCount(r.itemsPerSPerCore)} items/s per ${r.backendCpuLimitCores == null ? 'pinned core' : 'core of CPU time given'}`) +
      (r.itemsPerCoreSecondUsed === null
        ? ''
        : ` (${humanCount(r.itemsPerCoreSecondUsed)} per core-second it used)`),
    `harness ceiling: ${r.harnessCeilingItemsPerS === null ? 'unknown' : `${humanCount(r.harnessCeilingItemsPerS)} items/s`}; stopped by: ${r.stoppedBy}`,
    r.conclusion,
  ].join('\n');
}

/** Two variants' sustained rates over repeated searches, and their ratio. */
export function formatCapacityComparison(c: CapacityComparison): string {
  const line = (name: string, side: CapacityComparison['a']): string => {
    const s = side.sustainedRatePerS;
    const rate = s
      ? `median ${humanCount(s.median)} items/s, 95% interval [${humanCount(s.ci95.low)}, ${humanCount(s.ci95.high)}], range ${humanCount(s.min)}-${humanCount(s.max)} over ${s.n} search(es)`
      : 'no sustainable rate found';
    const none = side.unsustained > 0 ? `; ${side.unsustained} search(es) found none` : '';
    return `${name} (${side.variant}): ${rate}${none}`;
  };
  const ratio = c.ratio
    ? `B / A: ${c.ratio.value.toFixed(3)} [${c.ratio.low.toFixed(3)}, ${c.ratio.high.toFixed(3)}] (95% bootstrap interval)`
    : 'B / A: not measured on both sides';
  return `capacity of ${c.scenario}\n${line('A', c.a)}\n${line('B', c.b)}\n${ratio}\nresults: ${c.dir}\n`;
}
