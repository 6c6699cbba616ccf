// `obsbench bench`: the micro-benchmarks of bench/ (encoders against the reference serializer).

import { BENCH_PARTS, type BenchPart, runBenchmarks } from '../../../bench/run.js';
import { ObsbenchError } from '../../errors.js';
import { numberOption, parseCommandArgs } from '../args.js';

export const BENCH_HELP = `Usage: obsbench bench [--json] [--only encoders,pipeline,e2e,rate] [--time-ms n] [--run-s n]

Benchmarks, each compared against a reference measured in the same run:
  encoders  items/s per core of each OTLP encoder, and of the reference
            @opentelemetry/otlp-transformer serializer on the same data (ratio)
  pipeline  items/s of each stage of one worker's pipeline (generate, encode, compress)
            on one thread: the per-core ceiling and where it goes
  e2e       spans/s accepted end to end into the sink over loopback HTTP + gzip,
            harness pinned to core 0 and the sink process to core 1 (default and lean spans)
  rate      constant-arrival-rate accuracy at 10K, 100K and 500K items/s (achieved vs
            target, dropped schedules): lean spans, no compression, 2 worker threads
--json prints the machine-readable result; otherwise a summary.`;

export async function benchCommand(argv: string[]): Promise<number> {
  const { values } = parseCommandArgs('bench', argv, {
    json: { type: 'boolean', default: false },
    'time-ms': { type: 'string', default: '1000' },
    'run-s': { type: 'string', default: '10' },
    only: { type: 'string', default: '' },
    help: { type: 'boolean', short: 'h', default: false },
  });
  if (values.help) {
    process.stdout.write(`${BENCH_HELP}\n`);
    return 0;
  }
  const timeMs = numberOption('time-ms', values['time-ms'] as string, 50, 600_000) ?? 1000;
  const runS = numberOption('run-s', values['run-s'] as string, 1, 3600) ?? 10;
  const only = (values.only as string).split(',').filter((p) => p !== '');
  for (const p of only) {
    if (!(BENCH_PARTS as string[]).includes(p)) {
      throw new ObsbenchError(
        'E_USAGE',
        `--only: ${JSON.stringify(p)} is not a benchmark: use ${BENCH_PARTS.join(', ')}`,
      );
    }
  }
  const report = await runBenchmarks({ timeMs, only: only as BenchPart[], runS });
  process.stdout.write(values.json ? `${JSON.stringify(report, null, 2)}\n` : `${report.text}\n`);
  return 0;
}
