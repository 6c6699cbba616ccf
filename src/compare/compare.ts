// Two sets of runs compared figure by figure, as distributions: both medians with their intervals,
// the relative change with a seeded bootstrap interval, a rank-test p-value, and a verdict. A
// figure is worse (or better) only when the whole interval of the change lies beyond the smallest
// change that matters and the rank test agrees; same when the whole interval lies within it;
// inconclusive otherwise, or with too few runs. Noise that one run of each cannot rule out stays
// inconclusive instead of failing a gate.

import { ObsbenchError } from '../errors.js';
import { hashNumber } from '../generators/random.js';
import { medianRatioInterval } from '../stats/bootstrap.js';
import { mannWhitneyU } from '../stats/rank-test.js';
import { DEFAULT_MIN_CHANGE, type Gate } from './gate.js';
import type { CompareInput, ScenarioRuns } from './inputs.js';
import { type FigureSummary, summaryOf } from './repeats.js';

type FigureVerdict = 'better' | 'worse' | 'same' | 'inconclusive';

/** The rank test must reach this before better or worse is said. */
const SIGNIFICANCE = 0.05;

export interface FigureComparison {
  id: string;
  label: string;
  unit: string;
  better: 'higher' | 'lower';
  base: Omit<FigureSummary, 'id' | 'unit' | 'better' | 'label' | 'values'>;
  cand: Omit<FigureSummary, 'id' | 'unit' | 'better' | 'label' | 'values'>;
  /** cand / base - 1 with its 95% interval; null when the base median is 0. */
  change: { value: number; low: number; high: number } | null;
  pValue: number;
  /** The smallest relative change that matters for this figure. */
  minChange: number;
  gated: boolean;
  verdict: FigureVerdict;
  reason: string;
}

interface ScenarioComparison {
  scenario: string;
  baseRuns: number;
  candRuns: number;
  /** Different scenario hashes, backend versions, machines or backend placements between the sides. */
  caveats: string[];
  figures: FigureComparison[];
}

export interface Comparison {
  base: string;
  cand: string;
  gate: string;
  scenarios: ScenarioComparison[];
  /** Scenarios only one side ran. */
  unpaired: string[];
  /** Gated figures judged worse: the regression a gate fails on. */
  regressions: { scenario: string; figure: string }[];
}

export interface CompareOptions {
  /** The sides are variants of one scenario (an A/B): a different scenario hash is the point. */
  expectOtherScenario?: boolean;
}

export function compareInputs(
  base: CompareInput,
  cand: CompareInput,
  gate: Gate,
  options: CompareOptions = {},
): Comparison {
  const scenarios: ScenarioComparison[] = [];
  const unpaired: string[] = [];
  for (const [name, b] of base.byScenario) {
    const c = cand.byScenario.get(name);
    if (c) scenarios.push(compareScenario(b, c, gate, options));
    else unpaired.push(`${name} (only in ${base.path})`);
  }
  for (const name of cand.byScenario.keys()) {
    if (!base.byScenario.has(name)) unpaired.push(`${name} (only in ${cand.path})`);
  }
  if (scenarios.length === 0) {
    throw new ObsbenchError(
      'E_COMPARE_INPUT',
      `${base.path} and ${cand.path} share no scenario (${[...base.byScenario.keys()].join(', ')} vs ${[...cand.byScenario.keys()].join(', ')}); compare runs of the same scenario`,
    );
  }
  const regressions = scenarios.flatMap((s) =>
    s.figures
      .filter((f) => f.gated && f.verdict === 'worse')
      .map((f) => ({ scenario: s.scenario, figure: f.id })),
  );
  return { base: base.path, cand: cand.path, gate: gate.source, scenarios, unpaired, regressions };
}

function compareScenario(
  base: ScenarioRuns,
  cand: ScenarioRuns,
  gate: Gate,
  options: CompareOptions,
): ScenarioComparison {
  const caveats: string[] = [];
  const differ = (what: string, a: Set<string>, b: Set<string>): void => {
    if (a.size === 0 || b.size === 0) return;
    if ([...a].sort().join('|') !== [...b].sort().join('|')) {
      caveats.push(`${what} differ: ${[...a].join(', ')} vs ${[...b].join(', ')}`);
    }
  };
  if (!options.expectOtherScenario) differ('scenario hashes', base.hashes, cand.hashes);
  differ('backend versions', base.backendVersions, cand.backendVersions);
  differ('machines', base.machines, cand.machines);
  differ('backend placements', base.placements, cand.placements);
  const figures: FigureComparison[] = [];
  for (const [id, b] of base.figures) {
    const c = cand.figures.get(id);
    if (!c) continue;
    const minChange = gate.figures[id] ?? DEFAULT_MIN_CHANGE;
    figures.push(
      compareFigure(b.spec, b.values, c.values, minChange, id in gate.figures, gate.minRuns, base.scenario),
    );
  }
  // A gate must not pass because the figure it names went unmeasured.
  for (const id of Object.keys(gate.figures)) {
    if (!base.figures.has(id) || !cand.figures.has(id)) {
      const missing = [base.figures.has(id) ? '' : 'base', cand.figures.has(id) ? '' : 'candidate'].filter(
        Boolean,
      );
      caveats.push(`gated figure ${id} not measured by the ${missing.join(' and ')} runs`);
    }
  }
  return { scenario: base.scenario, baseRuns: base.runs, candRuns: cand.runs, caveats, figures };
}

function compareFigure(
  spec: { id: string; label: string; unit: string; better: 'higher' | 'lower' },
  baseValues: number[],
  candValues: number[],
  minChange: number,
  gated: boolean,
  minRuns: number,
  scenario: string,
): FigureComparison {
  const { values: _b, ...baseSummary } = summaryOf(baseValues);
  const { values: _c, ...candSummary } = summaryOf(candValues);
  const seed = hashNumber(stringHash(`${scenario}/${spec.id}`), 0xc0);
  const ratio = medianRatioInterval(baseValues, candValues, { seed });
  const change = ratio ? { value: ratio.ratio - 1, low: ratio.low - 1, high: ratio.high - 1 } : null;
  const pValue = mannWhitneyU(candValues, baseValues).pValue;
  const out = { ...spec, base: baseSummary, cand: candSummary, change, pValue, minChange, gated };
  return { ...out, ...verdictOf(spec.better, change, pValue, minChange, baseValues, candValues, minRuns) };
}

function verdictOf(
  better: 'higher' | 'lower',
  change: FigureComparison['change'],
  pValue: number,
  minChange: number,
  base: number[],
  cand: number[],
  minRuns: number,
): { verdict: FigureVerdict; reason: string } {
  if (base.length < minRuns || cand.length < minRuns) {
    return {
      verdict: 'inconclusive',
      reason: `too few runs (${base.length} vs ${cand.length}; ${minRuns} needed a side)`,
    };
  }
  if (change === null) {
    const allZero = [...base, ...cand].every((v) => v === 0);
    return allZero
      ? { verdict: 'same', reason: 'zero on both sides' }
      : { verdict: 'inconclusive', reason: 'the base median is 0: no relative change' };
  }
  // In "worse" terms: positive is worse, whichever direction the figure prefers.
  const worseLow = better === 'lower' ? change.low : -change.high;
  const worseHigh = better === 'lower' ? change.high : -change.low;
  const band = `±${pct(minChange)}`;
  if (worseLow > minChange && pValue < SIGNIFICANCE) {
    return {
      verdict: 'worse',
      reason: `the whole interval is beyond ${pct(minChange)} worse (p ${pValue.toFixed(3)})`,
    };
  }
  if (worseHigh < -minChange && pValue < SIGNIFICANCE) {
    return {
      verdict: 'better',
      reason: `the whole interval is beyond ${pct(minChange)} better (p ${pValue.toFixed(3)})`,
    };
  }
  if (worseLow >= -minChange && worseHigh <= minChange) {
    return { verdict: 'same', reason: `the whole interval is within ${band}` };
  }
  return { verdict: 'inconclusive', reason: `the interval straddles ${band}; more runs would narrow it` };
}

function pct(fraction: number): string {
  return `${Number((fraction * 100).toPrecision(3))}%`;
}

function stringHash(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193) >>> 0;
  return h;
}
