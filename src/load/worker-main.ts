// The body of one load worker: builds its generator, encoder and sender from the scenario, runs
// the open or closed loop over its share of the plan, and reports progress and final counters.

import { nowEpochMs } from '../clock.js';
import { getEncoder } from '../encoders/index.js';
import { TraceIdWriter } from '../generators/ids.js';
import { createGenerator } from '../generators/index.js';
import type { Signal } from '../model/index.js';
import type { TimeseriesPoint } from '../model/run-result.js';
import type { RateSegment } from '../model/scenario.js';
import type { TraceShape } from '../model/shapes.js';
import { LatencyHistogram } from '../stats/latency-histogram.js';
import { PerSecondSeries } from '../stats/rate-window.js';
import { ArrivalSchedule } from './arrival-schedule.js';
import { runClosedLoop } from './closed-loop.js';
import { runOpenLoop } from './open-loop.js';
import { RequestPipeline } from './request-pipeline.js';
import { bodyCompressionOf, createSender, wireFormatOf } from './sender-factory.js';
import { TemplateReplay, templatePoolItemsFor, templatesSupported } from './template-replay.js';
import { TraceSampler, traceSamplePlan } from './trace-sampler.js';
import {
  emptyCounters,
  type ProgressSnapshot,
  type WorkerConfig,
  type WorkerFinal,
} from './worker-protocol.js';

const BAIL_OUT_WINDOW_S = 5;
const BAIL_OUT_MIN_REQUESTS = 10;
/** After abort(), how long aborted requests get to come back and be counted. */
const ABORT_SETTLE_MS = 2000;
const UNANSWERED = (timeoutMs: number): string =>
  `no answer within load.requestTimeout (${timeoutMs / 1000} s) after the load ended or stopped`;

export interface WorkerHooks {
  onProgress(snapshot: ProgressSnapshot): void;
}

/** The worker's share of the plan (1 of `sliceCount`), with a warmup at the plan's starting rate in front. */
function workerSegments(
  segments: readonly RateSegment[],
  warmupS: number,
  sliceCount: number,
): RateSegment[] {
  const share = (s: RateSegment): RateSegment => ({
    durationS: s.durationS,
    fromRatePerS: s.fromRatePerS / sliceCount,
    toRatePerS: s.toRatePerS / sliceCount,
  });
  const out = segments.map(share);
  if (warmupS > 0 && out.length > 0) {
    const firstRate = Math.max(out[0].fromRatePerS, out[0].toRatePerS * 0.1);
    out.unshift({ durationS: warmupS, fromRatePerS: firstRate, toRatePerS: firstRate });
  }
  return out;
}

export class LoadWorker {
  private stopReason = '';
  private readonly config: WorkerConfig;
  /**
   * Requests still unanswered one request timeout after the plan ends (or after a stop) are
   * aborted then: a blackholed endpoint must not hold the run. Armed by run().
   */
  private abortTimer: NodeJS.Timeout | null = null;
  private abortAtEpochMs = Number.POSITIVE_INFINITY;
  private abortInFlight: (() => void) | null = null;

  constructor(config: WorkerConfig) {
    this.config = config;
  }

  stop(reason: string): void {
    if (!this.stopReason) this.stopReason = reason;
    this.armAbort(nowEpochMs() + this.config.scenario.load.requestTimeoutMs);
  }

  /** Aborts what is in flight at `epochMs`, unless an earlier abort is already armed. */
  private armAbort(epochMs: number): void {
    if (epochMs >= this.abortAtEpochMs || this.abortInFlight === null) return;
    this.abortAtEpochMs = epochMs;
    if (this.abortTimer) clearTimeout(this.abortTimer);
    this.abortTimer = setTimeout(this.abortInFlight, Math.max(0, epochMs - nowEpochMs()));
  }

  async run(hooks: WorkerHooks): Promise<WorkerFinal> {
    const { scenario, workerIndex, slice, planStartEpochMs } = this.config;
    const load = scenario.load;
    const measureStartEpochMs = planStartEpochMs + load.warmupS * 1000;
    const planEndEpochMs = measureStartEpochMs + load.durationS * 1000;
    const signal: Signal = scenario.signal;
    const generator = createGenerator(signal, scenario.shape, {
      seed: scenario.seed,
      workerIndex: slice.index,
      workerCount: slice.count,
      startTimeUnixUs: this.config.startTimeUnixUs,
      runNonce: this.config.runNonce,
    });
    const encoder = getEncoder(signal, wireFormatOf(scenario));
    const poolItems = templatePoolItemsFor(signal, load);
    const templates =
      poolItems > 0 && !scenario.route.stampSendTime && templatesSupported(signal, encoder)
        ? new TemplateReplay(generator, encoder, {
            batchSize: load.batchSize,
            poolItems,
            templateNowUs: this.config.startTimeUnixUs,
            traceIds:
              signal === 'traces'
                ? new TraceIdWriter(scenario.seed, this.config.runNonce, slice.index)
                : null,
          })
        : null;
    const samplePlan = this.config.sampleTraces ? traceSamplePlan(scenario, slice.count) : null;
    const traceSampler =
      samplePlan === null
        ? null
        : new TraceSampler(
            samplePlan,
            scenario.seed,
            slice.index,
            (scenario.shape as TraceShape).spansPerTrace,
            encoder,
          );
    const sender = createSender(scenario, this.config.endpoint, planEndEpochMs);
    const counters = emptyCounters();
    const latency = new LatencyHistogram();
    const serviceTime = new LatencyHistogram();
    const scheduleLag = new LatencyHistogram();
    const perSecond = new PerSecondSeries();
    const errors = new Map<string, number>();
    const pipeline = new RequestPipeline(
      {
        generator,
        encoder,
        compression: bodyCompressionOf(scenario),
        sender,
        batchSize: load.batchSize,
        stampSendTime: scenario.route.stampSendTime,
        templates,
        traceSampler,
      },
      { counters, latency, serviceTime, perSecond, errors },
      measureStartEpochMs,
    );

    const progressTimer = setInterval(() => {
      const now = nowEpochMs();
      // The last few seconds that have ended (the current one is still filling).
      const closedS = Math.max(0, Math.floor((now - measureStartEpochMs) / 1000));
      const closed = perSecond.points(closedS - BAIL_OUT_WINDOW_S, closedS);
      if (closed.length >= BAIL_OUT_WINDOW_S) this.checkBailOut(closed, load.bailOutErrorRate);
      hooks.onProgress({
        workerIndex,
        elapsedS: (now - planStartEpochMs) / 1000,
        phase: now < measureStartEpochMs ? 'warmup' : 'run',
        counters: { ...counters },
        inFlight: pipeline.inFlight,
        lastSecondP99Ms: closed.length > 0 ? closed[closed.length - 1].latencyP99Ms : 0,
      });
    }, 1000);
    const shouldStop = (): boolean => this.stopReason !== '';
    const timeoutMs = load.requestTimeoutMs;
    this.abortInFlight = () => {
      const abortedRequests = pipeline.inFlight;
      if (abortedRequests === 0) return;
      sender.abort(`aborted: ${UNANSWERED(timeoutMs)}`);
      this.stop(`${abortedRequests} request(s) aborted, counted as failed: ${UNANSWERED(timeoutMs)}`);
    };
    this.armAbort(planEndEpochMs + timeoutMs);

    try {
      if (load.executor === 'max-throughput') {
        await waitUntil(measureStartEpochMs - load.warmupS * 1000);
        await runClosedLoop({
          pipeline,
          concurrency: load.concurrency,
          endEpochMs: planEndEpochMs,
          shouldStop,
        });
      } else {
        const segments = workerSegments(load.segments, load.warmupS, slice.count);
        // Workers (and shards) start at different phases so their requests interleave instead of bunching.
        const phaseItems = (load.batchSize * slice.index) / slice.count;
        const schedule = new ArrivalSchedule(segments, load.batchSize, phaseItems);
        await runOpenLoop({
          schedule,
          pipeline,
          planStartEpochMs,
          measureStartEpochMs,
          maxInFlight: load.maxInFlight,
          batchSize: load.batchSize,
          counters,
          scheduleLag,
          shouldStop,
        });
      }
      // In-flight requests finish, or are aborted when the armed deadline passes.
      await drain(pipeline, this.abortAtEpochMs + ABORT_SETTLE_MS);
    } finally {
      clearInterval(progressTimer);
      if (this.abortTimer) clearTimeout(this.abortTimer);
      // Stragglers started after the abort (a loop lagging past the plan): closing must not wait for them.
      if (pipeline.inFlight > 0) this.abortInFlight?.();
      this.abortInFlight = null;
      await drain(pipeline, nowEpochMs() + ABORT_SETTLE_MS);
      await sender.close();
    }
    const endEpochMs = Math.min(nowEpochMs(), planEndEpochMs);
    return {
      workerIndex,
      counters,
      latencyHdr: latency.toBase64(),
      serviceTimeHdr: serviceTime.toBase64(),
      scheduleLagHdr: scheduleLag.toBase64(),
      timeseries: perSecond.points(),
      errors: [...errors].map(([message, count]) => ({ message, count })),
      stopReason: this.stopReason,
      sampledTraces: traceSampler?.kept ?? [],
      // A plan that ran to its end measured its whole duration, even if its last request was due
      // (and answered) a little before the end; a stopped one measured until it stopped.
      measuredDurationS: this.stopReason
        ? Math.max(0, (endEpochMs - measureStartEpochMs) / 1000)
        : load.durationS,
    };
  }

  private checkBailOut(window: TimeseriesPoint[], maxErrorRate: number): void {
    if (maxErrorRate >= 1) return;
    let sent = 0;
    let failed = 0;
    for (const point of window) {
      sent += point.sentPerS;
      failed += point.failedPerS;
    }
    const batches = sent / this.config.scenario.load.batchSize;
    if (batches >= BAIL_OUT_MIN_REQUESTS && failed / sent > maxErrorRate) {
      this.stop(
        `bail-out: ${((100 * failed) / sent).toFixed(1)}% of items failed over the last ${BAIL_OUT_WINDOW_S} s ` +
          `(load.bailOutErrorRate is ${maxErrorRate})`,
      );
    }
  }
}

async function waitUntil(epochMs: number): Promise<void> {
  const ms = epochMs - nowEpochMs();
  if (ms > 0) await new Promise((resolve) => setTimeout(resolve, ms));
}

/** Wait for in-flight requests to finish, at most until `deadlineEpochMs`. */
async function drain(pipeline: RequestPipeline, deadlineEpochMs: number): Promise<void> {
  while (pipeline.inFlight > 0 && nowEpochMs() < deadlineEpochMs) {
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}
