// `obsbench capacity`: the highest rate a managed backend sustains on N pinned cores, with the
// harness on the others. Each step is a whole run (fresh backend, its own result.json); the
// search and its verdicts go to capacity.json beside them.

import { cpus } from 'node:os';
import { ObsbenchError } from '../errors.js';
import type { RunResult } from '../model/run-result.js';
import type { Scenario } from '../model/scenario.js';
import { createResultDir, writeResultAtomic } from '../result/write.js';
import { pinnedCores } from '../run/environment.js';
import { lateForWantOfCpu } from '../run/harness-busy.js';
import { type HarnessCeiling, measureHarnessCeiling } from '../run/harness-ceiling.js';
import { runScenario } from '../run/run-scenario.js';
import { type FieldOverride, loadScenarioFile } from '../scenario/index.js';
import { pinProcess } from '../stack/pin.js';
import {
  type CapacityStep,
  DEFAULT_MIN_ACCEPTED_SHARE,
  type SearchOutcome,
  searchCapacity,
} from './search.js';

export interface CapacityOptions {
  scenarioPath: string;
  /** Scenario fields set for this search (a variant of an A/B capacity comparison). */
  fields?: readonly FieldOverride[];
  /** The backend's CPU quota in cores within its pinned cores (a cgroup CFS quota), or null. */
  backendCpuLimitCores?: number | null;
  /** Cores for the backend; the harness gets the rest. */
  backendCoreCount: number;
  stepDurationS: number;
  warmupS: number;
  maxSteps: number;
  maxRatePerS: number;
  precision: number;
  /** P99 SLO; default: the scenario's p99LatencyMs threshold, else 500 ms. */
  sloP99Ms?: number;
  outDir: string;
  signal?: AbortSignal;
  onStep?: (index: number, ratePerS: number) => void;
  onStepDone?: (step: SearchOutcome['curve'][number]) => void;
}

export interface CapacityReport {
  scenario: { name: string; target: string; signal: string; protocol: string; sourcePath: string };
  backendCores: number[];
  /** The backend's CPU quota in cores (a cgroup CFS quota), or null; itemsPerSPerCore divides by it when lower. Older reports lack it. */
  backendCpuLimitCores?: number | null;
  harnessCores: number[];
  sloP99Ms: number;
  minAcceptedShare: number;
  stepDurationS: number;
  harnessCeilingItemsPerS: number | null;
  /** How the ceiling was measured: the harness alone on its cores, into a sink process on the backend's. Older reports lack it. */
  harnessCeilingMethod?: string;
  curve: SearchOutcome['curve'];
  stoppedBy: SearchOutcome['stoppedBy'];
  maxSustainableRatePerS: number | null;
  /** maxSustainableRatePerS / backend cores pinned. */
  itemsPerSPerCore: number | null;
  /** At that rate, items per core-second the backend actually used (its measured average cores). */
  itemsPerCoreSecondUsed: number | null;
  /** What the figure means and where it stops being a measurement. */
  conclusion: string;
}

const DEFAULT_SLO_P99_MS = 500;
const CEILING_S = 3;
/** The harness ceiling, rounded down to the significant digits of the search's rates, caps them. */
const CAP_DIGITS = 3;

/**
 * The highest rate a search may try: the harness ceiling rounded down to three significant digits
 * (so the search's own rounding keeps it at or under the ceiling), or null when `maxRatePerS` is
 * lower anyway or the ceiling is unknown (0).
 */
export function harnessRateCap(ceilingItemsPerS: number, maxRatePerS: number): number | null {
  if (!(ceilingItemsPerS >= 1)) return null;
  const magnitude = 10 ** Math.max(0, Math.floor(Math.log10(ceilingItemsPerS)) - (CAP_DIGITS - 1));
  const cap = Math.floor(ceilingItemsPerS / magnitude) * magnitude;
  return cap < maxRatePerS ? cap : null;
}

/**
 * The cores this process was allowed when obsbench started (a container's cpuset may allow fewer
 * than the host has). Read once, before capacity or validate pins the harness to a subset.
 */
const STARTUP_ALLOWED_CORES: readonly number[] =
  pinnedCores() ?? Array.from({ length: cpus().length }, (_, i) => i);

export function allowedCores(): readonly number[] {
  return STARTUP_ALLOWED_CORES;
}

/** Splits the allowed cores: the backend on the last `count`, the harness on the others. */
export function splitCores(
  count: number,
  allowed: readonly number[] = allowedCores(),
): { backend: number[]; harness: number[] } {
  if (allowed.length < 2) {
    throw new ObsbenchError(
      'E_USAGE',
      `--cores: this process may use ${allowed.length} core(s); pinning the backend apart from the harness needs at least 2`,
    );
  }
  if (!Number.isInteger(count) || count < 1 || count >= allowed.length) {
    throw new ObsbenchError(
      'E_USAGE',
      `--cores: ${count} is not usable with ${allowed.length} cores available; give 1..${allowed.length - 1} so the harness keeps at least one core`,
    );
  }
  const split = allowed.length - count;
  return { backend: allowed.slice(split), harness: allowed.slice(0, split) };
}

function sloOf(scenario: Scenario, override?: number): number {
  if (override !== undefined) return override;
  const threshold = scenario.expect.find(
    (t) => t.metric === 'p99LatencyMs' && (t.op === '<' || t.op === '<=') && t.refMetric === undefined,
  );
  return threshold ? threshold.value : DEFAULT_SLO_P99_MS;
}

export async function runCapacity(
  o: CapacityOptions,
): Promise<{ report: CapacityReport; reportPath: string }> {
  const loadAt = (ratePerS: number): Promise<Scenario> =>
    loadScenarioFile(o.scenarioPath, {
      ratePerS,
      durationS: o.stepDurationS,
      warmupS: o.warmupS,
      repeat: 1,
      fields: o.fields,
    });
  const base = await loadScenarioFile(o.scenarioPath, { fields: o.fields });
  if (!base.target.managed) {
    throw new ObsbenchError(
      'E_SCENARIO_INVALID',
      `${o.scenarioPath}: target.managed: capacity pins the backend to cores, so it must start it; set target.managed: true`,
    );
  }
  if (base.load.executor !== 'constant-arrival-rate') {
    throw new ObsbenchError(
      'E_SCENARIO_INVALID',
      `${o.scenarioPath}: load.executor: capacity runs constant-arrival-rate steps; "${base.load.executor}" is not one (set load.executor: constant-arrival-rate and load.rate as the first step)`,
    );
  }
  const cores = splitCores(o.backendCoreCount);
  pinProcess(process.pid, cores.harness);
  const sloP99Ms = sloOf(base, o.sloP99Ms);
  const dir = await createResultDir(new Date(), `capacity-${base.name}`, o.outDir);
  // One ceiling for the search: the harness alone on its cores, into a sink process on the
  // backend's cores (idle until the first step), as the steps push into the backend there.
  const ceiling: HarnessCeiling = await measureHarnessCeiling(base, CEILING_S, cores.backend);
  const coresGiven = coresGivenOf(o.backendCpuLimitCores ?? null, cores.backend.length);
  let index = 0;
  const runStep = async (ratePerS: number): Promise<CapacityStep> => {
    o.onStep?.(index++, ratePerS);
    try {
      const scenario = await loadAt(ratePerS);
      const { result, resultPath } = await runScenario(scenario, {
        outDir: dir,
        ceilingS: 0,
        backendCores: cores.backend,
        backendCpuLimitCores: o.backendCpuLimitCores ?? null,
        // A step is judged on what the backend accepted and how fast: the read path (canaries,
        // completeness, query latency) and the disk figures (a flush, then the data dir settling)
        // judge nothing here and cost a VictoriaMetrics step about 25 s.
        readPath: false,
        diskFigures: false,
        signal: o.signal,
      });
      // Whole batches only: what the measured window scheduled is the denominator, not rate x duration.
      const scheduled = result.load.itemsSent + result.load.droppedItems;
      return {
        ratePerS,
        acceptedShare: scheduled > 0 ? result.load.itemsAccepted / scheduled : 0,
        achievedRatePerS: result.load.achievedRatePerS,
        p99Ms: result.latencyMs.p99,
        droppedSchedules: result.load.droppedSchedules,
        harnessLimited: harnessLimitedStep(ratePerS, ceiling, result.harness, cores.harness.length),
        backendCoresAvg: result.backend.coresAvg,
        incompleteReason: result.status === 'complete' ? '' : result.statusReason || 'partial',
        hint: connectionHint(scenario, result.backend.coresAvg, coresGiven),
        resultPath,
      };
    } catch (error) {
      // A step that could not run (the backend did not start, say) ends the search; what was
      // measured before it is still written.
      return {
        ratePerS,
        acceptedShare: 0,
        achievedRatePerS: 0,
        p99Ms: 0,
        droppedSchedules: 0,
        harnessLimited: false,
        backendCoresAvg: null,
        incompleteReason: error instanceof Error ? error.message : String(error),
        resultPath: '',
      };
    }
  };
  // No step above what the harness alone pushes: the search tries the ceiling itself (rounded
  // down) rather than doubling past it, and a backend that takes even that is only known to take
  // at least that much.
  const harnessCapPerS = harnessRateCap(ceiling.itemsPerS, o.maxRatePerS);
  const capped = harnessCapPerS !== null;
  const searched = await searchCapacity(
    runStep,
    {
      startRatePerS: base.load.segments[0]?.toRatePerS ?? 1000,
      maxRatePerS: harnessCapPerS ?? o.maxRatePerS,
      maxSteps: o.maxSteps,
      precision: o.precision,
      criteria: { minAcceptedShare: DEFAULT_MIN_ACCEPTED_SHARE, sloP99Ms },
    },
    () => o.signal?.aborted === true,
  );
  const outcome: SearchOutcome =
    capped && searched.stoppedBy === 'max-rate' ? { ...searched, stoppedBy: 'harness-limited' } : searched;
  for (const step of outcome.curve) o.onStepDone?.(step);
  const report = buildReport(base, cores, sloP99Ms, o, ceiling, outcome);
  const reportPath = await writeResultAtomic(dir, 'capacity.json', `${JSON.stringify(report, null, 2)}\n`);
  return { report, reportPath };
}

/** Schedule lag p99 above which a step's schedules ran late (run/harness-busy.ts judges why). */
const LATE_SCHEDULE_P99_MS = 50;

/**
 * A step measured the harness, not the backend: its rate is above what the harness alone pushes on
 * its cores, or its schedules ran late while the harness's cores were busy. Late schedules with CPU
 * to spare come from the backend: while it is slow every in-flight slot is taken, and the queued
 * schedules start in a burst as slots free up.
 */
export function harnessLimitedStep(
  ratePerS: number,
  ceiling: HarnessCeiling,
  harness: RunResult['harness'],
  harnessCoreCount: number,
): boolean {
  if (ceiling.itemsPerS < ratePerS) return true;
  return lateForWantOfCpu(
    harness.scheduleLagP99Ms,
    harness.cpuCoresAvg,
    harnessCoreCount,
    LATE_SCHEDULE_P99_MS,
  );
}

/** Cores' worth of CPU time the backend was given: its pinned cores, or its quota when lower. */
function coresGivenOf(limitCores: number | null, pinnedCoreCount: number): number {
  return limitCores === null ? pinnedCoreCount : Math.min(limitCores, pinnedCoreCount);
}

/** A backend below this share of the cores it was given did not fail for want of CPU. */
const BACKEND_IDLE_SHARE = 0.8;

/**
 * Why a failed step may not be the backend's limit: it used well under the CPU it was given while
 * the harness held requests back for want of a connection (HTTP: at most load.connections at once,
 * the rest of load.maxInFlight waiting in obsbench). '' otherwise.
 */
export function connectionHint(
  scenario: Scenario,
  backendCoresAvg: number | null,
  coresGiven: number,
): string {
  const l = scenario.load;
  if (scenario.protocol === 'otlp-grpc' || l.connections >= l.maxInFlight) return '';
  if (backendCoresAvg === null || backendCoresAvg >= BACKEND_IDLE_SHARE * coresGiven) return '';
  return `the backend used ${backendCoresAvg.toFixed(2)} of its ${coresGiven} core(s): obsbench's ${l.connections} connections may be the limit (set load.connections up to load.maxInFlight, ${l.maxInFlight})`;
}

function buildReport(
  scenario: Scenario,
  cores: { backend: number[]; harness: number[] },
  sloP99Ms: number,
  o: CapacityOptions,
  ceiling: HarnessCeiling,
  outcome: SearchOutcome,
): CapacityReport {
  const best = outcome.maxSustainableRatePerS;
  const bestStep = outcome.curve.find((s) => s.pass && s.ratePerS === best) ?? null;
  const coresUsed = bestStep?.backendCoresAvg ?? null;
  // Under a CPU limit the backend had that many cores' worth of time, not its pinned cores.
  const limit = o.backendCpuLimitCores ?? null;
  const coresGiven = coresGivenOf(limit, cores.backend.length);
  const on =
    limit === null
      ? `${cores.backend.length} pinned core(s)`
      : `${cores.backend.length} pinned core(s) limited to ${limit} core(s) of CPU time`;
  const perCore = best === null ? null : best / coresGiven;
  const conclusion =
    best === null
      ? `no step was sustained (${outcome.stoppedBy}): see the curve for each step's reason`
      : outcome.stoppedBy === 'harness-limited'
        ? `at least ${Math.round(best)} items/s on ${on}: the harness reached its own limit here (ceiling ${Math.round(ceiling.itemsPerS)} items/s) before the backend failed; a faster or larger load generator is needed to find the backend's limit`
        : outcome.stoppedBy === 'converged'
          ? `${Math.round(best)} items/s sustained on ${on} (accepted >= ${DEFAULT_MIN_ACCEPTED_SHARE * 100}%, p99 <= ${sloP99Ms} ms); the next rate up failed`
          : `at least ${Math.round(best)} items/s (search stopped: ${outcome.stoppedBy})`;
  return {
    scenario: {
      name: scenario.name,
      target: scenario.target.kind,
      signal: scenario.signal,
      protocol: scenario.protocol,
      sourcePath: scenario.sourcePath,
    },
    backendCores: cores.backend,
    backendCpuLimitCores: limit,
    harnessCores: cores.harness,
    sloP99Ms,
    minAcceptedShare: DEFAULT_MIN_ACCEPTED_SHARE,
    stepDurationS: o.stepDurationS,
    harnessCeilingItemsPerS: ceiling.itemsPerS,
    harnessCeilingMethod: ceiling.method,
    curve: outcome.curve,
    stoppedBy: outcome.stoppedBy,
    maxSustainableRatePerS: best,
    itemsPerSPerCore: perCore,
    itemsPerCoreSecondUsed: best !== null && coresUsed ? best / coresUsed : null,
    conclusion,
  };
}
