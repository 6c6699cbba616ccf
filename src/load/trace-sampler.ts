// The run's trace sample, taken by each worker: a seeded choice of its requests, each scanned for
// the traces it holds whole, kept once the target acknowledged the request. The read path then
// fetches every kept trace by ID and checks its span count (probes/read/trace-sample-check.ts).
//
// Whole means every span of the trace is in that request: a trace has exactly spansPerTrace spans
// (generators/trace-plan.ts), so a trace with fewer in the request was cut by a batch boundary and
// is left out. One request in `everyRequests` is scanned (a protobuf walk and a map per request):
// the others pay one hash of their number.

import type { Encoder } from '../encoders/encoder.js';
import { spansByTraceInRequest } from '../encoders/request-trace-spans.js';
import { hashNumber } from '../generators/random.js';
import type { Signal } from '../model/index.js';
import type { Scenario } from '../model/scenario.js';
import type { TraceShape } from '../model/shapes.js';
import type { SampledTrace } from '../model/trace-sample.js';

/** One trace in this many, but at least MIN_SAMPLE (or every trace of a smaller run). */
const SAMPLE_ONE_IN = 100;
const MIN_SAMPLE = 500;
/**
 * The most traces a run fetches back: bounds the read path's time (Jaeger's trace-by-ID p50 was
 * 3-4 ms here, so 2,000 at 4 in flight take a few seconds).
 */
export const MAX_SAMPLE = 2000;

export interface TraceSamplePlan {
  /** Scan one request in this many (by a seeded hash of its number). */
  everyRequests: number;
  /** Traces a worker keeps at most. */
  maxTracesPerWorker: number;
}

/**
 * The sample plan of one worker of `sliceCount`, or null when no trace fits whole in a request
 * (spansPerTrace above half the batch) or the signal is not traces.
 */
export function traceSamplePlan(scenario: Scenario, sliceCount: number): TraceSamplePlan | null {
  if (scenario.signal !== 'traces') return null;
  const spansPerTrace = (scenario.shape as TraceShape).spansPerTrace;
  const load = scenario.load;
  const wholePerRequest = Math.floor(load.batchSize / spansPerTrace) - 1;
  if (wholePerRequest < 1) return null;
  const maxTracesPerWorker = Math.ceil(MAX_SAMPLE / sliceCount);
  let items = 0;
  for (const s of load.segments) items += ((s.fromRatePerS + s.toRatePerS) / 2) * s.durationS;
  if (load.segments.length > 0) items += load.segments[0].fromRatePerS * load.warmupS;
  // max-throughput has no plan to size from: one request in 100, up to the cap.
  if (items === 0) return { everyRequests: SAMPLE_ONE_IN, maxTracesPerWorker };
  const traces = items / spansPerTrace;
  const wanted = Math.min(MAX_SAMPLE, Math.max(MIN_SAMPLE, Math.ceil(traces / SAMPLE_ONE_IN)));
  const requests = items / load.batchSize;
  const everyRequests = Math.max(1, Math.floor((requests * wholePerRequest) / wanted));
  return { everyRequests, maxTracesPerWorker };
}

export class TraceSampler {
  /** Traces kept so far: whole in an acknowledged request. */
  readonly kept: SampledTrace[] = [];
  private readonly plan: TraceSamplePlan;
  private readonly salt: number;
  private readonly spansPerTrace: number;
  private readonly encoder: Encoder<Signal>;

  constructor(
    plan: TraceSamplePlan,
    seed: number,
    sliceIndex: number,
    spansPerTrace: number,
    encoder: Encoder<Signal>,
  ) {
    this.plan = plan;
    this.salt = hashNumber(sliceIndex, hashNumber(seed, 0x5a3b1e));
    this.spansPerTrace = spansPerTrace;
    this.encoder = encoder;
  }

  /** True when request number `n` of this worker is scanned (and the sample is not full). */
  picks(n: number): boolean {
    return (
      this.kept.length < this.plan.maxTracesPerWorker &&
      hashNumber(n, this.salt) % this.plan.everyRequests === 0
    );
  }

  /** The traces held whole in a request's raw (uncompressed) body. */
  scan(body: Uint8Array): SampledTrace[] {
    const whole: SampledTrace[] = [];
    for (const [traceId, spans] of spansByTraceInRequest(this.encoder.format, body))
      if (spans === this.spansPerTrace) whole.push({ traceId, spans });
    return whole;
  }

  /** Keeps what `scan` found once the target acknowledged every item of the request. */
  keep(traces: readonly SampledTrace[]): void {
    for (const trace of traces) {
      if (this.kept.length >= this.plan.maxTracesPerWorker) return;
      this.kept.push(trace);
    }
  }
}
