// The capacity page (capacity.json): the search's curve, rate against accepted share and p99, and
// against the backend's cores, with the sustained rate marked; the steps and the conclusion.

import type { CapacityReport } from '../../capacity/run-capacity.js';
import type { JudgedStep } from '../../capacity/search.js';
import { humanCount } from '../format.js';
import type { ChartSpec } from './chart-spec.js';
import { badge, type Cell, chartBox, count, esc, figureCell, keyValues, ms, table } from './markup.js';

/**
 * A step that could not run (its backend did not start, say) has no result: run-capacity leaves
 * its result path empty and its figures at 0, which must not be drawn as 0 ms or 0% accepted.
 */
function ran(step: JudgedStep): boolean {
  return step.resultPath !== '';
}

export function capacitySections(
  report: CapacityReport,
  prefix = 'cap',
): { body: string; charts: ChartSpec[] } {
  // Steps run in search order (doubling, then bisecting); the curve reads by rate.
  const steps = [...report.curve].sort((a, b) => a.ratePerS - b.ratePerS);
  const rates = {
    label: 'offered rate (items/s)',
    kind: 'rate' as const,
    values: steps.map((s) => s.ratePerS),
  };
  const sustained = report.maxSustainableRatePerS;
  const markX =
    sustained === null ? undefined : { value: sustained, label: `sustained ${humanCount(sustained)}/s` };
  const charts: ChartSpec[] = [
    {
      id: `${prefix}-curve`,
      title: 'Accepted share and p99 by offered rate',
      x: rates,
      axes: [
        { label: 'accepted (% of planned)', fromZero: false },
        { label: 'latency p99 (ms)', fromZero: true },
      ],
      series: [
        {
          label: 'accepted %',
          axis: 0,
          color: '--c-accepted',
          points: true,
          values: steps.map((s) => (ran(s) ? s.acceptedShare * 100 : null)),
        },
        {
          label: 'p99 ms',
          axis: 1,
          color: '--c-sent',
          points: true,
          dash: true,
          values: steps.map((s) => (ran(s) ? s.p99Ms : null)),
        },
      ],
      markX,
    },
    {
      id: `${prefix}-cores`,
      title: 'Backend cores by offered rate',
      x: rates,
      axes: [{ label: 'backend cores (avg)', fromZero: true }],
      series: [
        {
          label: 'cores',
          axis: 0,
          color: '--c-backend',
          points: true,
          values: steps.map((s) => s.backendCoresAvg),
        },
      ],
      markX,
    },
  ];
  const r = report;
  const summary = keyValues([
    ['sustained rate', figureCell('maxSustainableRatePerS', r.maxSustainableRatePerS, 'items/s')],
    [
      r.backendCpuLimitCores == null ? 'per pinned core' : 'per core of CPU time given',
      figureCell('itemsPerSPerCore', r.itemsPerSPerCore, 'items/s'),
    ],
    ['per core-second used', figureCell('itemsPerCoreSecondUsed', r.itemsPerCoreSecondUsed, 'items/s')],
    ['search stopped by', r.stoppedBy],
    ['criteria', `accepted ≥ ${r.minAcceptedShare * 100}%, p99 ≤ ${r.sloP99Ms} ms, nothing dropped`],
    ['backend cores / harness cores', `${r.backendCores.join(',')} / ${r.harnessCores.join(',')}`],
    [
      'backend CPU limit',
      r.backendCpuLimitCores == null ? 'none' : `${r.backendCpuLimitCores} cores of CPU time`,
    ],
    ['harness ceiling', `${count(r.harnessCeilingItemsPerS)} items/s`],
    ['step duration', `${r.stepDurationS} s`],
  ]);
  const rows = report.curve.map((s, i): Cell[] => [
    String(i + 1),
    { html: `<span data-step-rate="${esc(s.ratePerS)}">${esc(humanCount(s.ratePerS))}</span>` },
    ran(s) ? humanCount(s.achievedRatePerS) : 'not run',
    ran(s) ? `${(s.acceptedShare * 100).toFixed(2)}%` : '-',
    ran(s) ? ms(s.p99Ms) : '-',
    String(s.droppedSchedules),
    s.backendCoresAvg === null ? '-' : s.backendCoresAvg.toFixed(2),
    { html: `${badge(s.pass ? 'pass' : 'fail').html} ${esc(s.reason)}` },
  ]);
  const body = `<section class="card" id="${esc(prefix)}">
<h2>Capacity: ${esc(r.scenario.name)}</h2>
<p class="sub">${esc(`${r.scenario.target} · ${r.scenario.signal} over ${r.scenario.protocol} · ${r.scenario.sourcePath}`)}</p>
<p class="conclusion">${esc(r.conclusion)}</p>
<div class="charts">${charts.map((c) => chartBox(c.id, c.title)).join('')}</div>
<div class="cols"><div><h3>Result</h3>${summary}</div>
<div><h3>Steps, in the order run</h3>${table(['step', 'rate/s', 'achieved/s', 'accepted', 'p99', 'dropped', 'cores', 'verdict'], rows, ' class="nums"')}</div></div>
</section>`;
  return { body, charts };
}
