// `obsbench validate`: runs the claims scenarios (scenarios/claims/) against managed backends,
// the backend pinned to the last core and the harness to the others, then evaluates every claim
// of the catalog and writes verdicts.json, verdicts.csv and verdicts.md beside the runs.

import { join } from 'node:path';
import { allowedCores, splitCores } from '../capacity/run-capacity.js';
import { CLAIM_RUNS, CLAIMS, type ClaimRun } from '../claims/catalog.js';
import { type ClaimVerdict, evaluateClaimsRepeats, type RunOutcome } from '../claims/evaluate.js';
import { isObsbenchError } from '../errors.js';
import { packageRoot } from '../package-root.js';
import { formatVerdictsCsv } from '../reporters/verdicts-csv.js';
import { formatVerdictsMarkdown } from '../reporters/verdicts-md.js';
import { createResultDir, writeResultAtomic } from '../result/write.js';
import { runScenario } from '../run/run-scenario.js';
import { loadScenarioFile } from '../scenario/index.js';
import { pinProcess } from '../stack/pin.js';

export interface ValidateOptions {
  /** Short runs (about 20 s each) so the whole validate fits in minutes. */
  quick: boolean;
  /** Measured seconds per run, overriding quick/full (for tests and short checks). */
  durationS?: number;
  /** Repetitions of every claims run (default 5; 3 with quick): verdicts come from their interval. */
  repeat?: number;
  outDir: string;
  signal?: AbortSignal;
  /** As each claims run begins: which, and where it stands (claimRunSteps). */
  onRun?: (step: ClaimRunStep) => void;
}

/** A claims run's place in validate's sequence, as onRun is told it. */
export interface ClaimRunStep {
  run: ClaimRun;
  /** 0-based over every run of every repetition. */
  index: number;
  total: number;
  /** 1-based. */
  repetition: number;
  repetitions: number;
}

/**
 * The runs of repetition `repetition` (1-based) of `repetitions`, in the order they run:
 * repetition-major, each repetition running every claims run once.
 */
export function claimRunSteps(repetition: number, repetitions: number): ClaimRunStep[] {
  return CLAIM_RUNS.map((run, i) => ({
    run,
    index: (repetition - 1) * CLAIM_RUNS.length + i,
    total: repetitions * CLAIM_RUNS.length,
    repetition,
    repetitions,
  }));
}

export interface ValidateOutcome {
  verdicts: ClaimVerdict[];
  dir: string;
  files: string[];
}

const QUICK_DURATION_S = 20;
const FULL_DURATION_S = 60;
const CEILING_S = 2;
const QUICK_REPEAT = 3;
const FULL_REPEAT = 5;

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
  const repeats: Map<ClaimRun, RunOutcome>[] = [];
  // Repetition-major: each repetition runs every claims run, so drift spreads over all of them.
  for (let r = 0; r < repeat; r++) {
    if (o.signal?.aborted && repeats.length > 0) break;
    repeats.push(await runClaimsOnce(o, dir, cores?.backend ?? null, claimRunSteps(r + 1, repeat)));
  }
  const verdicts = evaluateClaimsRepeats(CLAIMS, repeats);
  const files = [
    await writeResultAtomic(dir, 'verdicts.json', `${JSON.stringify(verdicts, null, 2)}\n`),
    await writeResultAtomic(dir, 'verdicts.csv', formatVerdictsCsv(verdicts)),
    await writeResultAtomic(dir, 'verdicts.md', formatVerdictsMarkdown(verdicts)),
  ];
  return { verdicts, dir, files };
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
