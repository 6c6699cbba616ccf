// `obsbench validate [--quick]`: every documented figure of the claims catalog, measured here.

import { formatVerdictsMarkdown } from '../../reporters/verdicts-md.js';
import { integerOption, parseCommandArgs } from '../args.js';
import { onInterrupt } from '../interrupt.js';
import { validateClaims } from '../validate-claims.js';

export const VALIDATE_HELP = `Usage: obsbench validate [--quick] [--repeat N] [--out <dir>] [--json]

Runs the claims scenarios (scenarios/claims/: VictoriaMetrics and Prometheus on the same samples,
the Collector, VictoriaLogs) against backends it starts itself, each pinned to the last core with
obsbench on the others, then gives every claim of docs/claims.md a verdict: pass, fail, or
inconclusive with the reason (a backend that cannot run here, a condition not reproduced).
Every claims run is repeated (5 times; 3 with --quick): a claim's figure is the median over the
repetitions with its interval, and it passes or fails only when the whole interval is on one side
of the stated figure.
Writes verdicts.json, verdicts.csv and verdicts.md beside the runs' results.

Options:
  --quick      20 s per run and 3 repetitions (12 runs) instead of 60 s and 5 (20 runs)
  --repeat <n> repetitions of every claims run (2 to 20)
  --out <dir>  parent directory for results (default: results)
  --json       print verdicts.json to stdout instead of the Markdown table
  -h, --help   this help

Exit codes: 0 every claim has a verdict; 2 bad input; 130 interrupted.`;

export async function validateCommand(argv: string[]): Promise<number> {
  const { values } = parseCommandArgs('validate', argv, {
    quick: { type: 'boolean', default: false },
    repeat: { type: 'string' },
    out: { type: 'string', default: 'results' },
    json: { type: 'boolean', default: false },
    help: { type: 'boolean', short: 'h', default: false },
  });
  if (values.help) {
    process.stdout.write(`${VALIDATE_HELP}\n`);
    return 0;
  }
  const interrupt = onInterrupt('stopping; the verdicts of what ran are still written');
  try {
    const outcome = await validateClaims({
      quick: values.quick as boolean,
      repeat: integerOption('repeat', values.repeat as string | undefined, 2, 20),
      outDir: values.out as string,
      signal: interrupt.signal,
      onRun: (run, index, total) => process.stderr.write(`validate: run ${index + 1}/${total}: ${run}\n`),
    });
    if (values.json) process.stdout.write(`${JSON.stringify(outcome.verdicts, null, 2)}\n`);
    else
      process.stdout.write(
        `${formatVerdictsMarkdown(outcome.verdicts)}\nverdicts: ${outcome.files.join(', ')}\n`,
      );
    return interrupt.signal.aborted ? 130 : 0;
  } finally {
    interrupt.release();
  }
}
