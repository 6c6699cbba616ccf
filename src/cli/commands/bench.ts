// `obsbench bench`: the micro-benchmarks of bench/ (encoders against the reference serializer).
// bench/ is not part of the shipped code: it needs the dev dependencies (tinybench, the reference
// OpenTelemetry serializer), so it is loaded at run time from the package root, and only from a
// checkout where `npm ci` installed them.

import { fileURLToPath } from 'node:url';
import { ObsbenchError } from '../../errors.js';
import { numberOption, parseCommandArgs } from '../args.js';

/** What this command uses of bench/run.ts (not imported statically: src/ never imports bench/). */
interface BenchRunner {
  BENCH_PARTS: readonly string[];
  runBenchmarks(options: { timeMs: number; only: string[]; runS?: number }): Promise<{ text: string }>;
}

const NOT_IN_A_CHECKOUT =
  'obsbench bench runs from a repository checkout with dev dependencies installed: run npm ci in the checkout';

/** bench/run.js beside src/ under the package root (dist/ once built); null when it or a dev dependency is missing. */
async function loadBenchRunner(): Promise<BenchRunner | null> {
  // A URL computed at run time, not an import specifier: neither tsc nor the module graph ties src/ to bench/.
  const runnerUrl = new URL('../../../bench/run.js', import.meta.url);
  try {
    return (await import(runnerUrl.href)) as BenchRunner;
  } catch (error) {
    const { code, message } = error as { code?: unknown; message?: unknown };
    // The runner itself is absent (an installed package), or a package it needs is (no dev
    // dependencies); any other failure is a bug in bench/ and is reported as one.
    const missing =
      code === 'ERR_MODULE_NOT_FOUND' &&
      (String(message).includes('Cannot find package') || String(message).includes(fileURLToPath(runnerUrl)));
    if (missing) return null;
    throw error;
  }
}

export const BENCH_HELP = `Usage: obsbench bench [--json] [--only encoders,pipeline,e2e,peers,rate,diversity] [--time-ms n] [--run-s n]

Benchmarks, each compared against a reference measured in the same run:
  encoders  items/s per core of each OTLP encoder, and of the reference
            @opentelemetry/otlp-transformer serializer on the same data (ratio)
  pipeline  items/s of each stage of one worker's pipeline (generate, encode, compress)
            on one thread: the per-core ceiling and where it goes
  e2e       items/s accepted end to end into the sink (counted by the sink), one row per
            fast path (traces over HTTP uncompressed / zstd / gzip, lean spans over gRPC,
            remote write, OTLP metrics, logs), harness pinned to core 0 and the sink
            process to core 1; each row has its target, met, and both cores' busy share
            (a row whose sink core saturated first is marked sink-limited, never met)
  peers     obsbench against telemetrygen (needs \`obsbench stack install telemetrygen\`):
            per signal, items the sink accepts per CPU second of each tool, OTLP/gRPC
            uncompressed, tool on core 0 and sink on core 1; telemetrygen at the best point
            of a short workers x rate sweep, obsbench with items of the same size;
            ratio obsbench / telemetrygen, target 10
  rate      constant-arrival-rate accuracy at 10K, 100K and 500K items/s (achieved vs
            target, dropped schedules): lean spans, no compression, 2 worker threads
  diversity templated requests (load.templatePoolItems) against fresh ones: in process,
            one worker's default traces and logs at batch 1000 over 1M items: distinct
            attribute values and log bodies per 100K items and over 1M, unique span and
            trace IDs, distinct request bodies, monotonic log times per stream; then on a
            managed VictoriaLogs (pool on vs off) and VictoriaMetrics (same run twice, the
            noise) bytes on disk per item and compression ratio; each figure has its
            rule (distinct counts and disk within 5%, IDs and bodies unique) and met
            (needs \`obsbench stack install victoria-logs victoria-metrics\`)
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
  const runner = await loadBenchRunner();
  if (runner === null) {
    process.stderr.write(`${NOT_IN_A_CHECKOUT}\n`);
    return 2;
  }
  for (const p of only) {
    if (!runner.BENCH_PARTS.includes(p)) {
      throw new ObsbenchError(
        'E_USAGE',
        `--only: ${JSON.stringify(p)} is not a benchmark: use ${runner.BENCH_PARTS.join(', ')}`,
      );
    }
  }
  const report = await runner.runBenchmarks({ timeMs, only, runS });
  process.stdout.write(values.json ? `${JSON.stringify(report, null, 2)}\n` : `${report.text}\n`);
  return 0;
}
