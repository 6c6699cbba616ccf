// `obsbench export k6 <scenario.yaml> [-o script.js]`: a scenario as a k6 script for the signal's
// xk6 extension, to stdout or (atomically) to a file.

import { basename, relative } from 'node:path';
import { ObsbenchError } from '../../errors.js';
import { k6Script } from '../../export/k6-script.js';
import { toolInfo } from '../../run/environment.js';
import { loadScenarios } from '../../scenario/index.js';
import { parseCommandArgs } from '../args.js';
import { reportFileOption, writeReportFile } from '../report-file.js';

export const EXPORT_HELP = `Usage: obsbench export k6 <scenario.yaml> [-o script.js]

Writes a k6 script that reproduces the scenario with the signal's xk6 extension: traces with
xk6-client-tracing, metrics with xk6-client-prometheus-remote (remote write), logs with xk6-loki.
The header names the one extension to build (xk6 build --with ...), how to run the script with
your own k6 binary, the rate conversion (k6 iterations/s = items/s / batchSize), the thresholds k6
can check, and what has no k6 equivalent. obsbench does not build, fetch or run k6 (AGPL-3.0).

The script sends to the scenario's endpoint, or to a default local address when it names none;
k6 run -e OBSBENCH_ENDPOINT=<url> overrides it.

Options:
  -o, --output <file>  write the script to this file (atomically) instead of stdout
  -h, --help           this help

Exit codes: 0 written; 2 bad input (format other than k6, scenario invalid or not found, a target
that cannot take what the extension sends).`;

const FORMATS = ['k6'];

export async function exportCommand(argv: string[]): Promise<number> {
  const { values, positionals } = parseCommandArgs('export', argv, {
    output: { type: 'string', short: 'o' },
    help: { type: 'boolean', short: 'h', default: false },
  });
  if (values.help) {
    process.stdout.write(`${EXPORT_HELP}\n`);
    return 0;
  }
  const [format, path, ...rest] = positionals;
  if (format === undefined || !FORMATS.includes(format)) {
    const given = format === undefined ? 'no format' : `format ${JSON.stringify(format)}`;
    throw new ObsbenchError(
      'E_USAGE',
      `export: ${given}: the one format is k6, as in obsbench export k6 <scenario.yaml> (see obsbench export --help)`,
    );
  }
  if (path === undefined || rest.length > 0) {
    throw new ObsbenchError(
      'E_USAGE',
      'export k6: expected one scenario file, as in obsbench export k6 <scenario.yaml> [-o script.js]',
    );
  }
  const output = reportFileOption('output', values.output as string | undefined);
  const scenarios = await loadScenarios(path);
  if (scenarios.length !== 1) {
    throw new ObsbenchError(
      'E_USAGE',
      `export k6: ${path} holds ${scenarios.length} scenarios (a suite or a directory); export one scenario file, e.g. obsbench export k6 ${relative(process.cwd(), scenarios[0].sourcePath)}`,
    );
  }
  const [scenario] = scenarios;
  const text = k6Script(scenario, {
    version: toolInfo().version,
    sourceLabel: scenario.sourcePath === '' ? path : relative(process.cwd(), scenario.sourcePath),
    scriptName: output === undefined ? undefined : basename(output),
  });
  if (output === undefined) {
    process.stdout.write(text);
    return 0;
  }
  const written = await writeReportFile(output, text);
  process.stderr.write(`k6 script: ${written}\n`);
  return 0;
}
