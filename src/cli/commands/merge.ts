// `obsbench merge <shard results...> --out DIR`: one result from the results of a run's shards.

import { mergeShardResults } from '../../compare/merge-shards.js';
import { readShardInputs } from '../../compare/shard-inputs.js';
import { ObsbenchError } from '../../errors.js';
import { formatSummaryTable } from '../../reporters/console-table.js';
import { writeResultAtomic } from '../../result/write.js';
import { parseCommandArgs } from '../args.js';
import { writeSuiteReports } from '../run-suite.js';

export const MERGE_HELP = `Usage: obsbench merge <shard results...> --out DIR [--allow-missing] [--json]

Makes one result of the results of a run spread over shards ('obsbench run --shard I/N' or
--shards N in a Kubernetes Indexed Job), as if one process had sent all of it:
  - counts (items sent, accepted, failed, requests, dropped schedules, bytes) are summed;
  - latency and service-time HDR histograms are merged exactly and the percentiles recomputed
    (not averaged: the p99 of the merged result is the p99 of every request of every shard);
  - per-second series are aligned on the wall clock (each shard's measured phase start) and summed;
    a second's p99 is the highest shard's (an upper bound);
  - the harness ceilings and CPU are summed; the scenario's thresholds are evaluated on the merge.

Each argument is a shard's result.json or a directory searched for them (3 levels deep; results
that are not a shard's, such as an earlier merge in DIR, are passed over). Writes DIR/result.json,
summary.json, runs.csv, timeseries.csv and report.html; every report (obsbench report, compare,
publish) reads it like any other result.

Options:
  --out <dir>        where the merged result goes (required)
  --allow-missing    merge the shards there are, say which are missing, and mark the result partial
  --json             print the merged RunResult JSON to stdout instead of the table
  -h, --help         this help

Shards of different runs, scenarios or shard counts, a shard given twice and a missing shard
(without --allow-missing) are refused with one line and exit 2. Exit codes: 0 merged, complete
and every threshold passed; 1 a threshold failed or the merge is partial; 2 bad input.`;

export async function mergeCommand(argv: string[]): Promise<number> {
  const { values, positionals } = parseCommandArgs('merge', argv, {
    out: { type: 'string' },
    'allow-missing': { type: 'boolean', default: false },
    json: { type: 'boolean', default: false },
    help: { type: 'boolean', short: 'h', default: false },
  });
  if (values.help) {
    process.stdout.write(`${MERGE_HELP}\n`);
    return 0;
  }
  const outDir = values.out as string | undefined;
  if (outDir === undefined || outDir === '')
    throw new ObsbenchError('E_USAGE', 'merge: --out: required: the directory the merged result goes to');
  if (positionals.length === 0)
    throw new ObsbenchError(
      'E_USAGE',
      'merge: expected shard results (result.json files or directories holding them)',
    );
  const inputs = readShardInputs(positionals, outDir);
  const merged = mergeShardResults(inputs, { allowMissing: values['allow-missing'] as boolean });
  const resultPath = await writeResultAtomic(outDir, 'result.json', `${JSON.stringify(merged, null, 2)}\n`);
  const reportFiles = await writeSuiteReports([merged], outDir);
  if (values.json) {
    process.stdout.write(`${JSON.stringify(merged, null, 2)}\n`);
  } else {
    // The table's notes say which shards went in, how far apart they began and what is missing.
    process.stdout.write(`${formatSummaryTable([merged])}\n`);
    process.stdout.write(`result: ${resultPath}\nreports: ${reportFiles.join(', ')}\n`);
  }
  const failed = merged.status !== 'complete' || merged.verdicts.some((v) => v.state === 'fail');
  return failed ? 1 : 0;
}
