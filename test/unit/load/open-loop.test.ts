// The open loop behind a slow target: schedules that wait for an in-flight slot, or are dropped,
// are the target's doing; the schedule lag (the generator's own lateness) must not take them in,
// or a slow backend reads as a harness that could not keep up.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { nowEpochMs } from '../../../src/clock.js';
import { ArrivalSchedule } from '../../../src/load/arrival-schedule.js';
import { runOpenLoop } from '../../../src/load/open-loop.js';
import type { RequestPipeline } from '../../../src/load/request-pipeline.js';
import { emptyCounters } from '../../../src/load/worker-protocol.js';
import { LatencyHistogram } from '../../../src/stats/latency-histogram.js';

test('requests that queue behind a slow target do not count as schedule lag', async () => {
  const answerMs = 300;
  const slow = {
    inFlight: 0,
    async execute(): Promise<void> {
      slow.inFlight++;
      await new Promise((resolve) => setTimeout(resolve, answerMs));
      slow.inFlight--;
    },
  };
  const counters = emptyCounters();
  const scheduleLag = new LatencyHistogram();
  const planStartEpochMs = nowEpochMs() + 20;
  await runOpenLoop({
    // 100 requests/s for 1 s; at most 2 in flight, each answered after 300 ms.
    schedule: new ArrivalSchedule([{ durationS: 1, fromRatePerS: 1000, toRatePerS: 1000 }], 10),
    pipeline: slow as unknown as RequestPipeline,
    planStartEpochMs,
    measureStartEpochMs: planStartEpochMs,
    maxInFlight: 2,
    batchSize: 10,
    counters,
    scheduleLag,
    shouldStop: () => false,
  });
  await new Promise((resolve) => setTimeout(resolve, answerMs * 3));
  assert.equal(counters.schedules, 100);
  assert.ok(counters.droppedSchedules > 80, `most schedules found no slot: ${counters.droppedSchedules}`);
  const lag = scheduleLag.summary();
  assert.equal(lag.count, 100, 'every measured schedule has its lag recorded once');
  assert.ok(lag.p99 < answerMs / 2, `the generator kept time: p99 lag ${lag.p99} ms`);
});
