// Rate accuracy of the open-model scheduler: constant-arrival-rate at several rates into a sink
// process on the other core; achieved (accepted) rate vs target and dropped schedules.

import { cpus } from 'node:os';
import { runScenarioProcess, startSinkProcess } from './child-run.js';

export interface RateAccuracyResult {
  targetRatePerS: number;
  achievedRatePerS: number;
  /** achieved / target - 1 */
  errorRatio: number;
  droppedSchedules: number;
  p99LatencyMs: number;
  withinOnePercent: boolean;
}

export const DEFAULT_RATES_PER_S = [10_000, 100_000, 500_000];

export async function runRateAccuracyBench(
  ratesPerS: number[],
  durationS: number,
): Promise<RateAccuracyResult[]> {
  const pin = cpus().length >= 2;
  const sink = await startSinkProcess(pin ? '1' : null);
  const out: RateAccuracyResult[] = [];
  try {
    for (const rate of ratesPerS) {
      // Bigger batches at higher rates keep the request rate within what one core schedules.
      const batchSize = rate >= 200_000 ? 2000 : rate >= 50_000 ? 500 : 100;
      const yaml = `
name: bench-rate-${rate}
signal: traces
target: { kind: sink, endpoint: ${sink.httpUrl} }
protocol: otlp-http
compression: gzip
load: { executor: constant-arrival-rate, rate: ${rate}, duration: ${durationS}s, warmup: 2s, batchSize: ${batchSize}, maxInFlight: 64, connections: 16 }
seed: 11
`;
      const r = await runScenarioProcess(yaml, pin ? '0' : null, durationS + 60);
      const errorRatio = r.load.achievedRatePerS / rate - 1;
      out.push({
        targetRatePerS: rate,
        achievedRatePerS: r.load.achievedRatePerS,
        errorRatio,
        droppedSchedules: r.load.droppedSchedules,
        p99LatencyMs: r.latencyMs.p99,
        withinOnePercent: Math.abs(errorRatio) <= 0.01 && r.load.droppedSchedules === 0,
      });
    }
  } finally {
    await sink.stop();
  }
  return out;
}
