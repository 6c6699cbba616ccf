// Counts spans / data points / log records in an OTLP export request without decoding it: one
// pass over the protobuf wire format that descends only into the fields on the path to the
// items and skips everything else. This bounds the harness ceiling, so it allocates nothing.
//
// Paths (field numbers from opentelemetry-proto collector/*/v1 and */v1/*.proto):
//   traces:  ExportTraceServiceRequest.resource_spans=1 > ResourceSpans.scope_spans=2 > ScopeSpans.spans=2
//   logs:    ExportLogsServiceRequest.resource_logs=1 > ResourceLogs.scope_logs=2 > ScopeLogs.log_records=2
//   metrics: ExportMetricsServiceRequest.resource_metrics=1 > ResourceMetrics.scope_metrics=2
//            > ScopeMetrics.metrics=2 > Metric.{gauge=5|sum=7|histogram=9|exponential_histogram=10|summary=11}
//            > *.data_points=1
//
// The timed variant also reads each Resource* message's send-time stamp (model/sent-time.ts):
//   Resource* .resource=1 > Resource.attributes=1 > KeyValue{key=1, value=2 > AnyValue.int_value=3}

import { SENT_TIME_ATTRIBUTE, type Signal } from '../../model/index.js';
import type { LatencyHistogram } from '../../stats/latency-histogram.js';

/** One bit per field number (all < 32) to follow at each depth; the last depth is counted. */
const TRACE_PATH: readonly number[] = [1 << 1, 1 << 2, 1 << 2];
const LOG_PATH: readonly number[] = [1 << 1, 1 << 2, 1 << 2];
const METRIC_PATH: readonly number[] = [
  1 << 1,
  1 << 2,
  1 << 2,
  (1 << 5) | (1 << 7) | (1 << 9) | (1 << 10) | (1 << 11),
  1 << 1,
];

const PATHS: Readonly<Record<Signal, readonly number[]>> = {
  traces: TRACE_PATH,
  metrics: METRIC_PATH,
  logs: LOG_PATH,
};

const WIRE_VARINT = 0;
const WIRE_FIXED64 = 1;
const WIRE_LEN = 2;
const WIRE_FIXED32 = 5;
const MALFORMED = -1;

// Scanner state lives in module scope so reading a varint returns a number, not an object.
let bytes: Uint8Array = new Uint8Array(0);
let pos = 0;

/** Items in the request, or -1 when the bytes are not a well-formed protobuf message. */
export function countOtlpProtoItems(signal: Signal, body: Uint8Array): number {
  return countProtoPath(PATHS[signal], body);
}

/**
 * Occurrences of the last field on `path` (one bit per field number below 32 to descend into at
 * each depth), or -1 when the bytes are not well-formed protobuf: the scan behind every count.
 */
export function countProtoPath(path: readonly number[], body: Uint8Array): number {
  bytes = body;
  pos = 0;
  const count = countLevel(path, 0, body.length);
  bytes = EMPTY;
  return count;
}

const EMPTY = new Uint8Array(0);

/** The stamp's key as UTF-8 (ASCII), compared byte by byte against each resource attribute key. */
const STAMP_KEY = new TextEncoder().encode(SENT_TIME_ATTRIBUTE);
const NO_STAMP = -1;

/**
 * countOtlpProtoItems that also reads each resource's send-time stamp and records
 * `receivedUnixUs - stamp` (µs) into `addedLatency`, once per resource with a weight of its items.
 * Resources without a stamp (or with one it cannot read) are only counted: a stamp never decides
 * whether a body is well formed, so the verdict is always countOtlpProtoItems'.
 */
export function countOtlpProtoItemsTimed(
  signal: Signal,
  body: Uint8Array,
  receivedUnixUs: number,
  addedLatency: LatencyHistogram,
): number {
  bytes = body;
  pos = 0;
  const count = countRequest(PATHS[signal], body.length, receivedUnixUs, addedLatency);
  bytes = EMPTY;
  return count;
}

/** The request level: each resource_* field (1) is counted and its stamp read. */
function countRequest(
  path: readonly number[],
  end: number,
  receivedUnixUs: number,
  addedLatency: LatencyHistogram,
): number {
  let count = 0;
  while (pos < end) {
    const tag = readVarint(end);
    if (tag < 0) return MALFORMED;
    const fieldNumber = tag >>> 3;
    const wireType = tag & 7;
    if (fieldNumber === 0) return MALFORMED;
    if (wireType === WIRE_LEN) {
      const length = readVarint(end);
      if (length < 0 || pos + length > end) return MALFORMED;
      const fieldEnd = pos + length;
      if (fieldNumber === 1) {
        const items = countResource(path, fieldEnd);
        if (items < 0) return MALFORMED;
        count += items;
        if (resourceStampUs !== NO_STAMP && items > 0) {
          addedLatency.recordUsCount(receivedUnixUs - resourceStampUs, items);
        }
      }
      pos = fieldEnd;
    } else if (!skipScalar(wireType, end)) {
      return MALFORMED;
    }
  }
  return pos === end ? count : MALFORMED;
}

// The stamp of the resource countResource last scanned, NO_STAMP when it had none.
let resourceStampUs = NO_STAMP;

/** Items of one Resource* message (path depth 1 onwards); leaves its stamp in resourceStampUs. */
function countResource(path: readonly number[], end: number): number {
  resourceStampUs = NO_STAMP;
  const followMask = path[1];
  let count = 0;
  while (pos < end) {
    const tag = readVarint(end);
    if (tag < 0) return MALFORMED;
    const fieldNumber = tag >>> 3;
    const wireType = tag & 7;
    if (fieldNumber === 0) return MALFORMED;
    if (wireType === WIRE_LEN) {
      const length = readVarint(end);
      if (length < 0 || pos + length > end) return MALFORMED;
      const fieldEnd = pos + length;
      if (fieldNumber === 1) {
        const stamp = readResourceStamp(fieldEnd);
        if (stamp !== NO_STAMP) resourceStampUs = stamp;
      } else if (fieldNumber < 32 && (followMask & (1 << fieldNumber)) !== 0) {
        const inner = countLevel(path, 2, fieldEnd);
        if (inner < 0) return MALFORMED;
        count += inner;
      }
      pos = fieldEnd;
    } else if (!skipScalar(wireType, end)) {
      return MALFORMED;
    }
  }
  return pos === end ? count : MALFORMED;
}

/** The stamp among a Resource's attributes (pos at its content), or NO_STAMP; never fails the body. */
function readResourceStamp(end: number): number {
  let stamp = NO_STAMP;
  while (pos < end) {
    const tag = readVarint(end);
    if (tag < 0) return NO_STAMP;
    const wireType = tag & 7;
    if (wireType === WIRE_LEN) {
      const length = readVarint(end);
      if (length < 0 || pos + length > end) return NO_STAMP;
      const fieldEnd = pos + length;
      if (tag >>> 3 === 1) {
        const value = readStampKeyValue(fieldEnd);
        if (value !== NO_STAMP) stamp = value;
      }
      pos = fieldEnd;
    } else if (!skipScalar(wireType, end)) {
      return NO_STAMP;
    }
  }
  return stamp;
}

/** A KeyValue's int value when its key is the stamp's, else NO_STAMP. */
function readStampKeyValue(end: number): number {
  let keyMatches = false;
  let value = NO_STAMP;
  while (pos < end) {
    const tag = readVarint(end);
    if (tag < 0) return NO_STAMP;
    const fieldNumber = tag >>> 3;
    const wireType = tag & 7;
    if (wireType === WIRE_LEN) {
      const length = readVarint(end);
      if (length < 0 || pos + length > end) return NO_STAMP;
      const fieldEnd = pos + length;
      if (fieldNumber === 1) {
        // Most keys differ in length, so this rarely compares a byte.
        keyMatches = length === STAMP_KEY.length && sameBytes(STAMP_KEY, pos);
        if (!keyMatches) return NO_STAMP;
      } else if (fieldNumber === 2) {
        value = readAnyValueInt(fieldEnd);
      }
      pos = fieldEnd;
    } else if (!skipScalar(wireType, end)) {
      return NO_STAMP;
    }
  }
  return keyMatches ? value : NO_STAMP;
}

/** AnyValue.int_value (field 3, varint) when non-negative, else NO_STAMP. */
function readAnyValueInt(end: number): number {
  while (pos < end) {
    const tag = readVarint(end);
    if (tag < 0) return NO_STAMP;
    const wireType = tag & 7;
    if (tag >>> 3 === 3 && wireType === WIRE_VARINT) {
      const value = readVarint(end);
      // A negative int64 is ten bytes and reads as a huge number: no epoch time of ours.
      return value >= 0 && value <= Number.MAX_SAFE_INTEGER ? value : NO_STAMP;
    }
    if (wireType === WIRE_LEN) {
      const length = readVarint(end);
      if (length < 0 || pos + length > end) return NO_STAMP;
      pos += length;
    } else if (!skipScalar(wireType, end)) {
      return NO_STAMP;
    }
  }
  return NO_STAMP;
}

function sameBytes(expected: Uint8Array, at: number): boolean {
  for (let i = 0; i < expected.length; i++) if (bytes[at + i] !== expected[i]) return false;
  return true;
}

/** Skips a varint or fixed-width value; false for a wire type protobuf does not have here. */
function skipScalar(wireType: number, end: number): boolean {
  if (wireType === WIRE_VARINT) return readVarint(end) >= 0;
  if (wireType === WIRE_FIXED64) pos += 8;
  else if (wireType === WIRE_FIXED32) pos += 4;
  else return false;
  return true;
}

function countLevel(path: readonly number[], depth: number, end: number): number {
  const followMask = path[depth];
  const isLast = depth === path.length - 1;
  let count = 0;
  while (pos < end) {
    const tag = readVarint(end);
    if (tag < 0) return MALFORMED;
    const fieldNumber = tag >>> 3;
    const wireType = tag & 7;
    if (fieldNumber === 0) return MALFORMED;
    if (wireType === WIRE_LEN) {
      const length = readVarint(end);
      if (length < 0 || pos + length > end) return MALFORMED;
      const fieldEnd = pos + length;
      if (fieldNumber < 32 && (followMask & (1 << fieldNumber)) !== 0) {
        if (isLast) count++;
        else {
          const inner = countLevel(path, depth + 1, fieldEnd);
          if (inner < 0) return MALFORMED;
          count += inner;
        }
      }
      pos = fieldEnd;
    } else if (wireType === WIRE_VARINT) {
      if (readVarint(end) < 0) return MALFORMED;
    } else if (wireType === WIRE_FIXED64) {
      pos += 8;
    } else if (wireType === WIRE_FIXED32) {
      pos += 4;
    } else {
      return MALFORMED;
    }
  }
  // A fixed-width field that ran past its message end leaves pos > end.
  return pos === end ? count : MALFORMED;
}

/**
 * Reads a varint at pos. Tags and lengths fit in 32 bits in practice; values up to 2^53 are
 * accepted (as when skipping int64 fields) and only negative results signal malformed input.
 */
function readVarint(end: number): number {
  let result = 0;
  let shift = 0;
  while (pos < end) {
    const byte = bytes[pos++];
    if (shift < 28) result |= (byte & 0x7f) << shift;
    else if (shift < 70) result += (byte & 0x7f) * 2 ** shift;
    else return MALFORMED;
    if (byte < 0x80) return shift < 28 ? result >>> 0 : result;
    shift += 7;
  }
  return MALFORMED;
}
