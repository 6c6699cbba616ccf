// The benchmark runner behind `obsbench bench` and `npm run bench`: encoder micro-benchmarks
// (ratios against the reference serializer in the same run), end-to-end throughput into the sink
// with pinned cores, obsbench against telemetrygen per core-second, and the scheduler's rate
// accuracy. Prints JSON when run directly.

import { pathToFileURL } from 'node:url';
import { environment, toolInfo } from '../src/run/environment.js';
import { type DiversityReport, diversityText, runDiversityBench } from './diversity.js';
import { type E2eSinkResult, runE2eSinkBench } from './e2e-sink.js';
import { runEncoderBench } from './encoders.js';
import { type PeerSignalResult, runPeersBench } from './peers.js';
import { type PipelineStageResult, runPipelineBench } from './pipeline.js';
import { DEFAULT_RATES_PER_S, type RateAccuracyResult, runRateAccuracyBench } from './rate-accuracy.js';

export type BenchPart = 'encoders' | 'pipeline' | 'e2e' | 'peers' | 'rate' | 'diversity';
export const BENCH_PARTS: readonly BenchPart[] = [
  'encoders',
  'pipeline',
  'e2e',
  'peers',
  'rate',
  'diversity',
];

export interface BenchOptions {
  timeMs: number;
  /** Parts to run; empty = all. */
  only: BenchPart[];
  /** Seconds of each end-to-end / peers / rate run. */
  runS?: number;
}

export interface BenchReport {
  tool: ReturnType<typeof toolInfo>;
  env: ReturnType<typeof environment>;
  encoders: Awaited<ReturnType<typeof runEncoderBench>> | null;
  pipeline: PipelineStageResult[] | null;
  e2e: E2eSinkResult[] | null;
  peers: PeerSignalResult[] | null;
  rateAccuracy: RateAccuracyResult[] | null;
  /** Templated requests against fresh ones: in process, and bytes on disk on managed backends. */
  diversity: DiversityReport | null;
  text: string;
}

export async function runBenchmarks(options: BenchOptions): Promise<BenchReport> {
  const want = (p: BenchPart): boolean => options.only.length === 0 || options.only.includes(p);
  const runS = options.runS ?? 10;
  const encoders = want('encoders') ? await runEncoderBench({ timeMs: options.timeMs }) : null;
  const pipeline = want('pipeline') ? runPipelineBench({ batchSize: 1000, itemsPerCase: 300_000 }) : null;
  const e2e = want('e2e') ? await runE2eSinkBench(runS) : null;
  const peers = want('peers') ? await runPeersBench(runS) : null;
  const rateAccuracy = want('rate') ? await runRateAccuracyBench(DEFAULT_RATES_PER_S, runS) : null;
  const diversity = want('diversity') ? await runDiversityBench() : null;
  const lines: string[] = [];
  if (encoders) {
    lines.push('encoders (items/s, one core):');
    for (const e of encoders as unknown as Record<string, unknown>[]) lines.push(`  ${JSON.stringify(e)}`);
  }
  if (pipeline) {
    lines.push('pipeline stages on one thread (items/s, batch 1000):');
    for (const p of pipeline) {
      lines.push(
        `  ${p.signal} ${p.shape} (${p.rawBytesPerItem} B/item): generate ${p.generateItemsPerS}, encode ${p.encodeItemsPerS}, ` +
          `gzip ${p.compress.gzip?.itemsPerS} (x${p.compress.gzip?.ratio}) -> one core ${p.gzipPipelineItemsPerS}` +
          (p.templateItemsPerS === null
            ? ''
            : `; templates ${p.templateItemsPerS} -> with gzip ${p.templateGzipPipelineItemsPerS}`),
      );
    }
  }
  if (e2e) {
    lines.push(
      `e2e into the sink (items/s by the sink's counters; harness core ${e2e[0]?.harnessCores ?? 'any'}, sink core ${e2e[0]?.sinkCores ?? 'any'}):`,
    );
    for (const e of e2e) {
      const busy = (x: number | null): string => (x === null ? '?' : `${Math.round(x * 100)}%`);
      lines.push(
        `  ${e.name.padEnd(30)} ${String(e.acceptedItemsPerS).padStart(9)}/s  target ${e.targetItemsPerS}: ` +
          `${e.met ? 'met' : 'NOT met'}  (${e.rawBytesPerItem} B/item raw, ${e.wireBytesPerItem} on the wire, p99 ` +
          `${e.p99LatencyMs.toFixed(1)} ms, cores busy: harness ${busy(e.harnessCoreBusy)} sink ${busy(e.sinkCoreBusy)}` +
          `${e.sinkLimited ? ', SINK-LIMITED' : ''})`,
      );
    }
  }
  if (peers) {
    lines.push(
      'peers: items the sink accepted per CPU second of the tool (OTLP/gRPC uncompressed; tool on core 0, sink on core 1):',
    );
    const busy = (x: number | null): string => (x === null ? '?' : `${Math.round(x * 100)}%`);
    for (const p of peers) {
      for (const r of p.rows) {
        const s = r.setting;
        lines.push(
          `  ${p.signal.padEnd(8)}${r.tool.padEnd(13)} ${String(r.itemsPerCoreSecond).padStart(9)}/core-s ` +
            `${String(r.acceptedItemsPerS).padStart(9)}/s  (${s.workers} workers, ` +
            `${s.ratePerWorker === 0 ? 'unthrottled' : `${s.ratePerWorker}/s each`}, batch ${s.batchSize}; ` +
            `${r.rawBytesPerItem} B/item, ${r.cpuSeconds} CPU s, cores busy: tool ${busy(r.harnessCoreBusy)} ` +
            `sink ${busy(r.sinkCoreBusy)}${r.sinkLimited ? ', SINK-LIMITED' : ''})`,
        );
      }
      lines.push(
        `  ${p.signal.padEnd(8)}ratio ${p.ratio ?? '?'} (target ${p.target}: ${p.met ? 'met' : 'NOT met'})` +
          `${p.sizesMatch ? '' : '  <- item sizes differ by more than 10%'}`,
      );
    }
  }
  if (rateAccuracy) {
    lines.push('rate accuracy (constant-arrival-rate into the sink):');
    for (const r of rateAccuracy) {
      lines.push(
        `  target ${r.targetRatePerS}/s achieved ${r.achievedRatePerS.toFixed(0)}/s ` +
          `(${(r.errorRatio * 100).toFixed(2)}%), dropped ${r.droppedSchedules}, p99 ${r.p99LatencyMs.toFixed(1)} ms` +
          `${r.withinOnePercent ? '' : '  <- outside +-1% or dropped'}`,
      );
    }
  }
  if (diversity) lines.push(...diversityText(diversity));
  return {
    tool: toolInfo(),
    env: environment(),
    encoders,
    pipeline,
    e2e,
    peers,
    rateAccuracy,
    diversity,
    text: lines.join('\n'),
  };
}

function parseOnly(argv: string[]): BenchPart[] {
  const i = argv.indexOf('--only');
  if (i < 0) return [];
  return (argv[i + 1] ?? '').split(',').filter((p): p is BenchPart => (BENCH_PARTS as string[]).includes(p));
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const report = await runBenchmarks({ timeMs: 1000, only: parseOnly(process.argv) });
  const { text: _text, ...json } = report;
  process.stdout.write(`${JSON.stringify(json, null, 2)}\n`);
}
