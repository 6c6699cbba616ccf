// End to end into the sink over loopback, one row per path the harness must drive fast: the
// harness (one worker, max throughput) pinned to core 0, the sink process to core 1. Each row's
// rate comes from the sink's own counters over the steady part of the run, with how busy each of
// the two cores was meanwhile: a row whose sink core is saturated while the harness core is not
// measured the sink, and says so instead of passing for the harness's figure.

import { cpus } from 'node:os';
import type { Signal } from '../src/model/index.js';
import type { Compression } from '../src/model/scenario.js';
import { DEFAULT_LOAD } from '../src/scenario/defaults.js';
import { runScenarioProcess, type SinkProcess, type SinkReading, startSinkProcess } from './child-run.js';
import { coreBusyShare } from './core-busy.js';
import { type CoreLimit, limitOf, round3 } from './core-limit.js';

export interface E2eSinkResult {
  name: string;
  signal: Signal;
  protocol: string;
  compression: Compression;
  shape: 'default' | 'lean';
  /** load.templatePoolItems the row set, or null for the signal's default (templates for traces, fresh logs). */
  templatePoolItems: number | null;
  harnessCores: string | null;
  sinkCores: string | null;
  /** Items/s the sink counted over the steady window (after warmup, before the last reading). */
  acceptedItemsPerS: number;
  /** Items/s the harness saw accepted over its measured phase (2xx / gRPC OK). */
  harnessAcceptedItemsPerS: number;
  itemsFailed: number;
  rawBytesPerItem: number;
  wireBytesPerItem: number;
  p99LatencyMs: number;
  durationS: number;
  /** Busy share (0..1) of the harness's core and of the sink's core over the steady window. */
  harnessCoreBusy: number | null;
  sinkCoreBusy: number | null;
  limitedBy: CoreLimit;
  /** True when the sink's core, not the harness's, was the limit: the row is not the harness's figure. */
  sinkLimited: boolean;
  targetItemsPerS: number;
  met: boolean;
}

interface E2eCase {
  name: string;
  signal: Signal;
  protocol: 'otlp-http' | 'otlp-grpc' | 'prometheus-remote-write';
  compression: Compression;
  shape: 'default' | 'lean';
  /** load.templatePoolItems, when the row sets it. */
  templatePoolItems?: number;
  targetItemsPerS: number;
}

/** Spans with none of the optional extras (~330 B): the shape load tools' own spans have. */
export const LEAN_SHAPE_YAML = '{ extraAttributes: 0, eventsPerSpan: 0, linkRate: 0, resourceAttributes: 0 }';

export const E2E_CASES: readonly E2eCase[] = [
  {
    name: 'traces-otlp-http-none',
    signal: 'traces',
    protocol: 'otlp-http',
    compression: 'none',
    shape: 'default',
    targetItemsPerS: 1_000_000,
  },
  {
    name: 'traces-otlp-http-zstd',
    signal: 'traces',
    protocol: 'otlp-http',
    compression: 'zstd',
    shape: 'default',
    targetItemsPerS: 600_000,
  },
  {
    name: 'traces-otlp-http-gzip',
    signal: 'traces',
    protocol: 'otlp-http',
    compression: 'gzip',
    shape: 'default',
    targetItemsPerS: 350_000,
  },
  {
    name: 'traces-otlp-grpc-lean',
    signal: 'traces',
    protocol: 'otlp-grpc',
    compression: 'none',
    shape: 'lean',
    targetItemsPerS: 500_000,
  },
  {
    name: 'metrics-remote-write-snappy',
    signal: 'metrics',
    protocol: 'prometheus-remote-write',
    compression: 'snappy',
    shape: 'default',
    targetItemsPerS: 1_500_000,
  },
  {
    name: 'metrics-otlp-http-gzip',
    signal: 'metrics',
    protocol: 'otlp-http',
    compression: 'gzip',
    shape: 'default',
    targetItemsPerS: 700_000,
  },
  {
    name: 'logs-otlp-http-gzip',
    signal: 'logs',
    protocol: 'otlp-http',
    compression: 'gzip',
    shape: 'default',
    targetItemsPerS: 350_000,
  },
  {
    // Opt-in templated logs: the same target, at the diversity cost bench diversity measures.
    name: 'logs-otlp-http-gzip-templates',
    signal: 'logs',
    protocol: 'otlp-http',
    compression: 'gzip',
    shape: 'default',
    templatePoolItems: DEFAULT_LOAD.templatePoolItems,
    targetItemsPerS: 350_000,
  },
];

const WARMUP_S = 2;

export async function runE2eSinkBench(durationS: number, only?: readonly string[]): Promise<E2eSinkResult[]> {
  const pin = cpus().length >= 2;
  const harnessCores = pin ? '0' : null;
  const sinkCores = pin ? '1' : null;
  const sink = await startSinkProcess(sinkCores);
  const out: E2eSinkResult[] = [];
  try {
    for (const c of E2E_CASES) {
      if (only !== undefined && only.length > 0 && !only.includes(c.name)) continue;
      const endpoint = c.protocol === 'otlp-grpc' ? sink.grpcEndpoint : sink.httpUrl;
      const yaml = `
name: bench-e2e-${c.name}
signal: ${c.signal}
target: { kind: sink, endpoint: ${endpoint} }
protocol: ${c.protocol}
compression: ${c.compression}
${c.shape === 'lean' ? `shape: ${LEAN_SHAPE_YAML}` : ''}
load: { executor: max-throughput, duration: ${durationS}s, warmup: ${WARMUP_S}s, batchSize: 1000, concurrency: 16, connections: 16, workers: 1${c.templatePoolItems === undefined ? '' : `, templatePoolItems: ${c.templatePoolItems}`} }
seed: 7
`;
      const firstReading = sink.readings.length;
      const r = await runScenarioProcess(yaml, harnessCores, durationS + 60);
      // Let the sink print the reading that follows the run's last request.
      await new Promise((resolve) => setTimeout(resolve, 600));
      const steady = steadyWindow(sink, firstReading);
      const harnessCoreBusy = steady && pin ? coreBusyShare(steady.from.ticks, steady.to.ticks, 0) : null;
      const sinkCoreBusy = steady && pin ? coreBusyShare(steady.from.ticks, steady.to.ticks, 1) : null;
      const acceptedItemsPerS = steady
        ? (steady.to.items - steady.from.items) / ((steady.to.atEpochMs - steady.from.atEpochMs) / 1000)
        : 0;
      const limitedBy = limitOf(harnessCoreBusy, sinkCoreBusy);
      out.push({
        name: c.name,
        signal: c.signal,
        protocol: c.protocol,
        compression: c.compression,
        shape: c.shape,
        templatePoolItems: c.templatePoolItems ?? null,
        harnessCores,
        sinkCores,
        acceptedItemsPerS: Math.round(acceptedItemsPerS),
        harnessAcceptedItemsPerS: Math.round(r.load.itemsAccepted / r.load.durationS),
        itemsFailed: r.load.itemsFailed,
        rawBytesPerItem: Math.round(r.load.rawBytes / Math.max(1, r.load.itemsSent)),
        wireBytesPerItem: Math.round(r.load.wireBytes / Math.max(1, r.load.itemsSent)),
        p99LatencyMs: r.latencyMs.p99,
        durationS: r.load.durationS,
        harnessCoreBusy: round3(harnessCoreBusy),
        sinkCoreBusy: round3(sinkCoreBusy),
        limitedBy,
        sinkLimited: limitedBy === 'sink',
        targetItemsPerS: c.targetItemsPerS,
        met: acceptedItemsPerS >= c.targetItemsPerS && limitedBy !== 'sink',
      });
    }
  } finally {
    await sink.stop();
  }
  return out;
}

/**
 * The readings that bound the run's steady part: from WARMUP_S + 0.5 s after the sink first saw
 * this run's items to the last reading before its count stopped growing; null when too short.
 */
function steadyWindow(sink: SinkProcess, first: number): { from: SinkReading; to: SinkReading } | null {
  const readings = sink.readings.slice(Math.max(0, first - 1));
  if (readings.length < 3) return null;
  const base = readings[0].items;
  const startAt = readings.findIndex((r) => r.items > base);
  if (startAt < 0) return null;
  const final = readings[readings.length - 1].items;
  const endAt = readings.findIndex((r) => r.items === final);
  const steadyFromMs = readings[startAt].atEpochMs + (WARMUP_S + 0.5) * 1000;
  const fromIndex = readings.findIndex((r, i) => i >= startAt && r.atEpochMs >= steadyFromMs);
  // The reading before the count stopped growing still included a part-interval: stop one earlier.
  const toIndex = endAt - 1;
  if (fromIndex < 0 || toIndex <= fromIndex) return null;
  return { from: readings[fromIndex], to: readings[toIndex] };
}
