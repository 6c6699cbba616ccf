// The compression denominator in one place: the bytes a batch takes as uncompressed OTLP
// protobuf, whatever it is sent as. It runs the size pass of the signal's shared OTLP protobuf
// encoder (no writer of its own, none per encoder); a body that already is OTLP protobuf is its
// own count, and no size pass runs at all.

import type { BatchOf, Signal } from '../model/index.js';
import type { Encoder } from './encoder.js';
import { otlpProtoLogs } from './otlp-proto-logs.js';
import { otlpProtoMetrics } from './otlp-proto-metrics.js';
import { otlpProtoTraces } from './otlp-proto-traces.js';
import type { TwoPassProtoEncoder } from './two-pass-encoder.js';

/**
 * The size pass only writes the encoder's size records and caches, never its output: a view an
 * earlier encode() returned stays valid, and the next encode() starts its own size pass.
 */
const SIZERS: { readonly [S in Signal]: TwoPassProtoEncoder<S> } = {
  traces: otlpProtoTraces,
  metrics: otlpProtoMetrics,
  logs: otlpProtoLogs,
};

/** Bytes `batch` takes as an uncompressed OTLP protobuf Export*ServiceRequest. */
export function rawOtlpProtoBytes<S extends Signal>(signal: S, batch: BatchOf[S]): number {
  return (SIZERS[signal] as TwoPassProtoEncoder<S>).encodedSize(batch);
}

/**
 * rawOtlpProtoBytes of a batch that `encoder` has just encoded to `encoded` (the request body
 * before compression): its length when that is OTLP protobuf, else the size pass.
 */
export function rawOtlpProtoBytesSent<S extends Signal>(
  encoder: Encoder<S>,
  batch: BatchOf[S],
  encoded: Uint8Array,
): number {
  return encoder.format === 'otlp-proto' ? encoded.byteLength : rawOtlpProtoBytes(encoder.signal, batch);
}
