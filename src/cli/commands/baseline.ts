// `obsbench baseline save RUN_DIR [--name NAME]`: a compact, committable record of a set of runs
// that `obsbench compare` accepts in their place.

import { basename, resolve } from 'node:path';
import { makeBaseline } from '../../compare/baseline.js';
import { readRunResults } from '../../compare/inputs.js';
import { ObsbenchError } from '../../errors.js';
import { writeResultAtomic } from '../../result/write.js';
import { parseCommandArgs } from '../args.js';

export const BASELINE_HELP = `Usage: obsbench baseline save RUN_DIR [--name NAME] [--dir DIR]

Writes <DIR>/<NAME>.json (default results/baselines/, NAME from RUN_DIR): per scenario every
run's figures (median, 95% interval, spread and values) and latency histograms, the backend
versions and machines they ran on. Commit it; 'obsbench compare BASELINE CAND' reads it like
the runs themselves. RUN_DIR is a run directory, a suite directory or a result.json.

A baseline from another machine is compared with a caveat: the same-machine A/B (obsbench ab)
is the gate to trust.`;

const NAME_RE = /^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$/;

export async function baselineCommand(argv: string[]): Promise<number> {
  const { values, positionals } = parseCommandArgs('baseline', argv, {
    name: { type: 'string' },
    dir: { type: 'string', default: 'results/baselines' },
    help: { type: 'boolean', short: 'h', default: false },
  });
  if (values.help || positionals.length === 0) {
    process.stdout.write(`${BASELINE_HELP}\n`);
    return values.help ? 0 : 2;
  }
  const [subcommand, runDir, ...rest] = positionals;
  if (subcommand !== 'save' || runDir === undefined || rest.length > 0) {
    throw new ObsbenchError(
      'E_USAGE',
      'baseline: expected "baseline save RUN_DIR" (see obsbench baseline --help)',
    );
  }
  const name = (values.name as string | undefined) ?? basename(resolve(runDir)).replace(/\.json$/, '');
  if (!NAME_RE.test(name)) {
    throw new ObsbenchError(
      'E_USAGE',
      `--name: ${JSON.stringify(name)} is not allowed: letters, digits, '.', '_' or '-', at most 100`,
    );
  }
  const results = readRunResults(runDir);
  const baseline = makeBaseline(results, name, runDir);
  const path = await writeResultAtomic(
    values.dir as string,
    `${name}.json`,
    `${JSON.stringify(baseline, null, 2)}\n`,
  );
  process.stdout.write(
    `baseline: ${results.length} run(s) of ${baseline.repeats.length} scenario(s) -> ${path}\n`,
  );
  return 0;
}
