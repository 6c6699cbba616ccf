// In-memory log batch, shaped like OTLP (resource -> scope -> log records), reused between batches.
// A resource is one log stream (its attributes are the stream labels). Times in integer microseconds.

import { AttributeList } from './attributes.js';
import { SENT_TIME_SLOTS } from './sent-time.js';

export class LogRecordRecord {
  timeUnixUs = 0;
  observedTimeUnixUs = 0;
  /** OTLP SeverityNumber 1..24. */
  severityNumber = 9;
  severityText = 'INFO';
  body = '';
  readonly attributes: AttributeList;
  hasTraceContext = false;
  readonly traceId = new Uint8Array(16);
  readonly spanId = new Uint8Array(8);
  flags = 0;

  constructor(attributeCapacity: number) {
    this.attributes = new AttributeList(attributeCapacity);
  }
}

export class ResourceLogsRecord {
  readonly resource: AttributeList;
  scopeName = '';
  scopeVersion = '';
  recordCount = 0;
  readonly records: LogRecordRecord[] = [];

  constructor(resourceAttributeCapacity: number) {
    // One slot more for the send-time stamp, which the load pipeline may set before encoding.
    this.resource = new AttributeList(resourceAttributeCapacity + SENT_TIME_SLOTS);
  }
}

export class LogBatch {
  readonly signal = 'logs' as const;
  resourceCount = 0;
  readonly resources: ResourceLogsRecord[] = [];
  /** Log records in the batch. */
  itemCount = 0;
}
