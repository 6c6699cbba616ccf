// In-memory trace batch, shaped like OTLP (resource -> scope -> spans) and reused between batches.
// Times are integer microseconds since the Unix epoch (exact in a double); encoders scale to ns.

import { AttributeList } from './attributes.js';
import { SENT_TIME_SLOTS } from './sent-time.js';

// 0 is SPAN_KIND_UNSPECIFIED: never generated.
export const SPAN_KIND_INTERNAL = 1;
export const SPAN_KIND_SERVER = 2;
export const SPAN_KIND_CLIENT = 3;
export const SPAN_KIND_PRODUCER = 4;
export const SPAN_KIND_CONSUMER = 5;

export const STATUS_UNSET = 0;
// 1 is STATUS_OK: never generated (a span is UNSET or ERROR).
export const STATUS_ERROR = 2;

export class SpanEventRecord {
  name = '';
  timeUnixUs = 0;
  readonly attributes: AttributeList;
  constructor(attributeCapacity: number) {
    this.attributes = new AttributeList(attributeCapacity);
  }
}

export class SpanLinkRecord {
  readonly traceId = new Uint8Array(16);
  readonly spanId = new Uint8Array(8);
  readonly attributes: AttributeList;
  constructor(attributeCapacity: number) {
    this.attributes = new AttributeList(attributeCapacity);
  }
}

export interface SpanCapacity {
  attributes: number;
  events: number;
  eventAttributes: number;
  links: number;
  linkAttributes: number;
}

export class SpanRecord {
  readonly traceId = new Uint8Array(16);
  readonly spanId = new Uint8Array(8);
  /** All zero bytes when hasParent is false. */
  readonly parentSpanId = new Uint8Array(8);
  hasParent = false;
  name = '';
  kind = SPAN_KIND_INTERNAL;
  startTimeUnixUs = 0;
  endTimeUnixUs = 0;
  statusCode = STATUS_UNSET;
  statusMessage = '';
  readonly attributes: AttributeList;
  eventCount = 0;
  readonly events: SpanEventRecord[];
  linkCount = 0;
  readonly links: SpanLinkRecord[];

  constructor(capacity: SpanCapacity) {
    this.attributes = new AttributeList(capacity.attributes);
    this.events = Array.from(
      { length: capacity.events },
      () => new SpanEventRecord(capacity.eventAttributes),
    );
    this.links = Array.from({ length: capacity.links }, () => new SpanLinkRecord(capacity.linkAttributes));
  }
}

/** One resource (a service instance) with one instrumentation scope and its spans. */
export class ResourceSpansRecord {
  readonly resource: AttributeList;
  scopeName = '';
  scopeVersion = '';
  spanCount = 0;
  readonly spans: SpanRecord[] = [];

  constructor(resourceAttributeCapacity: number) {
    // One slot more for the send-time stamp, which the load pipeline may set before encoding.
    this.resource = new AttributeList(resourceAttributeCapacity + SENT_TIME_SLOTS);
  }
}

export class TraceBatch {
  readonly signal = 'traces' as const;
  resourceCount = 0;
  readonly resources: ResourceSpansRecord[] = [];
  /** Spans in the batch (the sum of spanCount over the used resources). */
  itemCount = 0;
}
