// `obsbench bench`: the micro-benchmarks of bench/ (encoders against the reference serializer).

import { runBenchmarks } from '../../../bench/run.js';
import { numberOption, parseCommandArgs } from '../args.js';

export const BENCH_HELP = `Usage: obsbench bench [--json] [--time-ms n]

Runs the micro-benchmarks (tinybench): items/s of each OTLP encoder and of the reference
@opentelemetry/otlp-transformer serializer on the same data, as ratios. --json prints the
machine-readable result; otherwise a table.`;

export async function benchCommand(argv: string[]): Promise<number> {
  const { values } = parseCommandArgs('bench', argv, {
    json: { type: 'boolean', default: false },
    'time-ms': { type: 'string', default: '1000' },
    help: { type: 'boolean', short: 'h', default: false },
  });
  if (values.help) {
    process.stdout.write(`${BENCH_HELP}\n`);
    return 0;
  }
  const timeMs = numberOption('time-ms', values['time-ms'] as string, 50, 600_000) ?? 1000;
  const report = await runBenchmarks({ timeMs, only: [] });
  process.stdout.write(values.json ? `${JSON.stringify(report, null, 2)}\n` : `${report.text}\n`);
  return 0;
}
