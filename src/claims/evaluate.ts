// Turns the claims catalog plus the validate runs' results into verdicts: pass / fail /
// inconclusive, each with the measured figure, its per-core form, the conditions on this machine
// and the reason. A claim is never passed silently: no figure means inconclusive, with why.

import type { RunResult, VerdictState } from '../model/run-result.js';
import { formatFigure, resultMetric } from '../result/thresholds.js';
import { medianConfidenceInterval } from '../stats/summary.js';
import type { Claim, ClaimRun, FigureRef } from './catalog.js';

export interface ClaimVerdict {
  id: string;
  statement: string;
  stated: string;
  measured: number | null;
  /** The figure per core of CPU time the backend was given, for claims measured per core. */
  perCore: number | null;
  unit: string;
  conditions: string;
  sources: string;
  verdict: VerdictState;
  reason: string;
  /**
   * Over repeated validate runs: the measured figure is their median and this its interval
   * (order statistics; `confidence` is the coverage reached with n runs); null for one run.
   */
  interval: { low: number; high: number; confidence: number; n: number } | null;
  /** How the figure was measured, for claims measured by capacity searches (absent otherwise). */
  method?: string;
  /** For a quota-method figure: that method against the full core on a backend the harness saturates. */
  methodAgreement?: MethodAgreement;
  /** A peer's figures under the same conditions (peers.ts), for a claim not measurable here; never a verdict. */
  peers?: PeerRow[];
}

/** One peer figure beside a claim: measured on another backend, with no verdict. */
export interface PeerRow {
  id: string;
  label: string;
  /** Median over the repetitions; null when not measured. */
  measured: number | null;
  interval: ClaimVerdict['interval'];
  unit: string;
  conditions: string;
  /** How it was measured, or why it was not. */
  note: string;
}

/**
 * The quota method proven on one backend: its per-core figure from full-core capacity searches and
 * from searches under a CFS quota (rate / quota), and how far apart the two medians are.
 */
export interface MethodAgreement {
  /** The claims run both methods searched. */
  run: string;
  cpuLimitCores: number;
  /** Median per-core figure of the full-core searches; null when none measured one. */
  fullCorePerCore: number | null;
  /** Median per-core figure of the quota searches (sustained rate / quota). */
  quotaPerCore: number | null;
  /** |quota - full| / full; null unless both were measured. */
  spread: number | null;
  /** The largest spread at which the methods count as agreeing. */
  maxSpread: number;
  /** Null when either side was not measured. */
  agrees: boolean | null;
  /** One line: the two figures and the spread, or why there is no agreement. */
  summary: string;
}

/** A validate run: its result, or why there is none. */
export type RunOutcome = { result: RunResult } | { error: string };

interface Measured {
  value: number | null;
  runs: ClaimRun[];
  /** Why value is null. */
  missing: string;
}
/** Share of items sent that must have landed for a run's figures to count. */
const COMPLETE_SHARE = 0.999;

export function runResult(runs: ReadonlyMap<ClaimRun, RunOutcome>, run: ClaimRun): RunResult | string {
  const outcome = runs.get(run);
  if (!outcome) return `run ${run} was not part of this validate`;
  if ('error' in outcome) return `run ${run} failed: ${outcome.error}`;
  const r = outcome.result;
  if (r.status !== 'complete') return `run ${run} ended early: ${r.statusReason}`;
  // Figures of a run are comparable only when the data landed: same data into both sides of a
  // comparison, and every span through a pipeline accounted for.
  if (r.load.itemsAccepted < COMPLETE_SHARE * r.load.itemsSent) {
    return `run ${run}: the backend accepted only ${pct(r.load.itemsAccepted, r.load.itemsSent)} of the items sent`;
  }
  const d = r.downstream;
  if (
    d &&
    d.unit !== 'samples' &&
    d.itemsAccepted !== null &&
    d.itemsAccepted < COMPLETE_SHARE * r.load.itemsAccepted
  ) {
    return `run ${run}: only ${pct(d.itemsAccepted, r.load.itemsAccepted)} of the accepted items reached ${d.name}`;
  }
  return r;
}

function pct(part: number, whole: number): string {
  return whole > 0 ? `${((part / whole) * 100).toFixed(2)}%` : 'none';
}

/** Queries of a run that did not answer every request (errors, non-2xx, timeouts), by name. */
function failedQueries(r: RunResult): string[] {
  return Object.entries(r.read.queries)
    .filter(([, q]) => {
      const f = q as { non2xx?: number; errors?: number; timeouts?: number };
      return q.count === 0 || (f.non2xx ?? 0) + (f.errors ?? 0) + (f.timeouts ?? 0) > 0;
    })
    .map(([name]) => name);
}

export function figure(
  runs: ReadonlyMap<ClaimRun, RunOutcome>,
  ref: FigureRef,
): { value: number | null; missing: string } {
  const r = runResult(runs, ref.run);
  if (typeof r === 'string') return { value: null, missing: r };
  const value = resultMetric(r, ref.metric);
  return value === null
    ? { value: null, missing: `run ${ref.run} did not measure ${ref.metric}` }
    : { value, missing: '' };
}

function geometricMean(values: number[]): number {
  return Math.exp(values.reduce((sum, v) => sum + Math.log(v), 0) / values.length);
}

function measure(claim: Claim, runs: ReadonlyMap<ClaimRun, RunOutcome>): Measured {
  const m = claim.measure;
  switch (m.kind) {
    case 'unavailable':
      return { value: null, runs: [], missing: m.reason };
    case 'saturation':
      // Not a figure of a fixed-rate run: saturation.ts judges it from capacity searches.
      return {
        value: null,
        runs: [],
        missing: `measured by a capacity search of ${m.run}, and none ran`,
      };
    case 'figure': {
      const f = figure(runs, m.figure);
      return { value: f.value, runs: [m.figure.run], missing: f.missing };
    }
    case 'ratio': {
      const a = figure(runs, m.numerator);
      const b = figure(runs, m.denominator);
      const value = a.value !== null && b.value !== null && b.value > 0 ? a.value / b.value : null;
      return {
        value,
        runs: [m.numerator.run, m.denominator.run],
        missing: value === null ? a.missing || b.missing || 'denominator is zero' : '',
      };
    }
    case 'query-speedup': {
      const slow = runResult(runs, m.slower);
      const fast = runResult(runs, m.faster);
      if (typeof slow === 'string' || typeof fast === 'string') {
        return {
          value: null,
          runs: [m.slower, m.faster],
          missing: [slow, fast].filter((x) => typeof x === 'string').join('; '),
        };
      }
      const failed = [
        ...failedQueries(slow).map((q) => `${m.slower}/${q}`),
        ...failedQueries(fast).map((q) => `${m.faster}/${q}`),
      ];
      if (failed.length > 0) {
        return {
          value: null,
          runs: [m.slower, m.faster],
          missing: `queries that did not answer every request: ${failed.join(', ')}`,
        };
      }
      const ratios: number[] = [];
      for (const [name, s] of Object.entries(slow.read.queries)) {
        const f = fast.read.queries[name];
        if (f && s.count > 0 && f.count > 0 && f.p50 > 0) ratios.push(s.p50 / f.p50);
      }
      return {
        value: ratios.length > 0 ? geometricMean(ratios) : null,
        runs: [m.slower, m.faster],
        missing: ratios.length > 0 ? '' : 'no read query measured on both backends',
      };
    }
  }
}

/** One line on how a run was done here: backend, pinning, rate, duration, cores used, ceiling. */
export function runConditions(run: ClaimRun, r: RunResult): string {
  const parts = [
    `${run}: ${r.backend.name} ${r.backend.version}`,
    r.env.backendCores ? `backend pinned to core ${r.env.backendCores.join(',')}` : 'backend not pinned',
    r.env.harnessCores ? `harness on core ${r.env.harnessCores.join(',')}` : 'harness not pinned',
    `${formatFigure(r.load.targetRatePerS)} items/s for ${formatFigure(r.load.durationS)} s, batch ${r.scenario.batchSize}`,
  ];
  if (r.backend.coresAvg !== null) parts.push(`backend used ${r.backend.coresAvg.toFixed(2)} cores`);
  if (r.backend.rssMaxBytes !== null)
    parts.push(`peak RSS ${(r.backend.rssMaxBytes / 2 ** 20).toFixed(0)} MiB`);
  if (r.backend.bytesPerItem !== null) parts.push(`${r.backend.bytesPerItem.toFixed(2)} B/item on disk`);
  if (r.harness.ceilingItemsPerS !== null)
    parts.push(`harness ceiling ${formatFigure(r.harness.ceilingItemsPerS)} items/s`);
  return parts.join(', ');
}

function compare(value: number, comparator: '>=' | '<=', stated: number): boolean {
  return comparator === '>=' ? value >= stated : value <= stated;
}

export function evaluateClaim(claim: Claim, runs: ReadonlyMap<ClaimRun, RunOutcome>): ClaimVerdict {
  const m = measure(claim, runs);
  const conditions = m.runs
    .map((run) => {
      const r = runResult(runs, run);
      return typeof r === 'string' ? r : runConditions(run, r);
    })
    .join(' | ');
  const base = {
    interval: null,
    id: claim.id,
    statement: claim.statement,
    stated: `${claim.stated.comparator} ${formatFigure(claim.stated.value)} ${claim.stated.unit}`,
    measured: m.value,
    perCore: null,
    unit: claim.stated.unit,
    conditions: conditions || 'not run here',
    sources: claim.sources,
  };
  if (m.value === null) return { ...base, verdict: 'inconclusive', reason: m.missing };
  const holds = compare(m.value, claim.stated.comparator, claim.stated.value);
  const figureText = `measured ${formatFigure(m.value)} ${claim.stated.unit} (${claim.normalisation})`;
  if (holds)
    return {
      ...base,
      verdict: 'pass',
      reason: `${figureText}, ${claim.stated.comparator} ${formatFigure(claim.stated.value)}`,
    };
  if (claim.unreproducedCondition) {
    return {
      ...base,
      verdict: 'inconclusive',
      reason: `${figureText} falls short, but the claim's condition is not reproduced here: ${claim.unreproducedCondition}`,
    };
  }
  return {
    ...base,
    verdict: 'fail',
    reason: `${figureText}, not ${claim.stated.comparator} ${formatFigure(claim.stated.value)}`,
  };
}

export function evaluateClaims(
  claims: readonly Claim[],
  runs: ReadonlyMap<ClaimRun, RunOutcome>,
): ClaimVerdict[] {
  return claims.map((claim) => evaluateClaim(claim, runs));
}

/**
 * A claim over repeated validate runs (each map one repetition of every claims run): the measured
 * figure is the median of the repetitions' figures, with its interval, and the claim passes or
 * fails only when the whole interval is on one side of the stated figure. One noisy run can no
 * longer decide it (the same validate gave VictoriaMetrics 399K and 187K samples per core-second).
 */
export function evaluateClaimRepeats(
  claim: Claim,
  repeats: readonly ReadonlyMap<ClaimRun, RunOutcome>[],
): ClaimVerdict {
  const first = evaluateClaim(claim, repeats[0] ?? new Map());
  if (repeats.length < 2) return first;
  const measured = repeats.map((runs) => measure(claim, runs));
  const values = measured.map((m) => m.value).filter((v): v is number => v !== null);
  if (values.length < 2) {
    return {
      ...first,
      reason: `${first.reason} (${values.length} of ${repeats.length} repetitions measured it)`,
    };
  }
  const j = judgeRepeated(claim, values, 'runs');
  const out = { ...first, measured: j.median, interval: j.interval };
  const caveat = claim.unreproducedCondition
    ? `the claim's condition is not reproduced here: ${claim.unreproducedCondition}`
    : null;
  return { ...out, ...repeatedVerdict(j, `${j.range} (${claim.normalisation})`, caveat) };
}

/** Repeated figures of one claim: their median, its interval, and where it lies against the claim. */
export interface RepeatedJudgement {
  median: number;
  /** Null for a single figure. */
  interval: ClaimVerdict['interval'];
  /** "median 13 x of 5 runs, 94% interval [11, 15]", or "12 x from 1 search". */
  range: string;
  /** The whole interval meets the claim, misses it, or lies on both sides. */
  side: 'holds' | 'fails' | 'straddles';
  /** The claim as stated: ">= 100K". */
  claimText: string;
}

const ONE = { runs: 'run', searches: 'search' } as const;

/** The median of `values` (one or more, each from one of `what`) against the claim. */
export function judgeRepeated(
  claim: Claim,
  values: readonly number[],
  what: keyof typeof ONE,
): RepeatedJudgement {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  const median = sorted.length % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
  const ci = medianConfidenceInterval(sorted);
  const stated = claim.stated;
  const holds = [ci.low, ci.high].map((x) => compare(x, stated.comparator, stated.value));
  const single = sorted.length === 1;
  return {
    median,
    interval: single ? null : { low: ci.low, high: ci.high, confidence: ci.confidence, n: sorted.length },
    range: single
      ? `${formatFigure(median)} ${stated.unit} from 1 ${ONE[what]}`
      : `median ${formatFigure(median)} ${stated.unit} of ${sorted.length} ${what}, ${Math.round(ci.confidence * 100)}% interval [${formatFigure(ci.low)}, ${formatFigure(ci.high)}]`,
    side: holds.every(Boolean) ? 'holds' : holds.some(Boolean) ? 'straddles' : 'fails',
    claimText: `${stated.comparator} ${formatFigure(stated.value)}`,
  };
}

/**
 * The verdict of a judgement, its reason led by `figureText`: pass or fail only when the whole
 * interval is on one side; a shortfall with a `shortfallCaveat` (a condition not reproduced, a
 * figure that is only a lower bound) is inconclusive with it.
 */
export function repeatedVerdict(
  j: RepeatedJudgement,
  figureText: string,
  shortfallCaveat: string | null,
): { verdict: VerdictState; reason: string } {
  if (j.side === 'holds')
    return { verdict: 'pass', reason: `${figureText}: the whole interval is ${j.claimText}` };
  if (j.side === 'straddles') {
    return {
      verdict: 'inconclusive',
      reason: `${figureText} straddles the stated ${j.claimText}; more runs would narrow it`,
    };
  }
  if (shortfallCaveat)
    return { verdict: 'inconclusive', reason: `${figureText} falls short, but ${shortfallCaveat}` };
  return { verdict: 'fail', reason: `${figureText}: the whole interval is not ${j.claimText}` };
}
