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

import type { Signal } from '../../model/index.js';

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
