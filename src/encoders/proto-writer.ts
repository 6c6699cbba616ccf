// The reusable state behind every hand-written protobuf encoder. Encoding is two passes over a
// batch: the size pass records, in pre-order, every nested message size (`sizes`) and every
// pre-encoded fragment it chose (`fragments`); the write pass consumes both streams in the same
// order, so each length prefix is known before its message is written and nothing is re-measured.

import { ObsbenchError } from '../errors.js';
import { CACHED_STRING_MAX_CHARS, KeyValueCache, StringFieldCache } from './encoded-cache.js';
import { varintSize32, writeVarint32 } from './proto-primitives.js';
import { utf8ByteLength, writeUtf8 } from './utf8.js';

/** Below this length a JS loop measures UTF-8 faster than Buffer.byteLength's native call. */
const NATIVE_LENGTH_CHARS = 32;
/** Fragments shorter than this are copied with a loop; longer ones with one native set(). */
const NATIVE_COPY_BYTES = 24;

export interface ProtoWriterOptions {
  /** Distinct short strings kept pre-encoded (default 16384; 0 disables the cache). */
  stringCacheEntries?: number;
  /** Distinct (key, value) attributes kept pre-encoded (default 32768; 0 disables the cache). */
  keyValueCacheEntries?: number;
}

interface NativeStringWrites {
  latin1Write(s: string, offset: number, length: number): number;
  utf8Write(s: string, offset: number, length: number): number;
}

export class ProtoWriter {
  /** Output bytes; `buf` is a Buffer over the same memory for native string copies. */
  bytes: Uint8Array;
  private buf: Buffer;
  private view: DataView;
  pos = 0;
  sizes: Int32Array;
  /** Size records written by the size pass / consumed by the write pass. */
  sizeCount = 0;
  sizeIndex = 0;
  /** Pre-encoded fragments chosen by the size pass (null: the write pass encodes in place). */
  private readonly fragments: Array<Uint8Array | null> = [];
  private fragmentCount = 0;
  private fragmentIndex = 0;
  readonly stringCache: StringFieldCache;
  readonly keyValueCache: KeyValueCache;

  constructor(options: ProtoWriterOptions = {}, initialBytes = 64 * 1024, initialSizes = 8 * 1024) {
    this.stringCache = new StringFieldCache(options.stringCacheEntries ?? 16_384);
    this.keyValueCache = new KeyValueCache(options.keyValueCacheEntries ?? 32_768);
    this.buf = Buffer.allocUnsafeSlow(initialBytes);
    this.bytes = new Uint8Array(this.buf.buffer, 0, initialBytes);
    this.view = new DataView(this.buf.buffer, 0, initialBytes);
    this.sizes = new Int32Array(initialSizes);
  }

  beginSizePass(): void {
    this.sizeCount = 0;
    this.fragmentCount = 0;
    this.stringCache.maintain();
    this.keyValueCache.maintain();
  }

  /** Reserves the next size record (pre-order: before the message's children reserve theirs). */
  reserveSize(): number {
    if (this.sizeCount === this.sizes.length) {
      const grown = new Int32Array(this.sizes.length * 2);
      grown.set(this.sizes);
      this.sizes = grown;
    }
    return this.sizeCount++;
  }

  pushSize(n: number): void {
    this.sizes[this.reserveSize()] = n;
  }

  pushFragment(fragment: Uint8Array | null): void {
    this.fragments[this.fragmentCount++] = fragment;
  }

  /**
   * Size pass for a string field: length prefix plus UTF-8 bytes (tag excluded), through the
   * string cache for short strings. Pair with writeString.
   */
  sizeString(s: string): number {
    if (s.length <= CACHED_STRING_MAX_CHARS) {
      const encoded = this.stringCache.lookup(s);
      this.fragments[this.fragmentCount++] = encoded;
      return encoded !== null ? encoded.length : 1 + utf8ByteLength(s);
    }
    return this.sizeLongString(s);
  }

  /** Size pass for a string field that bypasses the cache. Pair with writeStringUncached. */
  sizeStringUncached(s: string): number {
    if (s.length <= CACHED_STRING_MAX_CHARS) return 1 + utf8ByteLength(s);
    return this.sizeLongString(s);
  }

  private sizeLongString(s: string): number {
    const byteLength = s.length < NATIVE_LENGTH_CHARS ? utf8ByteLength(s) : Buffer.byteLength(s, 'utf8');
    this.pushSize(byteLength);
    return varintSize32(byteLength) + byteLength;
  }

  /** Makes room for `totalBytes` (growing the owned buffer once, geometrically) and rewinds. */
  beginWritePass(totalBytes: number): void {
    if (totalBytes > this.bytes.length) {
      const capacity = Math.max(totalBytes, this.bytes.length * 2);
      this.buf = Buffer.allocUnsafeSlow(capacity);
      this.bytes = new Uint8Array(this.buf.buffer, 0, capacity);
      this.view = new DataView(this.buf.buffer, 0, capacity);
    }
    this.pos = 0;
    this.sizeIndex = 0;
    this.fragmentIndex = 0;
  }

  nextSize(): number {
    return this.sizes[this.sizeIndex++];
  }

  nextFragment(): Uint8Array | null {
    return this.fragments[this.fragmentIndex++];
  }

  /** True when the write pass consumed exactly what the size pass recorded. */
  passesAgree(totalBytes: number): boolean {
    return (
      this.pos === totalBytes &&
      this.sizeIndex === this.sizeCount &&
      this.fragmentIndex === this.fragmentCount
    );
  }

  /** The encoded bytes: a view valid until the next encode. */
  finish(): Uint8Array {
    return this.bytes.subarray(0, this.pos);
  }

  writeDouble(p: number, value: number): number {
    this.view.setFloat64(p, value, true);
    return p + 8;
  }

  /** Copies a pre-encoded fragment to `p`; returns the end. */
  writeFragment(p: number, fragment: Uint8Array): number {
    const n = fragment.length;
    if (n < NATIVE_COPY_BYTES) {
      const b = this.bytes;
      for (let i = 0; i < n; i++) b[p + i] = fragment[i];
    } else {
      this.bytes.set(fragment, p);
    }
    return p + n;
  }

  /** Writes a length-prefixed string measured by sizeString. */
  writeString(p: number, s: string): number {
    if (s.length <= CACHED_STRING_MAX_CHARS) {
      const encoded = this.fragments[this.fragmentIndex++];
      if (encoded !== null) return this.writeFragment(p, encoded);
      return this.writeShortString(p, s);
    }
    return this.writeLongString(p, s);
  }

  /** Writes a length-prefixed string measured by sizeStringUncached. */
  writeStringUncached(p: number, s: string): number {
    if (s.length <= CACHED_STRING_MAX_CHARS) return this.writeShortString(p, s);
    return this.writeLongString(p, s);
  }

  /** At most 42 UTF-16 units is at most 126 bytes: reserve one length byte and patch it. */
  private writeShortString(p: number, s: string): number {
    const end = writeUtf8(this.bytes, p + 1, s);
    this.bytes[p] = end - p - 1;
    return end;
  }

  private writeLongString(p: number, s: string): number {
    const byteLength = this.sizes[this.sizeIndex++];
    p = writeVarint32(this.bytes, p, byteLength);
    if (byteLength === s.length) {
      // All ASCII: latin1Write is a plain copy.
      (this.buf as unknown as NativeStringWrites).latin1Write(s, p, byteLength);
    } else {
      (this.buf as unknown as NativeStringWrites).utf8Write(s, p, byteLength);
    }
    return p + byteLength;
  }
}

/** A mismatch between the passes is a bug in an encoder, never bad input: fail loudly. */
export function checkPasses(w: ProtoWriter, total: number, signal: string): void {
  if (!w.passesAgree(total)) {
    throw new ObsbenchError(
      'E_INTERNAL',
      `OTLP ${signal} protobuf encoder wrote ${w.pos} bytes where its size pass computed ${total}, ` +
        'or its passes consumed different size records; please report this bug',
    );
  }
}
