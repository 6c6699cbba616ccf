// Repeated runs of a scenario summarised per decision figure: n, median with its 95% interval,
// min, max and coefficient of variation, plus the values themselves, so that a later comparison
// can start from a summary file as well as from the results.

import { type FigureSpec, figuresOf } from '../model/figures.js';
import type { RunResult } from '../model/run-result.js';
import { summarizeRuns } from '../stats/summary.js';

export interface FigureSummary extends FigureSpec {
  n: number;
  median: number;
  min: number;
  max: number;
  ci95: { low: number; high: number; confidence: number };
  /** Sample standard deviation over the mean; null when the mean is 0. */
  cv: number | null;
  /** Every run's value, in run order. */
  values: number[];
}

export interface RepeatsSummary {
  scenario: string;
  scenarioHash: string;
  runs: number;
  /** Figures measured in at least one run, keyed by figure id. */
  figures: Record<string, FigureSummary>;
}

/** The runs grouped by scenario name, in first-seen order. */
export function groupByScenario(results: readonly RunResult[]): Map<string, RunResult[]> {
  const groups = new Map<string, RunResult[]>();
  for (const r of results) {
    const group = groups.get(r.scenario.name);
    if (group) group.push(r);
    else groups.set(r.scenario.name, [r]);
  }
  return groups;
}

export function summarizeRepeats(results: readonly RunResult[]): RepeatsSummary[] {
  return [...groupByScenario(results)].map(([scenario, runs]) => ({
    scenario,
    scenarioHash: runs[0].scenario.hash,
    runs: runs.length,
    figures: summarizeFigures(runs.map(figuresOf)),
  }));
}

/** Per figure id, the summary of the runs that measured it. */
function summarizeFigures(perRun: ReturnType<typeof figuresOf>[]): Record<string, FigureSummary> {
  const specs = new Map<string, FigureSpec>();
  const values = new Map<string, number[]>();
  for (const figures of perRun) {
    for (const { value, ...spec } of figures) {
      if (value === null) continue;
      if (!specs.has(spec.id)) specs.set(spec.id, spec);
      const list = values.get(spec.id);
      if (list) list.push(value);
      else values.set(spec.id, [value]);
    }
  }
  const out: Record<string, FigureSummary> = {};
  for (const [id, spec] of specs) {
    const list = values.get(id) ?? [];
    out[id] = { ...spec, ...summaryOf(list) };
  }
  return out;
}

export function summaryOf(values: number[]): Omit<FigureSummary, keyof FigureSpec> {
  const s = summarizeRuns(values);
  return {
    n: s.n,
    median: s.median,
    min: s.min,
    max: s.max,
    ci95: { low: s.medianCi.low, high: s.medianCi.high, confidence: s.medianCi.confidence },
    cv: s.mean !== 0 ? s.stddev / Math.abs(s.mean) : null,
    values,
  };
}
