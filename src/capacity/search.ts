// The capacity search (obsbench capacity): run fixed-rate steps, doubling the rate while the
// backend keeps up, then bisect between the last rate it sustained and the first it did not.
// A step passes when the backend accepted >= 99.9% of the planned items, nothing was dropped and
// P99 latency stayed within the SLO. A step the harness could not drive ends the search: above
// that rate the answer is "at least", never a guess. Pure: steps are run by the caller.

export interface CapacityStep {
  ratePerS: number;
  /** Items the backend accepted (its own counters) / items the plan called for. */
  acceptedShare: number;
  achievedRatePerS: number;
  p99Ms: number;
  droppedSchedules: number;
  /** The harness, not the backend, limited this step (its ceiling or its event loop). */
  harnessLimited: boolean;
  /** Cores the backend used on average, when measured. */
  backendCoresAvg: number | null;
  /** The run did not complete (backend died, interrupted). */
  incompleteReason: string;
  /** Added to a failed step's reason: what else may have held it back (optional; older reports lack it). */
  hint?: string;
  resultPath: string;
}

export interface JudgedStep extends CapacityStep {
  pass: boolean;
  reason: string;
}

export interface CapacityCriteria {
  minAcceptedShare: number;
  sloP99Ms: number;
}

export const DEFAULT_MIN_ACCEPTED_SHARE = 0.999;

/**
 * A step that met every criterion passes, whatever the harness's estimated ceiling; one that
 * failed while the harness was at its limit is not the backend's failure: it is reported as
 * harness-limited (and `harnessLimited` stays set), which ends the search.
 */
export function judgeStep(step: CapacityStep, c: CapacityCriteria): JudgedStep {
  const failure = firstFailure(step, c);
  if (failure === null) return { ...step, harnessLimited: false, pass: true, reason: 'sustained' };
  if (step.harnessLimited && !step.incompleteReason) {
    return {
      ...step,
      pass: false,
      reason: `harness-limited: obsbench could not drive this rate here (${failure})`,
    };
  }
  const hint = step.hint ? `; ${step.hint}` : '';
  return { ...step, harnessLimited: false, pass: false, reason: failure + hint };
}

function firstFailure(step: CapacityStep, c: CapacityCriteria): string | null {
  if (step.incompleteReason) return `run incomplete: ${step.incompleteReason}`;
  if (step.acceptedShare < c.minAcceptedShare) {
    return `accepted ${(step.acceptedShare * 100).toFixed(2)}% < ${(c.minAcceptedShare * 100).toFixed(1)}%`;
  }
  if (step.droppedSchedules > 0) return `${step.droppedSchedules} schedules dropped (in-flight cap full)`;
  if (step.p99Ms > c.sloP99Ms) return `p99 ${step.p99Ms.toFixed(1)} ms > SLO ${c.sloP99Ms} ms`;
  return null;
}

export interface SearchOptions {
  startRatePerS: number;
  /** Highest rate to try. */
  maxRatePerS: number;
  /** Steps at most, doubling and bisecting together. */
  maxSteps: number;
  /** Bisection stops when (fail - pass) / pass is below this. */
  precision: number;
  criteria: CapacityCriteria;
}

export interface SearchOutcome {
  curve: JudgedStep[];
  /** Highest rate that passed, or null when none did. */
  maxSustainableRatePerS: number | null;
  /** Why the search stopped: converged, harness-limited, max-rate, max-steps, none-passed, interrupted. */
  stoppedBy: 'converged' | 'harness-limited' | 'max-rate' | 'max-steps' | 'none-passed' | 'interrupted';
}

const GROWTH = 2;
/** Rates are rounded to this many significant digits so steps read cleanly. */
function roundRate(ratePerS: number): number {
  const magnitude = 10 ** Math.max(0, Math.floor(Math.log10(ratePerS)) - 2);
  return Math.max(1, Math.round(ratePerS / magnitude) * magnitude);
}

export async function searchCapacity(
  runStep: (ratePerS: number) => Promise<CapacityStep>,
  o: SearchOptions,
  aborted: () => boolean = () => false,
): Promise<SearchOutcome> {
  const curve: JudgedStep[] = [];
  let pass: number | null = null;
  let fail: number | null = null;
  let rate = roundRate(Math.min(o.startRatePerS, o.maxRatePerS));
  const finish = (stoppedBy: SearchOutcome['stoppedBy']): SearchOutcome => ({
    curve,
    maxSustainableRatePerS: pass,
    stoppedBy: pass === null && stoppedBy === 'converged' ? 'none-passed' : stoppedBy,
  });
  while (curve.length < o.maxSteps) {
    if (aborted()) return finish('interrupted');
    const step = judgeStep(await runStep(rate), o.criteria);
    curve.push(step);
    if (step.incompleteReason && aborted()) return finish('interrupted');
    if (step.harnessLimited) return finish('harness-limited');
    if (step.pass) pass = Math.max(pass ?? 0, rate);
    else fail = Math.min(fail ?? Number.POSITIVE_INFINITY, rate);
    let next: number;
    if (fail === null) {
      if (rate >= o.maxRatePerS) return finish('max-rate');
      next = Math.min(o.maxRatePerS, rate * GROWTH);
    } else if (pass === null) {
      // Even the first rate failed: come down until one passes.
      next = rate / GROWTH;
      if (next < 1) return finish('none-passed');
    } else {
      if ((fail - pass) / pass <= o.precision) return finish('converged');
      next = (pass + fail) / 2;
    }
    rate = roundRate(next);
    if (curve.some((s) => s.ratePerS === rate)) return finish('converged');
  }
  return finish('max-steps');
}
