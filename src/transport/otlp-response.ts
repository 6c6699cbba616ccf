// Reads what an OTLP server says back: partial_success from an Export*ServiceResponse
// (protobuf or JSON), the message of a google.rpc.Status error body, and gRPC RetryInfo.

import { ProtoReader, WIRE_LEN, WIRE_VARINT } from './proto-reader.js';

export interface PartialSuccess {
  /** rejected_spans / rejected_data_points / rejected_log_records. */
  rejectedItems: number;
  errorMessage: string;
}

const NO_PARTIAL_SUCCESS: PartialSuccess = { rejectedItems: 0, errorMessage: '' };

/**
 * Export{Trace,Metrics,Logs}ServiceResponse: partial_success = field 1; inside it the rejected
 * count = field 1 (int64) and error_message = field 2 (same numbers for all three signals).
 * A body we cannot read is treated as full success: the status code already said 2xx.
 */
export function parsePartialSuccessProto(body: Uint8Array): PartialSuccess {
  try {
    const response = new ProtoReader(body);
    while (response.nextField()) {
      if (response.fieldNumber !== 1 || response.wireType !== WIRE_LEN) {
        response.skipField();
        continue;
      }
      const range = response.readLengthDelimited();
      const partial = new ProtoReader(body, range.start, range.end);
      let rejectedItems = 0;
      let errorMessage = '';
      while (partial.nextField()) {
        if (partial.fieldNumber === 1 && partial.wireType === WIRE_VARINT)
          rejectedItems = partial.readVarint();
        else if (partial.fieldNumber === 2 && partial.wireType === WIRE_LEN)
          errorMessage = partial.readString();
        else partial.skipField();
      }
      return { rejectedItems, errorMessage };
    }
  } catch {
    // fall through: unreadable body
  }
  return NO_PARTIAL_SUCCESS;
}

/** JSON form: {"partialSuccess": {"rejectedSpans": "3", "errorMessage": "..."}} (int64 may be a string). */
export function parsePartialSuccessJson(body: Uint8Array): PartialSuccess {
  if (body.length === 0) return NO_PARTIAL_SUCCESS;
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(body.buffer, body.byteOffset, body.byteLength).toString('utf8'));
  } catch {
    return NO_PARTIAL_SUCCESS;
  }
  if (typeof parsed !== 'object' || parsed === null) return NO_PARTIAL_SUCCESS;
  const partial =
    (parsed as Record<string, unknown>).partialSuccess ?? (parsed as Record<string, unknown>).partial_success;
  if (typeof partial !== 'object' || partial === null) return NO_PARTIAL_SUCCESS;
  let rejectedItems = 0;
  let errorMessage = '';
  for (const [key, value] of Object.entries(partial)) {
    if (key.startsWith('rejected')) {
      const count = Number(value);
      if (Number.isFinite(count) && count > 0) rejectedItems = count;
    } else if ((key === 'errorMessage' || key === 'error_message') && typeof value === 'string') {
      errorMessage = value;
    }
  }
  return { rejectedItems, errorMessage };
}

/** google.rpc.Status.message (field 2), or null when the body is not a Status message. */
export function parseStatusMessage(body: Uint8Array): string | null {
  try {
    const status = new ProtoReader(body);
    let message: string | null = null;
    while (status.nextField()) {
      if (status.fieldNumber === 2 && status.wireType === WIRE_LEN) message = status.readString();
      else status.skipField();
    }
    return message;
  } catch {
    return null;
  }
}

const RETRY_INFO_TYPE_URL = 'type.googleapis.com/google.rpc.RetryInfo';

/**
 * From grpc-status-details-bin (a google.rpc.Status): the RetryInfo.retry_delay in ms, or null
 * when there is no RetryInfo. Status.details = field 3 (Any: type_url 1, value 2);
 * RetryInfo.retry_delay = field 1 (Duration: seconds 1, nanos 2).
 */
export function parseRetryInfoDelayMs(statusDetails: Uint8Array): number | null {
  try {
    const status = new ProtoReader(statusDetails);
    while (status.nextField()) {
      if (status.fieldNumber !== 3 || status.wireType !== WIRE_LEN) {
        status.skipField();
        continue;
      }
      const anyRange = status.readLengthDelimited();
      const any = new ProtoReader(statusDetails, anyRange.start, anyRange.end);
      let typeUrl = '';
      let valueStart = -1;
      let valueEnd = -1;
      while (any.nextField()) {
        if (any.fieldNumber === 1 && any.wireType === WIRE_LEN) typeUrl = any.readString();
        else if (any.fieldNumber === 2 && any.wireType === WIRE_LEN) {
          const valueRange = any.readLengthDelimited();
          valueStart = valueRange.start;
          valueEnd = valueRange.end;
        } else any.skipField();
      }
      if (typeUrl !== RETRY_INFO_TYPE_URL || valueStart < 0) continue;
      return readRetryDelayMs(new ProtoReader(statusDetails, valueStart, valueEnd));
    }
  } catch {
    // malformed details: no RetryInfo
  }
  return null;
}

function readRetryDelayMs(retryInfo: ProtoReader): number {
  while (retryInfo.nextField()) {
    if (retryInfo.fieldNumber !== 1 || retryInfo.wireType !== WIRE_LEN) {
      retryInfo.skipField();
      continue;
    }
    const range = retryInfo.readLengthDelimited();
    const duration = new ProtoReader(retryInfo.bytes, range.start, range.end);
    let seconds = 0;
    let nanos = 0;
    while (duration.nextField()) {
      if (duration.fieldNumber === 1 && duration.wireType === WIRE_VARINT) seconds = duration.readVarint();
      else if (duration.fieldNumber === 2 && duration.wireType === WIRE_VARINT) nanos = duration.readVarint();
      else duration.skipField();
    }
    return seconds * 1000 + nanos / 1e6;
  }
  return 0;
}
