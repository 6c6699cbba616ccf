// `obsbench ab SCENARIO --a VARIANT --b VARIANT`: two variants of a scenario run interleaved on this
// machine, then compared as `obsbench compare` does.

import { runAb } from '../../compare/ab.js';
import { DEFAULT_GATE, readGateFile } from '../../compare/gate.js';
import { ObsbenchError } from '../../errors.js';
import { formatComparisonMarkdown, formatComparisonTable } from '../../reporters/comparison.js';
import { comparisonJUnit } from '../../reporters/junit.js';
import { integerOption, numberOption, parseCommandArgs } from '../args.js';
import { writeHtmlBeside } from '../html-beside.js';
import { onInterrupt } from '../interrupt.js';
import { ProgressPrinter, SequenceProgress } from '../progress-printer.js';
import { reportFileOption, writeReportFile } from '../report-file.js';
import { appendStepSummary } from '../step-summary.js';
import { variant } from '../variants.js';

export const AB_HELP = `Usage: obsbench ab SCENARIO [--a SETTING]... [--b SETTING]... [--repeat N] [options]

Runs the scenario in two variants, A and B, interleaved on this machine (A B B A A B ...: machine
drift hits both alike), then compares them figure by figure as 'obsbench compare' does. A setting
is a scenario field and its value, as in the scenario file, or a setting of the managed backend:
  --a target.pipeline=batch --b target.pipeline=otlp-forward     a Collector pipeline
  --a target.kind=victoriametrics --b target.kind=prometheus     the backend itself
  --b load.batchSize=2000                                        any scenario field
  --b backend-cores=1                                            pin the managed backend
  --a backend-cpu-limit=1 --b backend-cpu-limit=0.5              its CPU quota in cores (cgroup;
                                                                 needs root)
  --a victoria-metrics@v1.150.0 --b victoria-metrics@v1.148.9    two releases (target.version;
                                        obsbench stack install victoria-metrics@v1.148.9 first)
A side without settings runs the scenario as written; --a-scenario / --b-scenario give that side
another file of the same scenario (main's version of it, say). Each variant's runs go to <dir>/a
and <dir>/b, the comparison to <dir>/comparison.json. As each run begins, stderr says which
("run 4 of 10 (A: target.pipeline=batch)"), the time elapsed and, after the first run, the time
left; the comparison's Markdown is appended to $GITHUB_STEP_SUMMARY when that is set.

Options:
  --repeat <n>     runs per variant (default 5; at least 4 a side can show p < 0.05)
  --gate <file>    the gate (see obsbench compare --help); default: rate, CPU/item, RSS, p99
  --out <dir>      parent directory for results (default: results)
  --ceiling <s>    seconds measuring the harness's own ceiling (default 2; 0 skips)
  --junit <file>   also write the gate as JUnit XML (a test case per gated figure; see
                   obsbench compare --help)
  --json           print the comparison as JSON instead of the table
  -h, --help       this help

Exit codes: 0 no gated figure is worse in B; 1 one is; 2 bad input; 130 interrupted.`;

export async function abCommand(argv: string[]): Promise<number> {
  const { values, positionals } = parseCommandArgs('ab', argv, {
    a: { type: 'string', multiple: true },
    b: { type: 'string', multiple: true },
    'a-scenario': { type: 'string' },
    'b-scenario': { type: 'string' },
    repeat: { type: 'string' },
    gate: { type: 'string' },
    out: { type: 'string', default: 'results' },
    ceiling: { type: 'string' },
    junit: { type: 'string' },
    json: { type: 'boolean', default: false },
    help: { type: 'boolean', short: 'h', default: false },
  });
  if (values.help) {
    process.stdout.write(`${AB_HELP}\n`);
    return 0;
  }
  if (positionals.length !== 1) {
    throw new ObsbenchError('E_USAGE', 'ab: expected one scenario file (see obsbench ab --help)');
  }
  const a = variant(
    'a',
    (values.a as string[] | undefined) ?? [],
    values['a-scenario'] as string | undefined,
  );
  const b = variant(
    'b',
    (values.b as string[] | undefined) ?? [],
    values['b-scenario'] as string | undefined,
  );
  const repeat = integerOption('repeat', values.repeat as string | undefined, 1, 100) ?? 5;
  const gate = values.gate === undefined ? DEFAULT_GATE : readGateFile(values.gate as string);
  const junitPath = reportFileOption('junit', values.junit as string | undefined);
  const printer = new ProgressPrinter();
  const sequence = new SequenceProgress('ab', 'run', printer);
  const interrupt = onInterrupt('stopping after this run; what ran is compared');
  try {
    const outcome = await runAb({
      scenarioPath: positionals[0],
      a,
      b,
      repeat,
      gate,
      outDir: values.out as string,
      ceilingS: numberOption('ceiling', values.ceiling as string | undefined, 0, 60) ?? 2,
      signal: interrupt.signal,
      onRun: (v, index, total) =>
        sequence.begin(index, total, `${v.side.toUpperCase()}: ${v.description || 'as written'}`),
      onProgress: (scenario, p) => printer.update(scenario.name, p),
    });
    printer.endLine();
    const c = outcome.comparison;
    process.stdout.write(values.json ? `${JSON.stringify(c, null, 2)}\n` : formatComparisonTable(c));
    process.stdout.write(`ab: ${outcome.runs.a} x A, ${outcome.runs.b} x B in ${outcome.dir}\n`);
    await writeHtmlBeside('ab', outcome.dir, [outcome.dir]);
    appendStepSummary(formatComparisonMarkdown(c));
    if (junitPath !== undefined) {
      await writeReportFile(junitPath, comparisonJUnit(c, Object.keys(gate.figures), 'obsbench ab'));
    }
    if (interrupt.signal.aborted) return 130;
    return c.regressions.length > 0 ? 1 : 0;
  } finally {
    interrupt.release();
  }
}
