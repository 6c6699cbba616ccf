// The encoder contract: one constant object per (signal, wire format), like otlp-transformer's
// serializers. `encode` writes into a buffer the encoder owns and reuses. The bytes a batch takes
// as OTLP protobuf, whatever it is sent as, come from raw-otlp-bytes.ts.

import type { BatchOf, Signal } from '../model/index.js';

export type WireFormat =
  | 'otlp-proto'
  | 'otlp-json'
  | 'prom-remote-write'
  | 'loki-push-proto'
  | 'loki-push-json';

export interface Encoder<S extends Signal> {
  readonly signal: S;
  readonly format: WireFormat;
  readonly contentType: string;
  /**
   * Encode the batch. The returned view is valid until the next call on this encoder; copy it
   * (or compress it, which copies) before the next encode.
   */
  encode(batch: BatchOf[S]): Uint8Array;
}
