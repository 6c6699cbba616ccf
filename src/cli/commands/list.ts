// `obsbench list [dir]`: the scenarios a directory holds, one line each.

import { loadScenarios } from '../../scenario/index.js';
import { parseCommandArgs } from '../args.js';

export const LIST_HELP = `Usage: obsbench list [directory | suite.yaml]

Lists the scenarios (default directory: scenarios/) with signal, target, protocol, executor,
rate and duration. Every file is validated, so this also checks a scenario directory.`;

export async function listCommand(argv: string[]): Promise<number> {
  const { values, positionals } = parseCommandArgs('list', argv, {
    help: { type: 'boolean', short: 'h', default: false },
  });
  if (values.help) {
    process.stdout.write(`${LIST_HELP}\n`);
    return 0;
  }
  const scenarios = await loadScenarios(positionals[0] ?? 'scenarios');
  const rows = scenarios.map((s) => {
    const rate =
      s.load.executor === 'max-throughput'
        ? 'max'
        : s.load.segments
            .map((g) =>
              g.fromRatePerS === g.toRatePerS ? `${g.toRatePerS}` : `${g.fromRatePerS}->${g.toRatePerS}`,
            )
            .join(',');
    return [
      s.name,
      s.signal,
      s.target.kind,
      s.protocol,
      s.load.executor,
      `${rate}/s`,
      `${s.load.durationS}s`,
    ];
  });
  const header = ['NAME', 'SIGNAL', 'TARGET', 'PROTOCOL', 'EXECUTOR', 'RATE', 'DURATION'];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  for (const r of [header, ...rows])
    process.stdout.write(
      `${r
        .map((c, i) => c.padEnd(widths[i]))
        .join('  ')
        .trimEnd()}\n`,
    );
  return 0;
}
