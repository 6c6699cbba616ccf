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
  /** The measured figure per core the backend used, where that normalisation applies. */
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
}

/** A validate run: its result, or why there is none. */
export type RunOutcome = { result: RunResult } | { error: string };

interface Measured {
  value: number | null;
  perCore: number | null;
  runs: ClaimRun[];
  /** Why value is null. */
  missing: string;
  /** Set when a per-core figure was extrapolated from a backend that did not use its cores. */
  extrapolatedFrom?: string;
  /** A per-core figure from a backend that used its pinned cores: a measurement, not an extrapolation. */
  saturated?: boolean;
}

/** A per-core figure counts as measured only when the backend used at least this share of its cores. */
const SATURATED_SHARE = 0.9;
/** Share of items sent that must have landed for a run's figures to count. */
const COMPLETE_SHARE = 0.999;

function runResult(runs: ReadonlyMap<ClaimRun, RunOutcome>, run: ClaimRun): RunResult | string {
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

function figure(
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
      return { value: null, perCore: null, runs: [], missing: m.reason };
    case 'figure': {
      const f = figure(runs, m.figure);
      if (f.value === null || !m.perBackendCore)
        return { value: f.value, perCore: null, runs: [m.figure.run], missing: f.missing };
      const cores = figure(runs, { run: m.figure.run, metric: 'backendCoresAvg' });
      const r = runResult(runs, m.figure.run);
      const pinnedCores = typeof r === 'string' ? null : r.env.backendCores;
      if (pinnedCores === null) {
        // docs/architecture.md, the pinning rule: a per-core figure without pinning is not reported.
        return {
          value: null,
          perCore: null,
          runs: [m.figure.run],
          missing: `run ${m.figure.run}: the backend was not pinned to cores, so no per-core figure`,
        };
      }
      const perCore = cores.value !== null && cores.value > 0 ? f.value / cores.value : null;
      const pinned = pinnedCores.length;
      const saturated = cores.value !== null && cores.value >= SATURATED_SHARE * pinned;
      return {
        value: perCore,
        perCore,
        saturated,
        runs: [m.figure.run],
        missing:
          perCore === null
            ? `run ${m.figure.run}: backend CPU not measured (${cores.missing || 'zero cores'})`
            : '',
        extrapolatedFrom:
          saturated || cores.value === null
            ? undefined
            : `${cores.value.toFixed(2)} of ${pinned} pinned core(s)`,
      };
    }
    case 'ratio': {
      const a = figure(runs, m.numerator);
      const b = figure(runs, m.denominator);
      const value = a.value !== null && b.value !== null && b.value > 0 ? a.value / b.value : null;
      return {
        value,
        perCore: null,
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
          perCore: null,
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
          perCore: null,
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
        perCore: null,
        runs: [m.slower, m.faster],
        missing: ratios.length > 0 ? '' : 'no read query measured on both backends',
      };
    }
  }
}

/** One line on how a run was done here: backend, pinning, rate, duration, cores used, ceiling. */
function runConditions(run: ClaimRun, r: RunResult): string {
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
    perCore: m.perCore,
    unit: claim.stated.unit,
    conditions: conditions || 'not run here',
    sources: claim.sources,
  };
  if (m.value === null) return { ...base, verdict: 'inconclusive', reason: m.missing };
  const holds = compare(m.value, claim.stated.comparator, claim.stated.value);
  const figureText = `measured ${formatFigure(m.value)} ${claim.stated.unit} (${claim.normalisation})`;
  if (m.extrapolatedFrom) {
    // Per core-second used is a fair efficiency figure, but not the claimed capacity: fixed costs
    // and contention change with load, so neither a pass nor a fail is measured here.
    return {
      ...base,
      verdict: 'inconclusive',
      reason: `${figureText} ${holds ? 'meets' : 'falls short of'} the claim, but extrapolated: the backend used only ${m.extrapolatedFrom} (the harness could not drive it to saturation here); \`obsbench capacity\` on 1 core measures the saturated figure`,
    };
  }
  if (holds)
    return {
      ...base,
      verdict: 'pass',
      reason: `${figureText}, ${claim.stated.comparator} ${formatFigure(claim.stated.value)}`,
    };
  // A saturated per-core figure is the condition itself, measured: a shortfall is a fail.
  if (claim.unreproducedCondition && !m.saturated) {
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
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  const median = sorted.length % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
  const ci = medianConfidenceInterval(sorted);
  const interval = { low: ci.low, high: ci.high, confidence: ci.confidence, n: values.length };
  const stated = claim.stated;
  const range = `median ${formatFigure(median)} ${stated.unit} of ${values.length} runs, ${Math.round(ci.confidence * 100)}% interval [${formatFigure(ci.low)}, ${formatFigure(ci.high)}] (${claim.normalisation})`;
  const out = {
    ...first,
    measured: median,
    perCore: first.perCore === null ? null : median,
    interval,
  };
  const extrapolated = measured.find((m) => m.extrapolatedFrom);
  if (extrapolated) {
    return {
      ...out,
      verdict: 'inconclusive',
      reason: `${range}, but extrapolated: the backend used only ${extrapolated.extrapolatedFrom} in a run (the harness could not drive it to saturation here); \`obsbench capacity\` on 1 core measures the saturated figure`,
    };
  }
  const holdsAll =
    compare(ci.low, stated.comparator, stated.value) && compare(ci.high, stated.comparator, stated.value);
  const failsAll =
    !compare(ci.low, stated.comparator, stated.value) && !compare(ci.high, stated.comparator, stated.value);
  const claimText = `${stated.comparator} ${formatFigure(stated.value)}`;
  if (holdsAll) return { ...out, verdict: 'pass', reason: `${range}: the whole interval is ${claimText}` };
  if (!failsAll) {
    return {
      ...out,
      verdict: 'inconclusive',
      reason: `${range} straddles the stated ${claimText}; more runs would narrow it`,
    };
  }
  const saturated = measured.every((m) => m.value === null || m.saturated);
  if (claim.unreproducedCondition && !saturated) {
    return {
      ...out,
      verdict: 'inconclusive',
      reason: `${range} falls short, but the claim's condition is not reproduced here: ${claim.unreproducedCondition}`,
    };
  }
  return { ...out, verdict: 'fail', reason: `${range}: the whole interval is not ${claimText}` };
}

export function evaluateClaimsRepeats(
  claims: readonly Claim[],
  repeats: readonly ReadonlyMap<ClaimRun, RunOutcome>[],
): ClaimVerdict[] {
  return claims.map((claim) => evaluateClaimRepeats(claim, repeats));
}
