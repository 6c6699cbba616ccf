// A Prometheus remote write 1.0 WriteRequest (prometheus/prompb remote.proto) of published
// series, one sample each. A run is a few dozen series, so each message is built as its own byte
// array and nested by concatenation: clear rather than fast (the load path's encoder,
// src/encoders/prom-remote-write.ts, is the fast one). Snappy is applied by the publisher.

import { writeVarint32, writeVarint64 } from '../../encoders/proto-primitives.js';
import type { PublishedSeries } from './run-series.js';

// WriteRequest.timeseries = 1; TimeSeries.labels = 1, samples = 2; Label.name = 1, value = 2;
// Sample.value = 1 (double), timestamp = 2 (int64, ms).
const WRITE_REQUEST_TIMESERIES = 1;
const TIME_SERIES_LABELS = 1;
const TIME_SERIES_SAMPLES = 2;
const LABEL_NAME = 1;
const LABEL_VALUE = 2;
const SAMPLE_VALUE_TAG = (1 << 3) | 1; // fixed64
const SAMPLE_TIMESTAMP_TAG = 2 << 3; // varint
const WIRE_LENGTH_DELIMITED = 2;
/** Tag byte plus the longest varint of a length. */
const PREFIX_MAX_BYTES = 6;

export function encodeWriteRequest(series: readonly PublishedSeries[]): Uint8Array {
  return Buffer.concat(series.map((s) => delimited(WRITE_REQUEST_TIMESERIES, timeSeries(s))));
}

function timeSeries(s: PublishedSeries): Uint8Array {
  const labels = s.labels.map(([name, value]) =>
    delimited(
      TIME_SERIES_LABELS,
      Buffer.concat([delimited(LABEL_NAME, utf8(name)), delimited(LABEL_VALUE, utf8(value))]),
    ),
  );
  return Buffer.concat([...labels, delimited(TIME_SERIES_SAMPLES, sample(s.value, s.timestampMs))]);
}

function sample(value: number, timestampMs: number): Uint8Array {
  const bytes = new Uint8Array(1 + 8 + 1 + 10);
  bytes[0] = SAMPLE_VALUE_TAG;
  new DataView(bytes.buffer).setFloat64(1, value, true);
  bytes[9] = SAMPLE_TIMESTAMP_TAG;
  return bytes.subarray(0, writeVarint64(bytes, 10, timestampMs));
}

/** A length-delimited field: tag, length, content. */
function delimited(field: number, content: Uint8Array): Uint8Array {
  const bytes = new Uint8Array(PREFIX_MAX_BYTES + content.length);
  bytes[0] = (field << 3) | WIRE_LENGTH_DELIMITED;
  const start = writeVarint32(bytes, 1, content.length);
  bytes.set(content, start);
  return bytes.subarray(0, start + content.length);
}

function utf8(text: string): Uint8Array {
  return Buffer.from(text, 'utf8');
}
