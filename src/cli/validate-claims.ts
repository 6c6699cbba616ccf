// `obsbench validate`: runs the claims scenarios (scenarios/claims/) against managed backends,
// the backend pinned to the last core and the harness to the others, and capacity searches of
// them for the per-core claims (src/claims/saturation.ts), then evaluates every claim of the
// catalog and writes verdicts.json, verdicts.csv and verdicts.md beside the runs.

import { join } from 'node:path';
import { allowedCores, runCapacity, splitCores } from '../capacity/run-capacity.js';
import { CLAIM_RUNS, CLAIMS, type ClaimRun, PEER_FIGURES, type SaturationSpec } from '../claims/catalog.js';
import type { ClaimVerdict, RunOutcome } from '../claims/evaluate.js';
import { withPeers } from '../claims/peers.js';
import {
  evaluateValidateClaims,
  type SearchOutcome,
  saturationSearches,
  searchKey,
} from '../claims/saturation.js';
import { isObsbenchError } from '../errors.js';
import { packageRoot } from '../package-root.js';
import { formatVerdictsCsv } from '../reporters/verdicts-csv.js';
import { formatVerdictsMarkdown } from '../reporters/verdicts-md.js';
import { createResultDir, writeResultAtomic } from '../result/write.js';
import { measureHarnessCeiling } from '../run/harness-ceiling.js';
import { runScenario } from '../run/run-scenario.js';
import { DEFAULT_LOAD } from '../scenario/defaults.js';
import { loadScenarioFile } from '../scenario/index.js';
import { checkCpuLimit } from '../stack/cpu-limit.js';
import { pinProcess } from '../stack/pin.js';

/** How validate's capacity searches step (as obsbench capacity's options of the same names). */
interface SearchSettings {
  stepDurationS: number;
  warmupS: number;
  maxSteps: number;
  /** Bisection stops when the gap is below this share of the rate. */
  precision: number;
  maxRatePerS: number;
}

export interface ValidateOptions {
  /** Short runs (about 20 s each) so the whole validate fits in minutes. */
  quick: boolean;
  /** Measured seconds per run, overriding quick/full (for tests and short checks). */
  durationS?: number;
  /**
   * Repetitions of every claims run and capacity search (default 5; 3 with quick): verdicts come
   * from their interval.
   */
  repeat?: number;
  /** Capacity-search settings overriding quick/full ones (tests keep the searches tiny). */
  search?: Partial<SearchSettings>;
  outDir: string;
  signal?: AbortSignal;
  /** As each claims run or capacity search begins: which, and where it stands (claimRunSteps). */
  onRun?: (step: ClaimRunStep) => void;
}

/** A claims run's (or a capacity search's) place in validate's sequence, as onRun is told it. */
export interface ClaimRunStep {
  run: ClaimRun;
  /** Set when this step is a capacity search of the run's scenario rather than the run itself. */
  search?: SaturationSpec;
  /** 0-based over every run of every repetition. */
  index: number;
  total: number;
  /** 1-based. */
  repetition: number;
  repetitions: number;
}

/**
 * The steps of repetition `repetition` (1-based) of `repetitions`, in the order they run:
 * repetition-major, each repetition running every claims run once, then each search once.
 */
export function claimRunSteps(
  repetition: number,
  repetitions: number,
  searches: readonly SaturationSpec[] = [],
): ClaimRunStep[] {
  const perRepetition = CLAIM_RUNS.length + searches.length;
  const at = (i: number) => ({
    index: (repetition - 1) * perRepetition + i,
    total: repetitions * perRepetition,
    repetition,
    repetitions,
  });
  return [
    ...CLAIM_RUNS.map((run, i) => ({ run, ...at(i) })),
    ...searches.map((search, i) => ({ run: search.run, search, ...at(CLAIM_RUNS.length + i) })),
  ];
}

export interface ValidateOutcome {
  verdicts: ClaimVerdict[];
  dir: string;
  files: string[];
}

const QUICK_DURATION_S = 20;
const FULL_DURATION_S = 60;
/**
 * Seconds of each claims run's harness ceiling, measured once before anything runs: the runs and
 * the searches reuse it (it is cached per load configuration for the life of the process), and a
 * 2 s probe understated it by up to 40% here (the load workers build their template pools inside
 * its window), which made a Collector search stop as harness-limited at a rate the harness drives.
 */
const CEILING_S = 5;
const QUICK_REPEAT = 3;
const FULL_REPEAT = 5;
/**
 * Quick searches: about 11 s a step with the backend's start and stop, 8 steps at most (enough for
 * VictoriaMetrics from 50K/s to double past its limit and bisect to 15%), so about 90 s a search.
 * The warmup is long enough for VictoriaMetrics to register the claims run's 50K series before the
 * measured window (with 2 s, that registration still ran into it).
 */
const QUICK_SEARCH: SearchSettings = {
  stepDurationS: 6,
  warmupS: 3,
  maxSteps: 8,
  precision: 0.15,
  maxRatePerS: 10_000_000,
};
const FULL_SEARCH: SearchSettings = {
  stepDurationS: 20,
  warmupS: 5,
  maxSteps: 8,
  precision: 0.1,
  maxRatePerS: 10_000_000,
};

function claimScenarioPath(run: ClaimRun): string {
  return join(packageRoot(), 'scenarios', 'claims', `${run}.yaml`);
}

export async function validateClaims(o: ValidateOptions): Promise<ValidateOutcome> {
  const allowed = allowedCores();
  // On one core nothing can be pinned apart: runs go unpinned and per-core claims stay inconclusive.
  const cores = allowed.length >= 2 ? splitCores(1, allowed) : null;
  if (cores) pinProcess(process.pid, cores.harness);
  const dir = await createResultDir(new Date(), o.quick ? 'validate-quick' : 'validate', o.outDir);
  const repeat = o.repeat ?? (o.quick ? QUICK_REPEAT : FULL_REPEAT);
  const specs = saturationSearches(CLAIMS, PEER_FIGURES);
  const searchSettings = { ...(o.quick ? QUICK_SEARCH : FULL_SEARCH), ...o.search };
  // Why no search can run here (fewer than 2 cores, no cgroup CPU controller), by search key.
  const cannotSearch = await searchBlockers(specs, cores !== null);
  await measureCeilings(cores?.backend ?? null);
  const repeats: Map<ClaimRun, RunOutcome>[] = [];
  const searches = new Map<string, SearchOutcome[]>(specs.map((s) => [searchKey(s), []]));
  // Repetition-major: each repetition runs every claims run and search, so drift spreads over all.
  for (let r = 0; r < repeat; r++) {
    if (o.signal?.aborted && repeats.length > 0) break;
    const steps = claimRunSteps(r + 1, repeat, specs);
    repeats.push(await runClaimsOnce(o, dir, cores?.backend ?? null, steps));
    for (const step of steps) {
      if (!step.search || o.signal?.aborted) continue;
      const key = searchKey(step.search);
      const blocked = cannotSearch.get(key);
      if (blocked === undefined) o.onRun?.(step);
      searches
        .get(key)
        ?.push(
          blocked !== undefined ? { error: blocked } : await search(o, dir, step.search, searchSettings),
        );
    }
  }
  // Tempo's claims stay inconclusive; Jaeger's figures go beside them as a peer's.
  const verdicts = withPeers(
    evaluateValidateClaims(CLAIMS, repeats, searches),
    PEER_FIGURES,
    repeats,
    searches,
  );
  const files = [
    await writeResultAtomic(dir, 'verdicts.json', `${JSON.stringify(verdicts, null, 2)}\n`),
    await writeResultAtomic(dir, 'verdicts.csv', formatVerdictsCsv(verdicts)),
    await writeResultAtomic(dir, 'verdicts.md', formatVerdictsMarkdown(verdicts)),
  ];
  return { verdicts, dir, files };
}

/**
 * Each claims run's harness ceiling, once (CEILING_S), before any backend runs on the sink's cores;
 * a scenario that does not load is left to its run.
 */
async function measureCeilings(sinkCores: readonly number[] | null): Promise<void> {
  for (const run of CLAIM_RUNS) {
    try {
      await measureHarnessCeiling(await loadScenarioFile(claimScenarioPath(run)), CEILING_S, sinkCores);
    } catch {
      // The run itself reports what is wrong with it.
    }
  }
}

/** Searches that cannot run here, with why: every one on a single core, quota ones without a CPU controller. */
async function searchBlockers(
  specs: readonly SaturationSpec[],
  pinnable: boolean,
): Promise<Map<string, string>> {
  const blocked = new Map<string, string>();
  for (const spec of specs) {
    if (!pinnable) {
      blocked.set(
        searchKey(spec),
        'this process may use one core: the backend cannot be pinned apart from the harness',
      );
    } else if (spec.cpuLimitCores !== null) {
      try {
        await checkCpuLimit(spec.cpuLimitCores);
      } catch (error) {
        blocked.set(searchKey(spec), isObsbenchError(error) ? error.message : String(error));
      }
    }
  }
  return blocked;
}

/**
 * The search drives the run as written but for two fields.
 * - The send-time stamps: the sink's latency stamps measure collector.p99 in the fixed-rate run and
 *   judge nothing in a search (its steps are judged on the harness's own round trips), and without
 *   them the harness replays encoded templates instead of generating every span, which is what lets
 *   its one core saturate the Collector's.
 * - Connections: one per in-flight request, so the backend sees every request the harness has in
 *   flight. With the runs' 8, a search of victoriametrics-remote-write failed steps at 534K and
 *   578K samples/s with VictoriaMetrics using 0.66 and 0.71 of its core: requests waited for a
 *   connection in the harness, not in the backend. With 64, its failing steps used 0.95-1.0 of it
 *   (docs/claims.md has both commands).
 */
const SEARCH_FIELDS = [
  { path: ['load', 'stampSendTime'], value: false, origin: 'validate capacity search' },
  { path: ['load', 'connections'], value: DEFAULT_LOAD.maxInFlight, origin: 'validate capacity search' },
] as const;

/** One capacity search of a claims run's scenario, the backend on one core; an error is an outcome. */
async function search(
  o: ValidateOptions,
  dir: string,
  spec: SaturationSpec,
  settings: SearchSettings,
): Promise<SearchOutcome> {
  try {
    const { report } = await runCapacity({
      scenarioPath: claimScenarioPath(spec.run),
      fields: SEARCH_FIELDS,
      backendCoreCount: 1,
      backendCpuLimitCores: spec.cpuLimitCores,
      ...settings,
      outDir: dir,
      signal: o.signal,
    });
    return { report };
  } catch (error) {
    return { error: isObsbenchError(error) ? error.message : String(error) };
  }
}

/** One repetition: every claims run once, each outcome kept (an error is an outcome too). */
async function runClaimsOnce(
  o: ValidateOptions,
  dir: string,
  backendCores: number[] | null,
  steps: readonly ClaimRunStep[],
): Promise<Map<ClaimRun, RunOutcome>> {
  const runs = new Map<ClaimRun, RunOutcome>();
  for (const step of steps) {
    const { run } = step;
    if (step.search) continue;
    if (o.signal?.aborted) {
      runs.set(run, { error: 'interrupted before it ran' });
      continue;
    }
    o.onRun?.(step);
    try {
      const scenario = await loadScenarioFile(claimScenarioPath(run), {
        durationS: o.durationS ?? (o.quick ? QUICK_DURATION_S : FULL_DURATION_S),
      });
      const { result } = await runScenario(scenario, {
        outDir: dir,
        ceilingS: CEILING_S,
        backendCores,
        signal: o.signal,
      });
      runs.set(run, { result });
    } catch (error) {
      // A backend that is not installed or fails to start leaves its claims inconclusive, not the
      // others; the verdicts of what ran are written whatever went wrong.
      runs.set(run, { error: isObsbenchError(error) ? error.message : String(error) });
    }
  }
  return runs;
}
