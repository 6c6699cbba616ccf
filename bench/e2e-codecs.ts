// Where the end-to-end span rate goes, by request compression: the e2e-sink setup (harness pinned to
// core 0, the sink to core 1, one worker, max throughput, loopback OTLP/HTTP) run with each codec,
// default and lean spans. 'none' is generate + encode + send alone, so the difference to 'gzip' is
// what compression costs per span on the harness core. Prints JSON when run directly:
//   npm run build && node dist/bench/e2e-codecs.js [seconds]

import { cpus } from 'node:os';
import { pathToFileURL } from 'node:url';
import type { Compression } from '../src/model/scenario.js';
import { runScenarioProcess, startSinkProcess } from './child-run.js';
import { LEAN_SHAPE_YAML } from './e2e-sink.js';

export interface E2eCodecResult {
  compression: Compression;
  shape: 'default' | 'lean';
  acceptedItemsPerS: number;
  /** Harness-core microseconds per accepted span (1e6 / acceptedItemsPerS: the core is saturated). */
  harnessUsPerItem: number;
  wireBytesPerItem: number;
  harnessCores: string | null;
  sinkCores: string | null;
}

export async function runE2eCodecBench(
  durationS: number,
  codecs: readonly Compression[] = ['none', 'gzip', 'zstd'],
): Promise<E2eCodecResult[]> {
  const pin = cpus().length >= 2;
  const harnessCores = pin ? '0' : null;
  const sinkCores = pin ? '1' : null;
  const sink = await startSinkProcess(sinkCores);
  const out: E2eCodecResult[] = [];
  try {
    for (const compression of codecs) {
      for (const shape of ['default', 'lean'] as const) {
        const yaml = `
name: bench-e2e-traces-${compression}-${shape}
signal: traces
target: { kind: sink, endpoint: ${sink.httpUrl} }
protocol: otlp-http
compression: ${compression}
${shape === 'lean' ? `shape: ${LEAN_SHAPE_YAML}` : ''}
load: { executor: max-throughput, duration: ${durationS}s, warmup: 2s, batchSize: 1000, concurrency: 16, connections: 16, workers: 1 }
seed: 7
`;
        const r = await runScenarioProcess(yaml, harnessCores, durationS + 60);
        const rate = r.load.itemsAccepted / r.load.durationS;
        out.push({
          compression,
          shape,
          acceptedItemsPerS: Math.round(rate),
          harnessUsPerItem: rate > 0 ? Math.round(1e8 / rate) / 100 : 0,
          wireBytesPerItem: Math.round(r.load.wireBytes / Math.max(1, r.load.itemsSent)),
          harnessCores,
          sinkCores,
        });
      }
    }
  } finally {
    await sink.stop();
  }
  return out;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const durationS = Number(process.argv[2] ?? 8);
  const results = await runE2eCodecBench(durationS);
  process.stdout.write(`${JSON.stringify({ durationS, results }, null, 2)}\n`);
}
