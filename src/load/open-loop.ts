// The open model: requests start on the arrival schedule whether or not earlier ones finished.
// A due request that finds every in-flight slot taken waits in a short queue (its latency keeps
// counting from the intended start); when the queue is full too, the schedule is dropped and
// counted, never hidden.

import { nowEpochMs, sleepMs } from '../clock.js';
import type { LatencyHistogram } from '../stats/latency-histogram.js';
import type { ArrivalSchedule } from './arrival-schedule.js';
import type { RequestPipeline } from './request-pipeline.js';
import { RingQueue } from './ring-queue.js';
import type { LoadCounters } from './worker-protocol.js';

export interface OpenLoopOptions {
  schedule: ArrivalSchedule;
  pipeline: RequestPipeline;
  planStartEpochMs: number;
  measureStartEpochMs: number;
  maxInFlight: number;
  batchSize: number;
  counters: LoadCounters;
  /**
   * How late the loop got to each schedule (ms): the generator's own lag. Time a schedule then
   * waits in the queue for an in-flight slot is the target's doing and is not counted here (the
   * request's latency, measured from its intended start, still holds it).
   */
  scheduleLag: LatencyHistogram;
  /** Checked between schedules; true stops scheduling. */
  shouldStop: () => boolean;
}

export async function runOpenLoop(o: OpenLoopOptions): Promise<void> {
  const queue = new RingQueue(o.maxInFlight);
  const pipeline = o.pipeline;
  const startQueued = (): void => {
    while (queue.length > 0 && pipeline.inFlight < o.maxInFlight && !o.shouldStop()) {
      launch(queue.shift());
    }
  };
  const launch = (intendedEpochMs: number): void => {
    pipeline.execute(intendedEpochMs).then(startQueued, startQueued);
  };

  const schedule = o.schedule;
  let due = schedule.nextDueMs;
  while (Number.isFinite(due) && !o.shouldStop()) {
    const nowPlanMs = nowEpochMs() - o.planStartEpochMs;
    while (due <= nowPlanMs) {
      const intendedEpochMs = o.planStartEpochMs + due;
      const measured = intendedEpochMs >= o.measureStartEpochMs;
      if (measured) {
        o.counters.schedules++;
        o.scheduleLag.recordMs(nowEpochMs() - intendedEpochMs);
      }
      if (pipeline.inFlight < o.maxInFlight && queue.length === 0) {
        launch(intendedEpochMs);
      } else if (!queue.push(intendedEpochMs) && measured) {
        o.counters.droppedSchedules++;
        o.counters.droppedItems += o.batchSize;
      }
      due = schedule.advance();
    }
    if (!Number.isFinite(due)) break;
    await sleepMs(due - (nowEpochMs() - o.planStartEpochMs));
  }
  // Schedules still queued when the plan ends or stops could not start in time: dropped.
  while (queue.length > 0) {
    if (queue.shift() >= o.measureStartEpochMs) {
      o.counters.droppedSchedules++;
      o.counters.droppedItems += o.batchSize;
    }
  }
}
