// The closed model (max-throughput): `concurrency` loops, each sending its next request as soon
// as the previous one finished. Latency equals service time here by construction.

import { nowEpochMs } from '../clock.js';
import type { RequestPipeline } from './request-pipeline.js';

export interface ClosedLoopOptions {
  pipeline: RequestPipeline;
  concurrency: number;
  endEpochMs: number;
  shouldStop: () => boolean;
}

export async function runClosedLoop(o: ClosedLoopOptions): Promise<void> {
  const loop = async (): Promise<void> => {
    while (!o.shouldStop()) {
      const now = nowEpochMs();
      if (now >= o.endEpochMs) return;
      await o.pipeline.execute(now);
    }
  };
  await Promise.all(Array.from({ length: o.concurrency }, loop));
}
