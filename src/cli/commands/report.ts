// `obsbench report <inputs...> --html FILE`: one self-contained HTML page from results already on
// disk (runs, a comparison, a capacity search or A/B, claim verdicts), told apart by their content.

import { ObsbenchError } from '../../errors.js';
import { writeHtmlReport } from '../../reporters/html/index.js';
import { parseCommandArgs } from '../args.js';

export const REPORT_HELP = `Usage: obsbench report <inputs...> --html FILE

Writes one self-contained HTML page (charts and data inlined; it needs no network) from:
  result.json files, run directories and suite directories   the runs page: per run the key
        figures, verdicts, items/s sent vs accepted, p99 per second, the latency percentile
        distribution (HDR histogram, service time beside it), backend cores and RSS, read path,
        completeness and the conditions (versions, pinning, harness ceiling)
  a comparison.json (obsbench compare --json > FILE, or an ab directory)   the figure table with
        both medians and intervals, change, p-value and verdict; both sides' runs overlaid
  a capacity.json (or its capacity directory)   the curve: rate vs accepted share, p99 and
        backend cores, the sustained rate marked
  a capacity-ab.json (or its capacity-ab directory, capacity --a/--b)   each side's sustained
        rate over its searches (median, interval, range) and the ratio B / A with its interval
  a verdicts.json (or its validate directory)   the claim verdict table
Several inputs go on one page, in the order given. Every obsbench run also writes report.html
beside summary.json. See docs/reports.md.

Options:
  --html <file>  the page to write (required)
  -h, --help     this help

Exit codes: 0 written; 2 bad input (a missing or unreadable input, or one of none of the kinds above).`;

export async function reportCommand(argv: string[]): Promise<number> {
  const { values, positionals } = parseCommandArgs('report', argv, {
    html: { type: 'string' },
    help: { type: 'boolean', short: 'h', default: false },
  });
  if (values.help) {
    process.stdout.write(`${REPORT_HELP}\n`);
    return 0;
  }
  if (positionals.length === 0) {
    throw new ObsbenchError('E_USAGE', 'report: expected at least one input (see obsbench report --help)');
  }
  if (values.html === undefined || values.html === '') {
    throw new ObsbenchError(
      'E_USAGE',
      'report: --html FILE is required: the page to write (see obsbench report --help)',
    );
  }
  const file = await writeHtmlReport(values.html as string, positionals);
  process.stdout.write(`report: ${file}\n`);
  return 0;
}
