// Runs a list of scenarios (each `repeat` times) one after another and renders the reports.
// Stops after the current scenario when aborted; everything finished so far is kept.

import type { RunResult } from '../model/run-result.js';
import type { Scenario } from '../model/scenario.js';
import { getReporter } from '../reporters/index.js';
import { createResultDir } from '../result/write.js';
import { type RunOptions, runScenario, type ScenarioRun } from '../run/run-scenario.js';

export interface SuiteOutcome {
  runs: ScenarioRun[];
  /** Where the combined reports (summary.json, runs.csv, timeseries.csv, report.html) went. */
  reportDir: string;
  reportFiles: string[];
  interrupted: boolean;
}

export async function runSuite(
  scenarios: Scenario[],
  name: string,
  options: RunOptions,
): Promise<SuiteOutcome> {
  const runs: ScenarioRun[] = [];
  for (const scenario of scenarios) {
    for (let i = 0; i < scenario.repeat; i++) {
      if (options.signal?.aborted) break;
      runs.push(await runScenario(scenario, options));
    }
  }
  const results: RunResult[] = runs.map((r) => r.result);
  let reportDir = runs.length === 1 ? runs[0].resultDir : '';
  if (!reportDir && runs.length > 0)
    reportDir = await createResultDir(new Date(), `${name}-summary`, options.outDir);
  const reportFiles: string[] = [];
  if (reportDir) {
    for (const reporterName of ['json', 'csv', 'html'] as const) {
      reportFiles.push(...(await getReporter(reporterName).report(results, { outDir: reportDir })));
    }
  }
  return { runs, reportDir, reportFiles, interrupted: options.signal?.aborted ?? false };
}
