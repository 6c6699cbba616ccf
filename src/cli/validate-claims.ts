// `obsbench validate`: runs the claims scenarios (scenarios/claims/) against managed backends,
// the backend pinned to the last core and the harness to the others, then evaluates every claim
// of the catalog and writes verdicts.json, verdicts.csv and verdicts.md beside the runs.

import { join } from 'node:path';
import { allowedCores, splitCores } from '../capacity/run-capacity.js';
import { CLAIM_RUNS, CLAIMS, type ClaimRun } from '../claims/catalog.js';
import { type ClaimVerdict, evaluateClaims, type RunOutcome } from '../claims/evaluate.js';
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
  outDir: string;
  signal?: AbortSignal;
  onRun?: (run: ClaimRun, index: number, total: number) => void;
}

export interface ValidateOutcome {
  verdicts: ClaimVerdict[];
  dir: string;
  files: string[];
}

const QUICK_DURATION_S = 20;
const FULL_DURATION_S = 60;
const CEILING_S = 2;

function claimScenarioPath(run: ClaimRun): string {
  return join(packageRoot(), 'scenarios', 'claims', `${run}.yaml`);
}

export async function validateClaims(o: ValidateOptions): Promise<ValidateOutcome> {
  const allowed = allowedCores();
  // On one core nothing can be pinned apart: runs go unpinned and per-core claims stay inconclusive.
  const cores = allowed.length >= 2 ? splitCores(1, allowed) : null;
  if (cores) pinProcess(process.pid, cores.harness);
  const dir = await createResultDir(new Date(), o.quick ? 'validate-quick' : 'validate', o.outDir);
  const runs = new Map<ClaimRun, RunOutcome>();
  for (const [index, run] of CLAIM_RUNS.entries()) {
    if (o.signal?.aborted) {
      runs.set(run, { error: 'interrupted before it ran' });
      continue;
    }
    o.onRun?.(run, index, CLAIM_RUNS.length);
    try {
      const scenario = await loadScenarioFile(claimScenarioPath(run), {
        durationS: o.durationS ?? (o.quick ? QUICK_DURATION_S : FULL_DURATION_S),
      });
      const { result } = await runScenario(scenario, {
        outDir: dir,
        ceilingS: CEILING_S,
        backendCores: cores?.backend ?? null,
        signal: o.signal,
      });
      runs.set(run, { result });
    } catch (error) {
      // A backend that is not installed or fails to start leaves its claims inconclusive, not the
      // others; the verdicts of what ran are written whatever went wrong.
      runs.set(run, { error: isObsbenchError(error) ? error.message : String(error) });
    }
  }
  const verdicts = evaluateClaims(CLAIMS, runs);
  const files = [
    await writeResultAtomic(dir, 'verdicts.json', `${JSON.stringify(verdicts, null, 2)}\n`),
    await writeResultAtomic(dir, 'verdicts.csv', formatVerdictsCsv(verdicts)),
    await writeResultAtomic(dir, 'verdicts.md', formatVerdictsMarkdown(verdicts)),
  ];
  return { verdicts, dir, files };
}
