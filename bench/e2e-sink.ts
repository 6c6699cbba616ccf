// End to end into the sink over loopback HTTP with gzip: the harness pinned to core 0, the sink
// (a separate process) to core 1, one worker, max throughput. Run for the default (realistic,
// ~450 B) span shape and the lean (~290 B) one: gzip's cost grows with span size.

import { cpus } from 'node:os';
import { runScenarioProcess, startSinkProcess } from './child-run.js';

export interface E2eSinkResult {
  name: string;
  shape: 'default' | 'lean';
  harnessCores: string | null;
  sinkCores: string | null;
  acceptedItemsPerS: number;
  itemsAccepted: number;
  itemsFailed: number;
  rawBytesPerItem: number;
  wireBytesPerItem: number;
  p99LatencyMs: number;
  durationS: number;
  targetItemsPerS: number;
  meetsTarget: boolean;
}

export const E2E_TARGET_SPANS_PER_S = 500_000;

export const LEAN_SHAPE_YAML = '{ extraAttributes: 0, eventsPerSpan: 0, linkRate: 0, resourceAttributes: 0 }';

export async function runE2eSinkBench(durationS: number): Promise<E2eSinkResult[]> {
  const pin = cpus().length >= 2;
  const harnessCores = pin ? '0' : null;
  const sinkCores = pin ? '1' : null;
  const sink = await startSinkProcess(sinkCores);
  const out: E2eSinkResult[] = [];
  try {
    for (const shape of ['default', 'lean'] as const) {
      const yaml = `
name: bench-e2e-traces-${shape}
signal: traces
target: { kind: sink, endpoint: ${sink.httpUrl} }
protocol: otlp-http
compression: gzip
${shape === 'lean' ? `shape: ${LEAN_SHAPE_YAML}` : ''}
load: { executor: max-throughput, duration: ${durationS}s, warmup: 2s, batchSize: 1000, concurrency: 16, connections: 16, workers: 1 }
seed: 7
`;
      const r = await runScenarioProcess(yaml, harnessCores, durationS + 60);
      const acceptedItemsPerS = r.load.itemsAccepted / r.load.durationS;
      out.push({
        name: `e2e-traces-otlp-http-gzip-sink-${shape}`,
        shape,
        harnessCores,
        sinkCores,
        acceptedItemsPerS: Math.round(acceptedItemsPerS),
        itemsAccepted: r.load.itemsAccepted,
        itemsFailed: r.load.itemsFailed,
        rawBytesPerItem: Math.round(r.load.rawBytes / Math.max(1, r.load.itemsSent)),
        wireBytesPerItem: Math.round(r.load.wireBytes / Math.max(1, r.load.itemsSent)),
        p99LatencyMs: r.latencyMs.p99,
        durationS: r.load.durationS,
        targetItemsPerS: E2E_TARGET_SPANS_PER_S,
        meetsTarget: acceptedItemsPerS >= E2E_TARGET_SPANS_PER_S,
      });
    }
  } finally {
    await sink.stop();
  }
  return out;
}
