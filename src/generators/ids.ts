// Trace and span IDs that are unique by construction (worker index + per-worker counter + run
// identity) yet look random, plus cheap hex / base-36 renderings for IDs inside text.

import { readUint32Be } from '../encoders/proto-primitives.js';
import { hashNumber, mix32 } from './random.js';

const TWO_POW_16 = 65536;
const TWO_POW_32 = 4294967296;
/** The largest worker count trace IDs can tell apart (16 bits of worker index, 48 of counter). */
export const MAX_WORKERS = TWO_POW_16;

/**
 * Writes trace IDs laid out as
 *   bytes 0..3   seeded random (leading entropy: backends shard and sample on the first bytes)
 *   bytes 4..7   hash of (runNonce, seed): two runs with the same seed do not collide
 *   bytes 8..15  (workerIndex << 48 | counter) XOR a per-run mask: unique within the run
 */
export class TraceIdWriter {
  private readonly runHash: number;
  private readonly maskHi: number;
  private readonly maskLo: number;
  private readonly workerIndex: number;

  constructor(seed: number, runNonce: number, workerIndex: number) {
    this.runHash = hashNumber(runNonce, hashNumber(seed, 0x7a11));
    this.maskHi = mix32(this.runHash ^ 0x51ed27);
    this.maskLo = mix32(this.runHash ^ 0x2545f491);
    this.workerIndex = workerIndex;
  }

  /** `counter` < 2^48, `random32` any uint32. */
  write(out: Uint8Array, counter: number, random32: number): void {
    const counterHi = Math.floor(counter / TWO_POW_32) & 0xffff;
    const hi = ((this.workerIndex << 16) | counterHi) ^ this.maskHi;
    const lo = (counter >>> 0) ^ this.maskLo;
    writeUint32(out, 0, random32);
    writeUint32(out, 4, this.runHash);
    writeUint32(out, 8, hi);
    writeUint32(out, 12, lo);
  }

  /** The counter of a trace ID this writer wrote at `offset` in `bytes`. */
  readCounter(bytes: Uint8Array, offset: number): number {
    const hi = (readUint32Be(bytes, offset + 8) ^ this.maskHi) & 0xffff;
    const lo = (readUint32Be(bytes, offset + 12) ^ this.maskLo) >>> 0;
    return hi * TWO_POW_32 + lo;
  }

  /** Rewrites the counter part (bytes 8..15) of a trace ID at `offset`, keeping its other bytes. */
  writeCounter(bytes: Uint8Array, offset: number, counter: number): void {
    const counterHi = Math.floor(counter / TWO_POW_32) & 0xffff;
    writeUint32(bytes, offset + 8, ((this.workerIndex << 16) | counterHi) ^ this.maskHi);
    writeUint32(bytes, offset + 12, (counter >>> 0) ^ this.maskLo);
  }
}

/** The counter of a span ID written by writeSpanId at `offset`. */
export function spanIdCounter(bytes: Uint8Array, offset: number): number {
  return readUint32Be(bytes, offset + 4);
}

/** Rewrites the counter part of a span ID at `offset` (bytes 4..7), keeping its random bytes. */
export function writeSpanIdCounter(bytes: Uint8Array, offset: number, counter: number): void {
  writeUint32(bytes, offset + 4, counter);
}

/**
 * Span IDs: a word that tells the worker apart + a 32-bit per-worker counter. The first word is
 * mix32 (a bijection) of the worker's slice index in its high 16 bits and 16 random bits, so it
 * looks random yet two workers (or shards) never write the same one; with the counter, IDs never
 * repeat within a run for 2^32 spans a worker.
 */
export function writeSpanId(
  out: Uint8Array,
  offset: number,
  counter: number,
  random32: number,
  sliceIndex: number,
): void {
  let word = mix32(((sliceIndex & 0xffff) << 16) | (random32 & 0xffff));
  // An all-zero span ID is invalid in OTLP (counters start at 1, so only after 2^32 spans).
  if (counter === 0 && word === 0) word = 1;
  writeUint32(out, offset, word);
  writeUint32(out, offset + 4, counter);
}

export function writeUint32(out: Uint8Array, offset: number, value: number): void {
  out[offset] = value >>> 24;
  out[offset + 1] = (value >>> 16) & 0xff;
  out[offset + 2] = (value >>> 8) & 0xff;
  out[offset + 3] = value & 0xff;
}

/** Base-36 rendering of a uint32, left-padded to `width` with zeros: compact IDs for URLs and names. */
export function base36(value: number, width: number): string {
  const text = (value >>> 0).toString(36);
  return text.length >= width ? text : '0000000'.slice(0, width - text.length) + text;
}

/** A bijective scramble of uint32 (xorshift-multiply), so distinct counters give distinct-looking IDs. */
export function scramble32(value: number): number {
  let h = value >>> 0;
  h ^= h >>> 16;
  h = Math.imul(h, 0x7feb352d);
  h ^= h >>> 15;
  h = Math.imul(h, 0x846ca68b);
  h ^= h >>> 16;
  return h >>> 0;
}

/** Every two-character base-36 string, for building IDs without Number#toString(36) per item. */
const BASE36_PAIRS: readonly string[] = Array.from({ length: 1296 }, (_, i) => base36(i, 2));

/** Six base-36 characters from the low 31 bits of `value`: a cheap per-item ID. */
export function id6(value: number): string {
  const v = value >>> 0;
  return (
    BASE36_PAIRS[v % 1296] +
    BASE36_PAIRS[Math.floor(v / 1296) % 1296] +
    BASE36_PAIRS[Math.floor(v / 1679616) % 1296]
  );
}

/** Writes id6(value)'s six characters as ASCII bytes at `at` (id6's own pairs), with no string made. */
export function writeId6(out: Uint8Array, at: number, value: number): void {
  let v = value >>> 0;
  for (let p = 0; p < 6; p += 2) {
    const pair = BASE36_PAIRS[v % 1296];
    v = Math.floor(v / 1296);
    out[at + p] = pair.charCodeAt(0);
    out[at + p + 1] = pair.charCodeAt(1);
  }
}

let hex16: string[] | undefined;

/** Eight lowercase hex characters of a uint32 (table of 65536 four-character strings, built on first use). */
export function hex32(value: number): string {
  if (hex16 === undefined) hex16 = Array.from({ length: 65536 }, (_, i) => i.toString(16).padStart(4, '0'));
  return hex16[value >>> 16] + hex16[value & 0xffff];
}
