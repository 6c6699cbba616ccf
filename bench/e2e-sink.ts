// End to end into the sink over loopback HTTP with gzip: the harness pinned to core 0, the sink
// (a separate process) to core 1. Measures accepted spans/s at max throughput, one worker.

import { cpus } from 'node:os';
import { runScenarioProcess, startSinkProcess } from './child-run.js';

export interface E2eSinkResult {
  name: string;
  harnessCores: string | null;
  sinkCores: string | null;
  acceptedItemsPerS: number;
  itemsAccepted: number;
  itemsFailed: number;
  p99LatencyMs: number;
  durationS: number;
  targetItemsPerS: number;
  meetsTarget: boolean;
}

export const E2E_TARGET_SPANS_PER_S = 500_000;

export async function runE2eSinkBench(durationS: number): Promise<E2eSinkResult> {
  const pin = cpus().length >= 2;
  const harnessCores = pin ? '0' : null;
  const sinkCores = pin ? '1' : null;
  const sink = await startSinkProcess(sinkCores);
  try {
    const yaml = `
name: bench-e2e-traces-sink
signal: traces
target: { kind: sink, endpoint: ${sink.httpUrl} }
protocol: otlp-http
compression: gzip
load: { executor: max-throughput, duration: ${durationS}s, warmup: 2s, batchSize: 2000, concurrency: 16, connections: 16, workers: 1 }
seed: 7
`;
    const r = await runScenarioProcess(yaml, harnessCores, durationS + 60);
    const acceptedItemsPerS = r.load.itemsAccepted / r.load.durationS;
    return {
      name: 'e2e-traces-otlp-http-gzip-sink',
      harnessCores,
      sinkCores,
      acceptedItemsPerS,
      itemsAccepted: r.load.itemsAccepted,
      itemsFailed: r.load.itemsFailed,
      p99LatencyMs: r.latencyMs.p99,
      durationS: r.load.durationS,
      targetItemsPerS: E2E_TARGET_SPANS_PER_S,
      meetsTarget: acceptedItemsPerS >= E2E_TARGET_SPANS_PER_S,
    };
  } finally {
    await sink.stop();
  }
}
