// A comparison as text: a console table per scenario (verdicts first) and the same as Markdown for
// pull-request comments and $GITHUB_STEP_SUMMARY.

import type { Comparison, FigureComparison } from '../compare/compare.js';
import { humanCount } from './format.js';

const ORDER: Record<FigureComparison['verdict'], number> = { worse: 0, better: 1, inconclusive: 2, same: 3 };

function sorted(figures: FigureComparison[]): FigureComparison[] {
  return [...figures].sort(
    (a, b) => Number(b.gated) - Number(a.gated) || ORDER[a.verdict] - ORDER[b.verdict],
  );
}

function median(s: FigureComparison['base']): string {
  return `${humanCount(s.median)} [${humanCount(s.ci95.low)}, ${humanCount(s.ci95.high)}]`;
}

function change(f: FigureComparison): string {
  if (!f.change) return '-';
  const p = (x: number): string => `${x >= 0 ? '+' : ''}${(x * 100).toFixed(1)}%`;
  return `${p(f.change.value)} [${p(f.change.low)}, ${p(f.change.high)}]`;
}

function rows(f: FigureComparison): string[] {
  return [
    `${f.gated ? '*' : ' '} ${f.id}`,
    f.unit,
    median(f.base),
    median(f.cand),
    change(f),
    f.pValue.toFixed(3),
    f.verdict.toUpperCase(),
  ];
}

const HEADERS = [
  'figure (* gated)',
  'unit',
  'base median [95% CI]',
  'cand median [95% CI]',
  'change [95% CI]',
  'p',
  'verdict',
];

export function formatComparisonTable(c: Comparison): string {
  const out: string[] = [`compare: base ${c.base} vs candidate ${c.cand} (${c.gate})`];
  for (const s of c.scenarios) {
    out.push('', `${s.scenario}: ${s.baseRuns} vs ${s.candRuns} runs`);
    for (const caveat of s.caveats) out.push(`CAVEAT  ${caveat}`);
    const table = [HEADERS, ...sorted(s.figures).map(rows)];
    const widths = HEADERS.map((_, i) => Math.max(...table.map((r) => r[i].length)));
    for (const row of table)
      out.push(
        row
          .map((cell, i) => cell.padEnd(widths[i]))
          .join('  ')
          .trimEnd(),
      );
  }
  for (const u of c.unpaired) out.push(`UNPAIRED ${u}`);
  out.push(
    '',
    c.regressions.length > 0
      ? `REGRESSION: ${c.regressions.map((r) => `${r.scenario} ${r.figure}`).join(', ')}`
      : 'no gated figure is worse',
  );
  return `${out.join('\n')}\n`;
}

export function formatComparisonMarkdown(c: Comparison): string {
  const out: string[] = [
    `### obsbench compare: ${c.regressions.length > 0 ? `**${c.regressions.length} regression(s)**` : 'no regression'}`,
    '',
    `Base \`${c.base}\` vs candidate \`${c.cand}\`, ${c.gate}. Gated figures are marked *.`,
  ];
  for (const s of c.scenarios) {
    out.push('', `#### ${s.scenario} (${s.baseRuns} vs ${s.candRuns} runs)`, '');
    for (const caveat of s.caveats) out.push(`> caveat: ${caveat}`, '');
    out.push(`| ${HEADERS.join(' | ')} |`, `|${HEADERS.map(() => '---').join('|')}|`);
    for (const f of sorted(s.figures))
      out.push(
        `| ${rows(f)
          .map((cell) => cell.trim())
          .join(' | ')} |`,
      );
  }
  for (const u of c.unpaired) out.push('', `Unpaired: ${u}`);
  return `${out.join('\n')}\n`;
}
