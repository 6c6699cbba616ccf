// `obsbench validate [--quick]`: every documented figure of the claims catalog, measured here.

import { join } from 'node:path';
import { verdictAgreement } from '../../claims/agreement.js';
import type { ClaimVerdict } from '../../claims/evaluate.js';
import { readVerdictsFile } from '../../claims/verdicts-file.js';
import { isObsbenchError, ObsbenchError } from '../../errors.js';
import { formatAgreementMarkdown } from '../../reporters/agreement-md.js';
import { claimsJUnit } from '../../reporters/junit.js';
import { formatValidateStepSummary } from '../../reporters/step-summary-md.js';
import { formatVerdictsMarkdown } from '../../reporters/verdicts-md.js';
import { writeResultAtomic } from '../../result/write.js';
import { integerOption, parseCommandArgs } from '../args.js';
import { writeHtmlBeside } from '../html-beside.js';
import { onInterrupt } from '../interrupt.js';
import { ProgressPrinter, SequenceProgress } from '../progress-printer.js';
import { reportFileOption, writeReportFile } from '../report-file.js';
import { appendStepSummary } from '../step-summary.js';
import { type ClaimRunStep, validateClaims } from '../validate-claims.js';

export const VALIDATE_HELP = `Usage: obsbench validate [--quick] [--repeat N] [--against DIR] [--junit FILE] [--out <dir>] [--json]

Runs the claims scenarios (scenarios/claims/: VictoriaMetrics and Prometheus on the same samples,
the Collector, VictoriaLogs, Jaeger) against backends it starts itself, each pinned to the last
core with obsbench on the others, then gives every claim of docs/claims.md a verdict: pass, fail,
or inconclusive with the reason (a backend that cannot run here, a condition not reproduced).
Tempo's claims stay inconclusive (Tempo is AGPL and not built here); under each, Jaeger's same
figure is shown as a peer's row with no verdict.
Every claims run is repeated (5 times; 3 with --quick): a claim's figure is the median over the
repetitions with its interval, and it passes or fails only when the whole interval is on one side
of the stated figure. The per-core claims are measured at saturation: each repetition also runs
capacity searches with the backend on one pinned core (VictoriaMetrics, the Collector, and Jaeger
for its peer figure); each verdict names its method.
Writes verdicts.json, verdicts.csv and verdicts.md beside the runs' results, and appends the
verdicts table to $GITHUB_STEP_SUMMARY when that is set. As each run begins, stderr says which
("run 1 of 24 (victoriametrics-remote-write, repetition 1/3)", "run 7 of 24 (capacity search of
collector-traces, full core, repetition 1/3)"), the time elapsed and, after the first, the time
left.

Options:
  --quick      20 s per run and 3 repetitions (15 runs and 9 capacity searches of 6 s steps)
               instead of 60 s and 5 (25 runs and 15 searches of 20 s steps)
  --repeat <n> repetitions of every claims run (2 to 20)
  --against <dir>  an earlier validate's directory (or its verdicts.json): each claim's verdict
               then and now, both medians and the spread between them, in agreement.json and
               agreement.md; exit 1 when a verdict changed
  --junit <file>  also write the verdicts as JUnit XML: a suite per backend, a test case per claim
               (fail: <failure> with the measured and stated figures; inconclusive: <skipped>
               with the reason)
  --out <dir>  parent directory for results (default: results)
  --json       print verdicts.json to stdout instead of the Markdown table
  -h, --help   this help

Exit codes: 0 every claim has a verdict; 1 with --against, a claim's verdict changed; 2 bad input;
130 interrupted.`;

export async function validateCommand(argv: string[]): Promise<number> {
  const { values } = parseCommandArgs('validate', argv, {
    quick: { type: 'boolean', default: false },
    repeat: { type: 'string' },
    against: { type: 'string' },
    junit: { type: 'string' },
    out: { type: 'string', default: 'results' },
    json: { type: 'boolean', default: false },
    help: { type: 'boolean', short: 'h', default: false },
  });
  if (values.help) {
    process.stdout.write(`${VALIDATE_HELP}\n`);
    return 0;
  }
  // Read before anything runs: a bad --against costs no runs.
  const against = values.against === undefined ? null : readAgainst(values.against as string);
  const repeat = integerOption('repeat', values.repeat as string | undefined, 2, 20);
  const junitPath = reportFileOption('junit', values.junit as string | undefined);
  const sequence = new SequenceProgress('validate', 'run', new ProgressPrinter());
  const interrupt = onInterrupt('stopping; the verdicts of what ran are still written');
  try {
    const outcome = await validateClaims({
      quick: values.quick as boolean,
      repeat,
      outDir: values.out as string,
      signal: interrupt.signal,
      onRun: (s) =>
        sequence.begin(s.index, s.total, `${stepLabel(s)}, repetition ${s.repetition}/${s.repetitions}`),
    });
    const html = await writeHtmlBeside('validate', outcome.dir, [join(outcome.dir, 'verdicts.json')]);
    if (html) outcome.files.push(html);
    if (junitPath !== undefined)
      outcome.files.push(await writeReportFile(junitPath, claimsJUnit(outcome.verdicts)));
    appendStepSummary(formatValidateStepSummary(outcome.verdicts));
    const agreement = against && verdictAgreement(against.verdicts, outcome.verdicts);
    let agreementText = '';
    if (agreement && against) {
      agreementText = formatAgreementMarkdown(agreement, against.path);
      await writeResultAtomic(
        outcome.dir,
        'agreement.json',
        `${JSON.stringify({ against: against.path, ...agreement }, null, 2)}\n`,
      );
      await writeResultAtomic(outcome.dir, 'agreement.md', agreementText);
    }
    if (values.json) process.stdout.write(`${JSON.stringify(outcome.verdicts, null, 2)}\n`);
    else
      process.stdout.write(
        `${formatVerdictsMarkdown(outcome.verdicts)}${agreementText ? `\n${agreementText}` : ''}\nverdicts: ${outcome.files.join(', ')}\n`,
      );
    if (interrupt.signal.aborted) return 130;
    return agreement && agreement.changed.length > 0 ? 1 : 0;
  } finally {
    interrupt.release();
  }
}

/** "collector-traces" for a run, "capacity search of collector-traces, 0.25-core quota" for a search. */
function stepLabel(s: ClaimRunStep): string {
  if (!s.search) return s.run;
  const quota = s.search.cpuLimitCores === null ? 'full core' : `${s.search.cpuLimitCores}-core quota`;
  return `capacity search of ${s.run}, ${quota}`;
}

function readAgainst(path: string): { path: string; verdicts: ClaimVerdict[] } {
  try {
    return { path, verdicts: readVerdictsFile(path).verdicts };
  } catch (error) {
    if (isObsbenchError(error)) throw new ObsbenchError(error.code, `--against ${error.message}`);
    throw error;
  }
}
