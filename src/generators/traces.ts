// The span generator: plans one trace at a time over the service topology and emits its spans
// into the reused TraceBatch, grouped by service (resource). A batch may end mid-trace; the next
// batch continues it, so a trace's spans always share one trace ID.

import { type ResourceSpansRecord, type SpanCapacity, SpanRecord, TraceBatch } from '../model/index.js';
import type { TraceShape } from '../model/shapes.js';
import { ExtraAttributes } from './extra-attributes.js';
import type { Generator, GeneratorContext } from './generator.js';
import { TraceIdWriter } from './ids.js';
import { Rng } from './random.js';
import { EVENT_ATTRIBUTES, LINK_ATTRIBUTES, MAX_CONVENTION_ATTRIBUTES, SpanFiller } from './span-filler.js';
import { TracePlan } from './trace-plan.js';
import { buildTopology, entryServiceCount, type ServiceNode } from './trace-topology.js';
import { validateContext, validateTraceShape } from './validate.js';

/** RNG stream ids: what all workers share vs. what each worker draws on its own. */
const STREAM_SHARED = 1;
const STREAM_INSTANCE = 2;
const STREAM_SPANS = 3;
const TWO_POW_48 = 2 ** 48;

class TraceGenerator implements Generator<'traces'> {
  readonly signal = 'traces' as const;
  itemsGenerated = 0;
  private readonly shape: TraceShape;
  private readonly batch = new TraceBatch();
  private readonly services: ServiceNode[];
  private readonly entryCount: number;
  private readonly plan: TracePlan;
  private readonly filler: SpanFiller;
  private readonly ids: TraceIdWriter;
  private readonly rng: Rng;
  private readonly spanCapacity: SpanCapacity;
  private readonly traceId = new Uint8Array(16);
  private readonly previousTraceId = new Uint8Array(16);
  private readonly previousRootSpanId = new Uint8Array(8);
  private hasPrevious = false;
  private traceCounter = 0;
  /** From 1: with a counter never 0, no span ID is all zeros. */
  private spanCounter = 1;
  /** Next span of the plan to emit; at plan.size a new trace starts. */
  private cursor: number;
  /** Per service: the batch number it was last added to the batch in (no per-batch reset needed). */
  private readonly serviceStamp: Int32Array;
  private batchNumber = 0;

  constructor(shape: TraceShape, ctx: GeneratorContext) {
    validateContext(ctx);
    validateTraceShape(shape);
    this.shape = { ...shape };
    const root = new Rng(ctx.seed);
    const shared = root.fork(STREAM_SHARED);
    const local = root.fork(STREAM_INSTANCE * 65536 + ctx.workerIndex);
    this.rng = root.fork(STREAM_SPANS * 65536 + ctx.workerIndex);
    this.services = buildTopology(this.shape, ctx, shared, local);
    this.entryCount = entryServiceCount(shape.services);
    const extra = new ExtraAttributes(
      shape.extraAttributes,
      shape.extraAttributeCardinality,
      shape.extraAttributeValueLength,
      shared,
    );
    this.filler = new SpanFiller(this.shape, this.services, this.entryCount, extra, shared);
    this.plan = new TracePlan(shape.spansPerTrace, ctx.workerIndex);
    this.cursor = this.plan.capacity;
    this.ids = new TraceIdWriter(ctx.seed, ctx.runNonce ?? ctx.startTimeUnixUs, ctx.workerIndex);
    this.serviceStamp = new Int32Array(shape.services);
    this.spanCapacity = {
      attributes: MAX_CONVENTION_ATTRIBUTES + shape.extraAttributes,
      events: SpanFiller.eventCapacity(shape),
      eventAttributes: EVENT_ATTRIBUTES,
      links: 1,
      linkAttributes: LINK_ATTRIBUTES,
    };
  }

  next(itemCount: number, nowUnixUs: number): TraceBatch {
    const batch = this.batch;
    const plan = this.plan;
    const rng = this.rng;
    const filler = this.filler;
    this.batchNumber++;
    batch.resourceCount = 0;
    for (let n = 0; n < itemCount; n++) {
      if (this.cursor >= plan.size) this.startTrace(nowUnixUs);
      const i = this.cursor++;
      const record = this.recordFor(plan.service[i]);
      if (record.spanCount === record.spans.length) record.spans.push(new SpanRecord(this.spanCapacity));
      const span = record.spans[record.spanCount++];
      copyId16(span.traceId, this.traceId);
      copyId8(span.spanId, plan.spanIds, i * 8);
      const parent = plan.parent[i];
      if (parent >= 0) {
        copyId8(span.parentSpanId, plan.spanIds, parent * 8);
        span.hasParent = true;
      } else {
        copyId8(span.parentSpanId, ZERO_ID, 0);
        span.hasParent = false;
      }
      filler.fill(span, plan, i, rng);
      if (this.hasPrevious) filler.maybeLink(span, this.previousTraceId, this.previousRootSpanId, 0, rng);
    }
    batch.itemCount = itemCount;
    this.itemsGenerated += itemCount;
    return batch;
  }

  private startTrace(nowUnixUs: number): void {
    if (this.traceCounter > 0) {
      copyId16(this.previousTraceId, this.traceId);
      copyId8(this.previousRootSpanId, this.plan.spanIds, 0);
      this.hasPrevious = true;
    }
    this.ids.write(this.traceId, this.traceCounter % TWO_POW_48, this.rng.nextUint32());
    this.traceCounter++;
    this.plan.plan(this.shape, this.services, this.entryCount, nowUnixUs, this.spanCounter, this.rng);
    this.spanCounter = (this.spanCounter + this.plan.size) >>> 0;
    this.cursor = 0;
  }

  private recordFor(service: number): ResourceSpansRecord {
    const record = this.services[service].record;
    if (this.serviceStamp[service] !== this.batchNumber) {
      this.serviceStamp[service] = this.batchNumber;
      record.spanCount = 0;
      this.batch.resources[this.batch.resourceCount++] = record;
    }
    return record;
  }
}

const ZERO_ID = new Uint8Array(8);

// Unrolled: a byte loop over small typed arrays costs ~2 ns per byte on cold span records (bounds
// check and element-base reload per iteration); straight-line copies are ~2.5x faster.
function copyId16(to: Uint8Array, from: Uint8Array): void {
  to[0] = from[0];
  to[1] = from[1];
  to[2] = from[2];
  to[3] = from[3];
  to[4] = from[4];
  to[5] = from[5];
  to[6] = from[6];
  to[7] = from[7];
  to[8] = from[8];
  to[9] = from[9];
  to[10] = from[10];
  to[11] = from[11];
  to[12] = from[12];
  to[13] = from[13];
  to[14] = from[14];
  to[15] = from[15];
}

function copyId8(to: Uint8Array, from: Uint8Array, fromOffset: number): void {
  to[0] = from[fromOffset];
  to[1] = from[fromOffset + 1];
  to[2] = from[fromOffset + 2];
  to[3] = from[fromOffset + 3];
  to[4] = from[fromOffset + 4];
  to[5] = from[fromOffset + 5];
  to[6] = from[fromOffset + 6];
  to[7] = from[fromOffset + 7];
}

export function createTraceGenerator(shape: TraceShape, ctx: GeneratorContext): Generator<'traces'> {
  return new TraceGenerator(shape, ctx);
}
