// `obsbench run <scenario|dir|suite>`: validate, run, print the table, write results.

import { basename } from 'node:path';
import { ObsbenchError } from '../../errors.js';
import type { Scenario } from '../../model/scenario.js';
import { formatSummaryTable } from '../../reporters/console-table.js';
import { runsJUnit } from '../../reporters/junit.js';
import { formatRunsStepSummary } from '../../reporters/step-summary-md.js';
import { checkBackendPlacement } from '../../run/backend-placement.js';
import { checkShardable } from '../../run/shard-rules.js';
import { loadScenarios, parseDurationS } from '../../scenario/index.js';
import { LIMITS } from '../../scenario/limits.js';
import { coreListOption, cpuLimitOption, integerOption, numberOption, parseCommandArgs } from '../args.js';
import { ProgressPrinter, SequenceProgress } from '../progress-printer.js';
import { publishAndPrint, publishRequestOf } from '../publish-results.js';
import { reportFileOption, writeReportFile } from '../report-file.js';
import { runSuite } from '../run-suite.js';
import { shardSpecOf } from '../shard-options.js';
import { appendStepSummary } from '../step-summary.js';

export const RUN_HELP = `Usage: obsbench run <scenario.yaml | directory | suite.yaml> [options]

Runs each scenario (open-model load into its target), prints a summary table, and writes
results/<time>-<scenario>/result.json plus summary.json, runs.csv, timeseries.csv and report.html.

Options:
  --duration <d>   override the measured duration (e.g. 10s, 2m); staged plans are scaled
  --rate <n>       override the target rate in items/s (staged plans are scaled)
  --seed <n>       override the generator seed
  --repeat <n>     run each scenario n times (summary.json then summarises each figure over the
                   repeats: median with its 95% interval, spread; obsbench compare reads it)
  --out <dir>      parent directory for results (default: results)
  --ceiling <s>    seconds spent measuring the harness's own ceiling first (default 2; 0 skips)
  --backend-cores <list>  pin a managed backend to these cores (taskset list, e.g. 1 or 2-3);
                   run obsbench itself under 'taskset -c 0' to pin the harness
  --backend-cpu-limit <cores>  limit a managed backend to this much CPU time (0.5 = half a
                   core), with a cgroup CFS quota; needs root and the cgroup cpu controller
  --shard <I/N>    run as shard I of N (0-based) of one run spread over processes or machines:
                   1/N of the rate plan and a slice of the series, trace IDs and log streams of
                   its own; the target must be an endpoint every shard shares. The result goes to
                   <out>/<time>-<scenario>-shard-I-of-N; 'obsbench merge' makes one result of them
  --shards <n>     the same with the index from $JOB_COMPLETION_INDEX (a Kubernetes Indexed Job)
  --start-at <t>   with a shard: when every shard starts its plan (warmup first), as
                   2026-12-02T10:00:00Z or seconds since the epoch; required
  --run-id <id>    with a shard: the run's name, the same on every shard (default: the start
                   time, e.g. 20261202T100000Z); merge checks it, trace IDs are derived from it
  --junit <file>   also write the thresholds as JUnit XML: a suite per run, a test case per
                   threshold (failed: <failure> with the figures; inconclusive: <skipped>)
  --json           print the RunResult JSON array to stdout instead of the table
  --publish <url>  then publish the complete runs' figures over Prometheus remote write, as
                   obsbench publish does (docs/trends.md); with --publish-label name=value
                   (repeatable) and --publish-allow-remote for a URL not on this machine
  --debug          print stack traces on errors
  -h, --help       this help

With several runs, stderr says which one is starting ("run 2 of 6 (name, repetition 2/3)"), the
time elapsed and, from the second run on, an estimate of the time left. When
$GITHUB_STEP_SUMMARY is set, a Markdown table (one row per run, verdicts first) is appended to it.

Exit codes: 0 all runs complete and every threshold passed; 1 a threshold failed or a run
ended early; 2 bad input (scenario, flags, unreachable endpoint) or --publish failed (the results
are written first); 130 interrupted (Ctrl-C; nothing is published).`;

export async function runScenariosCommand(argv: string[]): Promise<number> {
  const { values, positionals } = parseCommandArgs('run', argv, {
    duration: { type: 'string' },
    rate: { type: 'string' },
    seed: { type: 'string' },
    repeat: { type: 'string' },
    out: { type: 'string', default: 'results' },
    ceiling: { type: 'string' },
    'backend-cores': { type: 'string' },
    'backend-cpu-limit': { type: 'string' },
    shard: { type: 'string' },
    shards: { type: 'string' },
    'start-at': { type: 'string' },
    'run-id': { type: 'string' },
    junit: { type: 'string' },
    json: { type: 'boolean', default: false },
    publish: { type: 'string' },
    'publish-label': { type: 'string', multiple: true },
    'publish-allow-remote': { type: 'boolean', default: false },
    debug: { type: 'boolean', default: false },
    help: { type: 'boolean', short: 'h', default: false },
  });
  if (values.help) {
    process.stdout.write(`${RUN_HELP}\n`);
    return 0;
  }
  if (positionals.length !== 1) {
    throw new ObsbenchError(
      'E_USAGE',
      'run: expected one scenario file, directory or suite (see obsbench run --help)',
    );
  }
  const path = positionals[0];
  const shard = shardSpecOf({
    shard: values.shard as string | undefined,
    shards: values.shards as string | undefined,
    startAt: values['start-at'] as string | undefined,
    runId: values['run-id'] as string | undefined,
  });
  const scenarios = await loadScenarios(path, {
    durationS:
      values.duration === undefined ? undefined : parseDurationS(values.duration as string, '--duration'),
    ratePerS: numberOption('rate', values.rate as string | undefined, Number.MIN_VALUE, 1e9),
    seed: numberOption('seed', values.seed as string | undefined, 0, 2 ** 32 - 1),
    repeat: integerOption('repeat', values.repeat as string | undefined, 1, LIMITS.maxRepeat),
  });
  const ceilingS = numberOption('ceiling', values.ceiling as string | undefined, 0, 60) ?? 2;
  const backendCores = coreListOption('backend-cores', values['backend-cores'] as string | undefined);
  const backendCpuLimitCores = cpuLimitOption(
    'backend-cpu-limit',
    values['backend-cpu-limit'] as string | undefined,
  );
  await checkBackendPlacement(
    scenarios,
    { cores: backendCores, cpuLimitCores: backendCpuLimitCores },
    { cores: '--backend-cores', cpuLimit: '--backend-cpu-limit' },
  );
  if (shard !== null) checkShardable(scenarios, shard);
  const junitPath = reportFileOption('junit', values.junit as string | undefined);

  const publish = publishRequestOf(
    { url: 'publish', label: 'publish-label', allowRemote: 'publish-allow-remote' },
    values.publish as string | undefined,
    values['publish-label'] as string[] | undefined,
    values['publish-allow-remote'] as boolean,
  );

  const abort = new AbortController();
  const printer = new ProgressPrinter();
  if (shard !== null) {
    const inS = Math.max(0, Math.round((shard.startAtEpochMs - Date.now()) / 1000));
    printer.note(
      `shard ${shard.index} of ${shard.count} of run ${shard.runId}: the plan starts at ${new Date(shard.startAtEpochMs).toISOString()} (in ${inS} s)`,
    );
  }
  const sequence = runSequence(scenarios, printer);
  let signals = 0;
  const onSignal = (name: string): void => {
    signals++;
    if (signals === 1) {
      printer.note(
        `obsbench: ${name}: stopping the load and writing a partial result (press Ctrl-C again to quit now)`,
      );
      abort.abort();
    } else {
      process.exit(130);
    }
  };
  const sigint = (): void => onSignal('SIGINT');
  const sigterm = (): void => onSignal('SIGTERM');
  process.on('SIGINT', sigint);
  process.on('SIGTERM', sigterm);
  try {
    const outcome = await runSuite(scenarios, basename(path).replace(/\.ya?ml$/, ''), {
      outDir: values.out as string,
      ceilingS,
      backendCores,
      backendCpuLimitCores,
      shard,
      signal: abort.signal,
      onPhase: (scenario, phase) => {
        if (phase === 'target') sequence?.(scenario);
        if (phase === 'ceiling')
          printer.note(`${scenario.name}: measuring the harness ceiling (${ceilingS} s)`);
        if (phase === 'done') printer.endLine();
      },
      onProgress: (scenario, p) => printer.update(scenario.name, p),
    });
    printer.endLine();
    const results = outcome.runs.map((r) => r.result);
    // The table first: a JUnit or summary file that cannot be written still leaves the results shown.
    if (values.json) {
      process.stdout.write(`${JSON.stringify(results, null, 2)}\n`);
    } else {
      process.stdout.write(`${formatSummaryTable(results)}\n`);
      for (const run of outcome.runs) process.stdout.write(`result: ${run.resultPath}\n`);
    }
    if (junitPath !== undefined && results.length > 0) {
      outcome.reportFiles.push(await writeReportFile(junitPath, runsJUnit(results)));
    }
    if (results.length > 0) appendStepSummary(formatRunsStepSummary(results));
    if (!values.json && outcome.reportFiles.length > 0)
      process.stdout.write(`reports: ${outcome.reportFiles.join(', ')}\n`);
    if (outcome.interrupted) return 130;
    const failed = results.some((r) => r.status !== 'complete' || r.verdicts.some((v) => v.state === 'fail'));
    // A publish that fails exits 2 even after a threshold failed: the result files are written.
    const published =
      publish === null
        ? 0
        : await publishAndPrint(results, publish, values.json ? process.stderr : process.stdout);
    return published !== 0 ? published : failed ? 1 : 0;
  } finally {
    process.off('SIGINT', sigint);
    process.off('SIGTERM', sigterm);
  }
}

/**
 * With more than one run planned, a line as each begins: "run 2 of 6 (name, repetition 2/3)",
 * the time elapsed and left.
 */
function runSequence(
  scenarios: readonly Scenario[],
  printer: ProgressPrinter,
): ((scenario: Scenario) => void) | undefined {
  const total = scenarios.reduce((sum, s) => sum + s.repeat, 0);
  if (total < 2) return undefined;
  const progress = new SequenceProgress('', 'run', printer);
  const started = new Map<Scenario, number>();
  let index = 0;
  return (scenario) => {
    const k = (started.get(scenario) ?? 0) + 1;
    started.set(scenario, k);
    const repetition = scenario.repeat > 1 ? `, repetition ${k}/${scenario.repeat}` : '';
    progress.begin(index++, total, `${scenario.name}${repetition}`);
  };
}
