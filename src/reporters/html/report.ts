// One HTML page from any mix of report inputs: runs, a comparison, a capacity search, a capacity
// A/B, claim verdicts. Each input becomes its sections; the page is titled after the first.

import type { CapacityReport } from '../../capacity/run-capacity.js';
import type { ClaimVerdict } from '../../claims/evaluate.js';
import type { CapacityComparison } from '../../compare/capacity-ab.js';
import type { RunResult } from '../../model/run-result.js';
import { capacityAbSections } from './capacity-ab-page.js';
import { capacitySections } from './capacity-page.js';
import type { ChartSpec } from './chart-spec.js';
import { type ComparisonFile, type ComparisonRuns, comparisonSections } from './comparison-page.js';
import { renderPage } from './page.js';
import { runsSections } from './run-page.js';
import { validateSections } from './validate-page.js';

export type HtmlInput =
  | { kind: 'runs'; results: RunResult[] }
  | { kind: 'comparison'; comparison: ComparisonFile; runs: ComparisonRuns | null }
  | { kind: 'capacity'; report: CapacityReport }
  | { kind: 'capacity-ab'; comparison: CapacityComparison }
  | { kind: 'validate'; verdicts: ClaimVerdict[] };

export function renderHtmlReport(inputs: HtmlInput[]): string {
  const bodies: string[] = [];
  const charts: ChartSpec[] = [];
  for (const [i, input] of inputs.entries()) {
    const part = sectionsOf(input, `i${i}`);
    bodies.push(part.body);
    charts.push(...part.charts);
  }
  const { title, subtitle } = titleOf(inputs);
  return renderPage({
    kind: inputs.map((i) => i.kind).join('+'),
    title,
    subtitle,
    body: bodies.join('\n'),
    charts,
    source: inputs.map(sourceOf),
  });
}

function sectionsOf(input: HtmlInput, prefix: string): { body: string; charts: ChartSpec[] } {
  switch (input.kind) {
    case 'runs':
      return runsSections(input.results, `${prefix}-run`);
    case 'comparison':
      return comparisonSections(input.comparison, input.runs, `${prefix}-cmp`);
    case 'capacity':
      return capacitySections(input.report, `${prefix}-cap`);
    case 'capacity-ab':
      return capacityAbSections(input.comparison, `${prefix}-cap-ab`);
    case 'validate':
      return validateSections(input.verdicts, `${prefix}-claims`);
  }
}

/** What the page embeds of each input: the document it was read from. */
function sourceOf(input: HtmlInput): { kind: HtmlInput['kind']; data: unknown } {
  switch (input.kind) {
    case 'runs':
      return { kind: input.kind, data: input.results };
    case 'comparison':
      return { kind: input.kind, data: input.comparison };
    case 'capacity':
      return { kind: input.kind, data: input.report };
    case 'capacity-ab':
      return { kind: input.kind, data: input.comparison };
    case 'validate':
      return { kind: input.kind, data: input.verdicts };
  }
}

function titleOf(inputs: HtmlInput[]): { title: string; subtitle: string } {
  const first = inputs[0];
  if (!first) return { title: 'obsbench report', subtitle: 'no inputs' };
  switch (first.kind) {
    case 'runs': {
      const names = [...new Set(first.results.map((r) => r.scenario.name))];
      const title = names.length === 1 ? names[0] : `${names.length} scenarios`;
      const r = first.results[0];
      return {
        title: `obsbench: ${title}`,
        subtitle: `${first.results.length} run(s), started ${r?.startedAt ?? '-'}, obsbench ${r?.tool.version ?? '-'} (${r?.tool.gitSha ?? '-'})`,
      };
    }
    case 'comparison':
      return {
        title: `obsbench comparison: ${first.comparison.scenarios.map((s) => s.scenario).join(', ')}`,
        subtitle: `${first.comparison.base} vs ${first.comparison.cand}`,
      };
    case 'capacity':
      return {
        title: `obsbench capacity: ${first.report.scenario.name}`,
        subtitle: `a capacity search of ${first.report.curve.length} step(s) of ${first.report.stepDurationS} s`,
      };
    case 'capacity-ab':
      return {
        title: `obsbench capacity A/B: ${first.comparison.scenario}`,
        subtitle: `${first.comparison.a.searches} + ${first.comparison.b.searches} searches, interleaved`,
      };
    case 'validate':
      return { title: 'obsbench validate: claim verdicts', subtitle: `${first.verdicts.length} claims` };
  }
}
