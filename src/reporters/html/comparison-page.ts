// The comparison page (obsbench compare --json, an A/B's comparison.json): per scenario the figure
// table with both medians and their intervals, the change with its interval, the p-value and the
// verdict in colour, the caveats; and, when both sides' runs can be read, their accepted items/s
// and p99 per second overlaid.

import type { AbVariant } from '../../compare/ab.js';
import type { Comparison, FigureComparison } from '../../compare/compare.js';
import type { RunResult } from '../../model/run-result.js';
import { type ChartSpec, overlayChart, p99OfSecond } from './chart-spec.js';
import { badge, type Cell, chartBox, esc, figureCell, formatValue, table } from './markup.js';

/** A comparison as written by compare --json, or by ab (which adds the two variants). */
export type ComparisonFile = Comparison & { a?: AbVariant; b?: AbVariant };

/** Each side's runs, when the directories the comparison names could be read. */
export interface ComparisonRuns {
  base: RunResult[];
  cand: RunResult[];
}

const ORDER: Record<FigureComparison['verdict'], number> = { worse: 0, better: 1, inconclusive: 2, same: 3 };

export function comparisonSections(
  c: ComparisonFile,
  runs: ComparisonRuns | null,
  prefix = 'cmp',
): { body: string; charts: ChartSpec[] } {
  const names = sideNames(c);
  const charts: ChartSpec[] = [];
  const head = `<section class="card"><h2>Comparison</h2>${table(
    ['side', 'runs from'],
    [
      [names.base, c.base],
      [names.cand, c.cand],
    ],
  )}<p class="sub">Gate: ${esc(c.gate)}. ${
    c.regressions.length === 0
      ? 'No gated figure is worse.'
      : `<strong class="v-worse">${c.regressions.length} regression(s)</strong>: ${esc(
          c.regressions.map((r) => `${r.scenario} ${r.figure}`).join(', '),
        )}`
  }</p>${c.unpaired.length > 0 ? `<p class="note">Unpaired: ${esc(c.unpaired.join('; '))}</p>` : ''}</section>`;
  const sections = c.scenarios.map((s, i) => {
    const id = `${prefix}-${i}`;
    const caveats = s.caveats.map((x) => `<p class="caveat">Caveat: ${esc(x)}</p>`).join('');
    const drawn = runs ? overlays(s.scenario, runs, names, id) : [];
    charts.push(...drawn);
    const chartHtml =
      drawn.length > 0
        ? `<div class="charts">${drawn.map((d) => chartBox(d.id, d.title)).join('')}</div>`
        : '<p class="note">The runs of each side were not found beside the comparison, so there are no overlaid charts.</p>';
    return `<section class="card" id="${esc(id)}"><h2>${esc(s.scenario)}</h2>
<p class="sub">${esc(s.baseRuns)} run(s) of ${esc(names.base)} vs ${esc(s.candRuns)} of ${esc(names.cand)}; * marks a gated figure</p>
${caveats}${figureTable(s.figures, id, names)}${chartHtml}</section>`;
  });
  return { body: head + sections.join('\n'), charts };
}

function sideNames(c: ComparisonFile): { base: string; cand: string } {
  if (c.a && c.b) {
    return {
      base: `A${c.a.description ? ` (${c.a.description})` : ''}`,
      cand: `B${c.b.description ? ` (${c.b.description})` : ''}`,
    };
  }
  return { base: 'base', cand: 'candidate' };
}

function figureTable(figures: FigureComparison[], id: string, names: { base: string; cand: string }): string {
  const sorted = [...figures].sort(
    (a, b) => Number(b.gated) - Number(a.gated) || ORDER[a.verdict] - ORDER[b.verdict],
  );
  const side = (f: FigureComparison, which: 'base' | 'cand'): Cell => {
    const s = f[which];
    return {
      html: `${figureCell(f.id, s.median, f.unit, which).html}<br><small>[${esc(formatValue(s.ci95.low, f.unit))}, ${esc(formatValue(s.ci95.high, f.unit))}]</small>`,
    };
  };
  const rows = sorted.map((f): Cell[] => [
    { html: `${f.gated ? '* ' : ''}${esc(f.label)}<br><small class="mono">${esc(f.id)}</small>` },
    side(f, 'base'),
    side(f, 'cand'),
    { html: change(f) },
    f.pValue.toFixed(3),
    { html: `${badge(f.verdict).html}<br><small>${esc(f.reason)}</small>` },
  ]);
  return table(
    [
      'figure',
      `${names.base} median [95% CI]`,
      `${names.cand} median [95% CI]`,
      'change [95% CI]',
      'p',
      'verdict',
    ],
    rows,
    ` class="figures" data-comparison="${esc(id)}"`,
  );
}

function change(f: FigureComparison): string {
  if (!f.change) return '-';
  const p = (x: number): string => `${x >= 0 ? '+' : ''}${(x * 100).toFixed(1)}%`;
  return `<span data-change="${esc(f.id)}" data-value="${esc(f.change.value)}">${esc(p(f.change.value))}</span><br><small>[${esc(p(f.change.low))}, ${esc(p(f.change.high))}]</small>`;
}

function overlays(
  scenario: string,
  runs: ComparisonRuns,
  names: { base: string; cand: string },
  id: string,
): ChartSpec[] {
  const sides = [
    {
      label: names.base,
      color: '--c-a' as const,
      runs: runs.base.filter((r) => r.scenario.name === scenario),
    },
    {
      label: names.cand,
      color: '--c-b' as const,
      runs: runs.cand.filter((r) => r.scenario.name === scenario),
    },
  ];
  if (sides.some((s) => s.runs.length === 0)) return [];
  return [
    overlayChart(
      `${id}-accepted`,
      'Accepted items per second',
      'accepted items/s',
      sides,
      (p) => p.acceptedPerS,
    ),
    overlayChart(`${id}-latency`, 'Latency p99 per second', 'latency p99 (ms)', sides, p99OfSecond),
  ];
}
