// Runs a list of scenarios (each `repeat` times) one after another and renders the reports.
// Stops after the current scenario when aborted; everything finished so far is kept. The HTML page
// comes last and is the only optional one: if it cannot be made, stderr says so and the run goes
// on to its table, JUnit and publish with the result files written.

import type { RunResult } from '../model/run-result.js';
import type { Scenario } from '../model/scenario.js';
import { getReporter, type Reporter } from '../reporters/index.js';
import { createResultDir } from '../result/write.js';
import { type RunOptions, runScenario, type ScenarioRun } from '../run/run-scenario.js';
import { htmlOrWarning } from './html-beside.js';

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
  const reportFiles = reportDir ? await writeSuiteReports(results, reportDir) : [];
  return { runs, reportDir, reportFiles, interrupted: options.signal?.aborted ?? false };
}

/**
 * The combined reports of `results` in `dir`, in order; the files written. A reporter that throws
 * stops the command, except the html one: its failure is a line on stderr and its file is missing.
 */
export async function writeSuiteReports(
  results: RunResult[],
  dir: string,
  reporters: readonly Reporter[] = (['json', 'csv', 'html'] as const).map(getReporter),
): Promise<string[]> {
  const files: string[] = [];
  for (const reporter of reporters) {
    const write = () => reporter.report(results, { outDir: dir });
    files.push(...(reporter.name === 'html' ? ((await htmlOrWarning('run', write)) ?? []) : await write()));
  }
  return files;
}
