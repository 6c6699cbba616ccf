// `obsbench capacity <scenario> [--cores N]`: the highest rate a managed backend sustains on N
// pinned cores, found by doubling then bisecting fixed-rate steps.

import { dirname } from 'node:path';
import { runCapacity } from '../../capacity/run-capacity.js';
import type { AbVariant } from '../../compare/ab.js';
import { runCapacityAb } from '../../compare/capacity-ab.js';
import { ObsbenchError } from '../../errors.js';
import { formatCapacityComparison, formatCapacityTable } from '../../reporters/capacity-table.js';
import { capacityJUnit } from '../../reporters/junit.js';
import { parseDurationS } from '../../scenario/index.js';
import { integerOption, numberOption, parseCommandArgs } from '../args.js';
import { writeHtmlBeside } from '../html-beside.js';
import { onInterrupt } from '../interrupt.js';
import { ProgressPrinter, SequenceProgress } from '../progress-printer.js';
import { reportFileOption, writeReportFile } from '../report-file.js';
import { variant } from '../variants.js';

export const CAPACITY_HELP = `Usage: obsbench capacity <scenario.yaml> [options]

Finds the highest rate at which the scenario's managed backend, pinned to N cores with obsbench
on the other cores, still accepts >= 99.9% of the planned items (by its own counters) with no
dropped schedules and P99 latency within the SLO. Starts at the scenario's load.rate, doubles
while steps pass, then bisects, never above obsbench's own ceiling (measured first, into a sink
process on the backend's cores). Each step is a full run with a fresh backend (its result.json
under the capacity directory); the search goes to capacity.json. As each step begins, stderr
says where the search is ("step 3 of at most 8 (4000 items/s)"), the time elapsed and, from the
second step on, at most how long the steps left take (from the mean step so far).

Options:
  --cores <n>        cores pinned to the backend (default 1); the harness gets the others
  --step <d>         measured duration of each step (default 20s)
  --warmup <d>       warmup before each step (default 3s)
  --slo-p99-ms <n>   P99 latency SLO in ms (default: the scenario's p99LatencyMs threshold, else 500)
  --max-steps <n>    steps at most (default 8)
  --max-rate <n>     highest rate to try in items/s (default 10000000)
  --precision <x>    stop bisecting when the gap is below this share of the rate (default 0.1)
  --a <setting>, --b <setting>
                     compare two variants (settings as in obsbench ab: field=value,
                     backend-cpu-limit=CORES or NAME@VERSION, each repeatable; --cores pins the
                     backend for both): the search runs for A and B in turn,
                     --repeat times each, and the sustained rates are reported with their
                     spread and the ratio B / A with a 95% interval
  --repeat <n>       searches per variant with --a/--b (default 3)
  --junit <file>     also write the verdict as JUnit XML: one test case, the sustained rate, that
                     fails when no step was sustained (the curve in its output); not with --a/--b
  --out <dir>        parent directory for results (default: results)
  --json             print capacity.json to stdout instead of the table
  -h, --help         this help

Exit codes: 0 a sustainable rate was found; 1 none was; 2 bad input; 130 interrupted.`;

export async function capacityCommand(argv: string[]): Promise<number> {
  const { values, positionals } = parseCommandArgs('capacity', argv, {
    cores: { type: 'string' },
    step: { type: 'string' },
    warmup: { type: 'string' },
    'slo-p99-ms': { type: 'string' },
    'max-steps': { type: 'string' },
    'max-rate': { type: 'string' },
    precision: { type: 'string' },
    a: { type: 'string', multiple: true },
    b: { type: 'string', multiple: true },
    repeat: { type: 'string' },
    junit: { type: 'string' },
    out: { type: 'string', default: 'results' },
    json: { type: 'boolean', default: false },
    help: { type: 'boolean', short: 'h', default: false },
  });
  if (values.help) {
    process.stdout.write(`${CAPACITY_HELP}\n`);
    return 0;
  }
  if (positionals.length !== 1) {
    throw new ObsbenchError('E_USAGE', 'capacity: expected one scenario file (see obsbench capacity --help)');
  }
  const str = (name: string): string | undefined => values[name] as string | undefined;
  const comparing = values.a !== undefined || values.b !== undefined;
  const junitPath = reportFileOption('junit', str('junit'));
  if (junitPath !== undefined && comparing) {
    throw new ObsbenchError(
      'E_USAGE',
      '--junit: capacity --a/--b reports a ratio of sustained rates, not a verdict to list as a test case; drop --junit, or run capacity for one variant',
    );
  }
  const stepDurationS = str('step') === undefined ? 20 : parseDurationS(str('step') as string, '--step');
  const warmupS = str('warmup') === undefined ? 3 : parseDurationS(str('warmup') as string, '--warmup');
  const maxSteps = numberOption('max-steps', str('max-steps'), 1, 100) ?? 8;
  const printer = new ProgressPrinter();
  const steps = new SequenceProgress('capacity', 'step', printer, { totalIsBound: true });
  const startedAt = new Date();
  const interrupt = onInterrupt('stopping the current step; capacity.json is still written');
  const search = {
    scenarioPath: positionals[0],
    backendCoreCount: numberOption('cores', str('cores'), 1, 1024) ?? 1,
    stepDurationS,
    warmupS,
    sloP99Ms: numberOption('slo-p99-ms', str('slo-p99-ms'), 0.001, 3_600_000),
    maxSteps,
    maxRatePerS: numberOption('max-rate', str('max-rate'), 1, 1e9) ?? 10_000_000,
    precision: numberOption('precision', str('precision'), 0.001, 1) ?? 0.1,
    outDir: values.out as string,
    signal: interrupt.signal,
    onStep: (index: number, ratePerS: number) =>
      steps.begin(index, maxSteps, `${Math.round(ratePerS)} items/s`),
  };
  try {
    if (comparing) {
      const repeat = integerOption('repeat', str('repeat'), 1, 20) ?? 3;
      const a = capacityVariant('a', values.a as string[] | undefined);
      const b = capacityVariant('b', values.b as string[] | undefined);
      const searches = new SequenceProgress('capacity', 'search', printer);
      const comparison = await runCapacityAb({
        ...search,
        a,
        b,
        repeat,
        onSearch: (v, index, total) =>
          searches.begin(index, total, `${v.side.toUpperCase()}: ${v.description || 'as written'}`),
      });
      process.stdout.write(
        values.json ? `${JSON.stringify(comparison, null, 2)}\n` : formatCapacityComparison(comparison),
      );
      await writeHtmlBeside('capacity', comparison.dir, [comparison.dir]);
      return interrupt.signal.aborted ? 130 : 0;
    }
    const { report, reportPath } = await runCapacity(search);
    await writeHtmlBeside('capacity', dirname(reportPath), [reportPath]);
    if (junitPath !== undefined) {
      const timeS = (Date.now() - startedAt.getTime()) / 1000;
      await writeReportFile(junitPath, capacityJUnit(report, startedAt.toISOString(), timeS));
    }
    if (values.json) process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
    else process.stdout.write(`${formatCapacityTable(report)}\ncapacity: ${reportPath}\n`);
    if (interrupt.signal.aborted) return 130;
    return report.maxSustainableRatePerS === null ? 1 : 0;
  } finally {
    interrupt.release();
  }
}

/** A capacity variant: capacity pins the backend itself (--cores), so a variant may not re-pin it. */
function capacityVariant(side: 'a' | 'b', settings: string[] | undefined): AbVariant {
  const v = variant(side, settings ?? [], undefined);
  if (v.backendCores !== null) {
    throw new ObsbenchError(
      'E_USAGE',
      `--${side} backend-cores: capacity pins the backend to --cores itself; vary its CPU with --${side} backend-cpu-limit=CORES instead`,
    );
  }
  return v;
}
