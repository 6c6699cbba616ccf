// Rate accuracy of the open-model scheduler: constant-arrival-rate at several rates into a sink
// process; achieved (accepted) rate vs target and dropped schedules. It measures the scheduler, not
// the encoders: lean spans, no compression, two worker threads, nothing pinned (see e2e-sink.ts for
// the pinned, gzip figure).

import { runScenarioProcess, startSinkProcess } from './child-run.js';

export interface RateAccuracyResult {
  targetRatePerS: number;
  achievedRatePerS: number;
  /** achieved / target - 1 */
  errorRatio: number;
  droppedSchedules: number;
  batchSize: number;
  workers: number;
  p99LatencyMs: number;
  scheduleLagP99Ms: number;
  withinOnePercent: boolean;
}

export const DEFAULT_RATES_PER_S = [10_000, 100_000, 500_000];
const WORKERS = 2;

export async function runRateAccuracyBench(
  ratesPerS: number[],
  durationS: number,
): Promise<RateAccuracyResult[]> {
  const sink = await startSinkProcess(null);
  const out: RateAccuracyResult[] = [];
  try {
    for (const rate of ratesPerS) {
      // Bigger batches at higher rates keep the request rate within what the workers schedule.
      const batchSize = rate >= 200_000 ? 2000 : rate >= 50_000 ? 500 : 100;
      const yaml = `
name: bench-rate-${rate}
signal: traces
target: { kind: sink, endpoint: ${sink.httpUrl} }
protocol: otlp-http
compression: none
shape: { extraAttributes: 0, eventsPerSpan: 0, linkRate: 0, resourceAttributes: 0 }
load: { executor: constant-arrival-rate, rate: ${rate}, duration: ${durationS}s, warmup: 2s, batchSize: ${batchSize}, maxInFlight: 64, connections: 16, workers: ${WORKERS} }
seed: 11
`;
      const r = await runScenarioProcess(yaml, null, durationS + 60);
      const errorRatio = r.load.achievedRatePerS / rate - 1;
      out.push({
        targetRatePerS: rate,
        achievedRatePerS: Math.round(r.load.achievedRatePerS),
        errorRatio: Number(errorRatio.toFixed(5)),
        droppedSchedules: r.load.droppedSchedules,
        batchSize,
        workers: WORKERS,
        p99LatencyMs: r.latencyMs.p99,
        scheduleLagP99Ms: r.harness.scheduleLagP99Ms,
        withinOnePercent: Math.abs(errorRatio) <= 0.01 && r.load.droppedSchedules === 0,
      });
    }
  } finally {
    await sink.stop();
  }
  return out;
}
