// A realistic RunResult for reporter and threshold tests: a 60 s Tempo OTLP/gRPC run at 10K spans/s
// with real encoded histograms, a per-second series and a mix of verdicts.

import type { RunResult, TimeseriesPoint } from '../../../src/model/run-result.js';
import { SCHEMA_VERSION } from '../../../src/model/run-result.js';
import { LatencyHistogram } from '../../../src/stats/latency-histogram.js';

/** Small seeded PRNG (xorshift32) so fixtures are identical on every run. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0 || 1;
  return () => {
    state ^= state << 13;
    state >>>= 0;
    state ^= state >>> 17;
    state ^= state << 5;
    state >>>= 0;
    return state / 4294967296;
  };
}

function latencyHistogram(seed: number, baseMs: number, samples: number): LatencyHistogram {
  const random = seededRandom(seed);
  const histogram = new LatencyHistogram();
  for (let i = 0; i < samples; i++) {
    // Log-normal-ish body with a 1 % slow tail, like a backend under steady load.
    const body = baseMs * Math.exp(random() * 1.2);
    histogram.recordMs(random() < 0.01 ? body * 8 : body);
  }
  return histogram;
}

function timeseries(durationS: number): TimeseriesPoint[] {
  const points: TimeseriesPoint[] = [];
  for (let tS = 0; tS < durationS; tS++) {
    points.push({
      tS,
      sentPerS: 10_000,
      acceptedPerS: tS === 30 ? 9_500 : 10_000,
      failedPerS: tS === 30 ? 500 : 0,
      latencyP99Ms: tS === 30 ? 48.5 : 12.25,
      backendCpuCores: 1.5 + (tS % 3) * 0.1,
      backendRssBytes: 512_000_000 + tS * 1_000_000,
    });
  }
  return points;
}

export function makeRunResult(overrides: { name?: string; wasBottleneck?: boolean } = {}): RunResult {
  const name = overrides.name ?? 'tempo-otlp-grpc-10k';
  const durationS = 60;
  const latency = latencyHistogram(7, 3, 5_000);
  const service = latencyHistogram(11, 2, 5_000);
  return {
    schemaVersion: SCHEMA_VERSION,
    tool: { name: 'obsbench', version: '0.1.0', gitSha: '9e84aa6' },
    status: 'complete',
    statusReason: '',
    startedAt: '2024-05-01T12:00:00.000Z',
    endedAt: '2024-05-01T12:01:10.000Z',
    scenario: {
      name,
      hash: '0123456789abcdef',
      signal: 'traces',
      target: 'tempo',
      protocol: 'otlp-grpc',
      encoding: 'protobuf',
      compression: 'gzip',
      seed: 42,
      executor: 'constant-arrival-rate',
      batchSize: 100,
      workers: 2,
      sourcePath: '/work/main/scenarios/tempo-otlp-grpc-10k.yaml',
    },
    env: {
      node: 'v20.20.2',
      platform: 'linux-x64',
      cpuModel: 'Test CPU @ 3.0GHz',
      cores: 8,
      totalMemoryBytes: 16_000_000_000,
      harnessCores: [0, 1],
      backendCores: [2, 3],
    },
    load: {
      targetRatePerS: 10_000,
      achievedRatePerS: 9_950,
      itemsSent: 597_000,
      itemsAccepted: 594_000,
      acceptedSource: 'backend-counters',
      itemsRefused: 1_000,
      itemsFailed: 1_500,
      itemsLost: 500,
      requests: 5_970,
      requestsFailed: 15,
      retries: 4,
      droppedSchedules: 3,
      droppedItems: 300,
      rawBytes: 250_000_000,
      wireBytes: 61_500_000,
      durationS,
      warmupS: 10,
    },
    latencyMs: latency.summary(),
    serviceTimeMs: service.summary(),
    backend: {
      name: 'tempo',
      version: '2.6.1',
      cpuSeconds: 96,
      coresAvg: 1.6,
      rssAvgBytes: 540_000_000,
      rssMaxBytes: 571_000_000,
      diskBytes: 25_000_000,
      diskBytesAtStart: 65_536,
      diskAllocatedBytes: 26_214_400,
      bytesPerItem: 42.09,
      compressionRatio: 10,
      cpuSecondsPerMillionItems: 161.6,
      ownStorageFigures: {},
      probeNote: '',
    },
    downstream: {
      name: 'sink',
      version: 'built-in',
      itemsAccepted: 594_000,
      itemsRefused: 0,
      unit: 'spans',
      note: '',
      latencyMs: { count: 594_000, p50: 12, p90: 30, p99: 42, p999: 60, max: 80, mean: 15, hdrBase64: '' },
    },
    read: { queries: {}, freshnessMs: 850 },
    completeness: { verified: 594_000, expected: 594_000, ratio: 1, method: 'backend-counters' },
    timeseries: timeseries(durationS),
    verdicts: [
      {
        id: 'threshold:p99LatencyMs<50',
        kind: 'threshold',
        statement: 'p99LatencyMs < 50',
        measured: 12.3,
        state: 'pass',
        reason: 'p99LatencyMs = 12.3 < 50',
      },
      {
        id: 'threshold:errorRate<0.001',
        kind: 'threshold',
        statement: 'errorRate < 0.001',
        measured: 0.0025,
        state: 'fail',
        reason: 'errorRate = 0.0025, not < 0.001',
      },
      {
        id: 'claim:tempo-disk-compression',
        kind: 'claim',
        statement: 'compressionRatio >= 10',
        measured: null,
        state: 'inconclusive',
        reason: 'compressionRatio was not measured in this run',
      },
    ],
    harness: {
      ceilingItemsPerS: overrides.wasBottleneck ? 9_950 : 480_000,
      ceilingMethod: 'sink, same signal/encoding/batch',
      wasBottleneck: overrides.wasBottleneck ?? false,
      scheduleLagP99Ms: 0.8,
    },
    errors: [{ message: 'UNAVAILABLE: connection reset', count: 15 }],
  };
}
