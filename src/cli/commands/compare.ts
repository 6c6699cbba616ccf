// `obsbench compare BASE CAND`: two sets of runs, figure by figure, and a gate's exit code.

import { compareInputs } from '../../compare/compare.js';
import { DEFAULT_GATE, readGateFile } from '../../compare/gate.js';
import { readCompareInput } from '../../compare/inputs.js';
import { ObsbenchError } from '../../errors.js';
import { formatComparisonMarkdown, formatComparisonTable } from '../../reporters/comparison.js';
import { comparisonJUnit } from '../../reporters/junit.js';
import { parseCommandArgs } from '../args.js';
import { reportFileOption, writeReportFile } from '../report-file.js';
import { appendStepSummary } from '../step-summary.js';

export const COMPARE_HELP = `Usage: obsbench compare BASE CAND [--gate gate.yaml] [--json] [--markdown FILE] [--junit FILE]

BASE and CAND are each a result.json, a run directory, a suite directory holding run directories,
or a summary.json. Runs are paired by scenario name; per figure it prints both medians with their
95% intervals, the relative change with a 95% interval (seeded bootstrap of the ratio of medians),
a Mann-Whitney p-value and a verdict: better, worse, same, or inconclusive (too few runs, or the
interval straddles the smallest change that matters). Different scenario hashes, backend versions
or machines are shown as caveats.

Options:
  --gate <file>      the figures that gate and the smallest change that matters for each, e.g.
                     figures: { latencyMs.p99: { worse: 10% } }   (default: accepted rate 5%,
                     CPU s per 1M items 5%, peak RSS 10%, latency p99 10%; 3 runs a side)
  --json             print the comparison as JSON instead of the table
  --markdown <file>  also write it as Markdown (it is appended to $GITHUB_STEP_SUMMARY when set)
  --junit <file>     also write the gate as JUnit XML: a suite per scenario, a test case per gated
                     figure (worse: <failure> with both medians and the change; inconclusive:
                     <skipped> with the reason; better or same: passed)
  -h, --help         this help

Exit codes: 0 no gated figure is worse; 1 a gated figure is worse; 2 bad input.`;

export async function compareCommand(argv: string[]): Promise<number> {
  const { values, positionals } = parseCommandArgs('compare', argv, {
    gate: { type: 'string' },
    json: { type: 'boolean', default: false },
    markdown: { type: 'string' },
    junit: { type: 'string' },
    help: { type: 'boolean', short: 'h', default: false },
  });
  if (values.help) {
    process.stdout.write(`${COMPARE_HELP}\n`);
    return 0;
  }
  if (positionals.length !== 2) {
    throw new ObsbenchError(
      'E_USAGE',
      `compare: expected BASE and CAND, got ${positionals.length} path(s) (see obsbench compare --help)`,
    );
  }
  const gate = values.gate === undefined ? DEFAULT_GATE : readGateFile(values.gate as string);
  const junitPath = reportFileOption('junit', values.junit as string | undefined);
  const comparison = compareInputs(readCompareInput(positionals[0]), readCompareInput(positionals[1]), gate);
  process.stdout.write(
    values.json ? `${JSON.stringify(comparison, null, 2)}\n` : formatComparisonTable(comparison),
  );
  const markdown = formatComparisonMarkdown(comparison);
  if (values.markdown !== undefined) await writeReportFile(values.markdown as string, markdown);
  if (junitPath !== undefined) {
    await writeReportFile(
      junitPath,
      comparisonJUnit(comparison, Object.keys(gate.figures), 'obsbench compare'),
    );
  }
  appendStepSummary(markdown);
  return comparison.regressions.length > 0 ? 1 : 0;
}
