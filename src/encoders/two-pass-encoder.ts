// The shape every OTLP protobuf encoder shares: a size pass, then a write pass into the writer's
// one reused buffer, checked against each other. Each signal supplies its two pass functions.

import type { BatchOf, Signal } from '../model/index.js';
import type { Encoder } from './encoder.js';
import { checkPasses, ProtoWriter, type ProtoWriterOptions } from './proto-writer.js';

export class TwoPassProtoEncoder<S extends Signal> implements Encoder<S> {
  readonly signal: S;
  readonly format = 'otlp-proto' as const;
  readonly contentType = 'application/x-protobuf';
  private readonly writer: ProtoWriter;
  private readonly sizePass: (w: ProtoWriter, batch: BatchOf[S]) => number;
  private readonly writePass: (w: ProtoWriter, batch: BatchOf[S]) => void;

  constructor(
    signal: S,
    sizePass: (w: ProtoWriter, batch: BatchOf[S]) => number,
    writePass: (w: ProtoWriter, batch: BatchOf[S]) => void,
    options: ProtoWriterOptions = {},
  ) {
    this.signal = signal;
    this.sizePass = sizePass;
    this.writePass = writePass;
    this.writer = new ProtoWriter(options);
  }

  encode(batch: BatchOf[S]): Uint8Array {
    const w = this.writer;
    const total = this.sizePass(w, batch);
    w.beginWritePass(total);
    this.writePass(w, batch);
    checkPasses(w, total, this.signal);
    return w.finish();
  }

  /**
   * The length encode(batch) would return, from the size pass alone (no output written; a view
   * returned by the last encode stays intact).
   */
  encodedSize(batch: BatchOf[S]): number {
    const w = this.writer;
    w.sizeOnly = true;
    try {
      return this.sizePass(w, batch);
    } finally {
      w.sizeOnly = false;
    }
  }
}
