// `obsbench publish <results...> --remote-write URL`: runs' figures into a TSDB, for trends.

import { readRunResults } from '../../compare/inputs.js';
import { ObsbenchError } from '../../errors.js';
import { parseCommandArgs } from '../args.js';
import { publishAndPrint, publishRequestOf } from '../publish-results.js';

export const PUBLISH_HELP = `Usage: obsbench publish <results...> --remote-write URL [--label name=value]... [--allow-remote]

Sends each run's figures (accepted rate, latency p99, backend CPU s per 1M items, RSS peak, disk
bytes per item, freshness p99, ...) as samples at the run's end time, over Prometheus remote write
1.0, to VictoriaMetrics or Prometheus (started with --web.enable-remote-write-receiver).
stack/grafana/obsbench.json is a Grafana dashboard of them; docs/trends.md lists the series.

Each result is a result.json, a run directory or a suite directory of run directories; runs are
sent one request each, in the order given. Publishing a run again writes the same samples.
Partial runs are not published.

Options:
  --remote-write <url>  e.g. http://127.0.0.1:8428/api/v1/write (a URL without a path gets
                        /api/v1/write); loopback only unless --allow-remote
  --label <name=value>  a label added to every series (repeatable, at most 10), e.g. --label ci=nightly;
                        give the same ones each time (a run published with and without a label is
                        two series)
  --allow-remote        allow a remote write URL that is not on this machine
  -h, --help            this help

Exit codes: 0 every run published; 2 bad input (missing or corrupt result, bad flag) or a run
the server did not take (the error line says which runs were sent and which not).`;

export async function publishCommand(argv: string[]): Promise<number> {
  const { values, positionals } = parseCommandArgs('publish', argv, {
    'remote-write': { type: 'string' },
    label: { type: 'string', multiple: true },
    'allow-remote': { type: 'boolean', default: false },
    help: { type: 'boolean', short: 'h', default: false },
  });
  if (values.help) {
    process.stdout.write(`${PUBLISH_HELP}\n`);
    return 0;
  }
  if (positionals.length === 0 || values['remote-write'] === undefined) {
    throw new ObsbenchError(
      'E_USAGE',
      'publish: expected result paths and --remote-write URL (see obsbench publish --help)',
    );
  }
  const request = publishRequestOf(
    { url: 'remote-write', label: 'label', allowRemote: 'allow-remote' },
    values['remote-write'] as string,
    values.label as string[] | undefined,
    values['allow-remote'] as boolean,
  );
  const results = positionals.flatMap((path) => readRunResults(path));
  return publishAndPrint(results, request, process.stdout);
}
