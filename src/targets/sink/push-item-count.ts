// Item counts for the sink's non-OTLP routes, by the same skip-scan as OTLP: samples in a
// Prometheus remote write 1.0 request, entries in a Loki push request (protobuf or JSON).
//   remote write: WriteRequest.timeseries=1 > TimeSeries.samples=2 (prometheus/prompb)
//   Loki push:    PushRequest.streams=1 > StreamAdapter.entries=2 (grafana/loki pkg/push)

import { countProtoPath } from './otlp-item-count.js';

const REMOTE_WRITE_PATH: readonly number[] = [1 << 1, 1 << 2];
const LOKI_PUSH_PATH: readonly number[] = [1 << 1, 1 << 2];

/** Samples in an uncompressed WriteRequest, or -1 when it is not well-formed protobuf. */
export function countRemoteWriteSamples(body: Uint8Array): number {
  return countProtoPath(REMOTE_WRITE_PATH, body);
}

/** Entries in an uncompressed Loki PushRequest, or -1 when it is not well-formed protobuf. */
export function countLokiProtoEntries(body: Uint8Array): number {
  return countProtoPath(LOKI_PUSH_PATH, body);
}

/** Entries (`values` items) in a Loki push JSON body, or -1 when it is not of that shape. */
export function countLokiJsonEntries(body: Uint8Array): number {
  let request: unknown;
  try {
    request = JSON.parse(Buffer.from(body.buffer, body.byteOffset, body.byteLength).toString('utf8'));
  } catch {
    return -1;
  }
  if (typeof request !== 'object' || request === null) return -1;
  const streams = (request as { streams?: unknown }).streams;
  if (!Array.isArray(streams)) return -1;
  let count = 0;
  for (const stream of streams) {
    const values =
      typeof stream === 'object' && stream !== null ? (stream as { values?: unknown }).values : null;
    if (!Array.isArray(values)) return -1;
    count += values.length;
  }
  return count;
}
