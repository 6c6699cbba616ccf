// Integer microseconds since the epoch -> OTLP nanoseconds, exactly and without BigInt.
// us * 1000 passes 2^53 for any current date, so the fixed64 is built from two uint32 halves:
// us = usHigh * 2^32 + usLow  =>  ns = usHigh * 1000 * 2^32 + usLow * 1000, carrying the part of
// usLow * 1000 (< 2^42, exact in a double) that overflows the low word into the high word.

const TWO_POW_32 = 4294967296;

/** Low 32 bits of us * 1000 (us: a non-negative integer below 2^64 / 1000). */
export function nanosLow32(us: number): number {
  const usHigh = Math.floor(us / TWO_POW_32);
  return ((us - usHigh * TWO_POW_32) * 1000) >>> 0;
}

/** High 32 bits of us * 1000. */
export function nanosHigh32(us: number): number {
  const usHigh = Math.floor(us / TWO_POW_32);
  const lowNs = (us - usHigh * TWO_POW_32) * 1000;
  return (usHigh * 1000 + Math.floor(lowNs / TWO_POW_32)) >>> 0;
}

/** Writes us * 1000 as a little-endian fixed64 at `p` and returns `p + 8`. */
export function writeNanosFixed64(bytes: Uint8Array, p: number, us: number): number {
  const usHigh = Math.floor(us / TWO_POW_32);
  const lowNs = (us - usHigh * TWO_POW_32) * 1000;
  const lo = lowNs >>> 0;
  const hi = (usHigh * 1000 + (lowNs - lo) / TWO_POW_32) >>> 0;
  bytes[p] = lo;
  bytes[p + 1] = lo >>> 8;
  bytes[p + 2] = lo >>> 16;
  bytes[p + 3] = lo >>> 24;
  bytes[p + 4] = hi;
  bytes[p + 5] = hi >>> 8;
  bytes[p + 6] = hi >>> 16;
  bytes[p + 7] = hi >>> 24;
  return p + 8;
}

/** us * 1000 as a decimal string (the OTLP/JSON form of a fixed64 time): exact, as us is an integer. */
export function nanosDecimal(us: number): string {
  return us === 0 ? '0' : `${us}000`;
}

/** Microseconds of a nanosecond time given as its fixed64 halves (ns = hi * 2^32 + lo), exactly. */
export function microsOfNanos(hi: number, lo: number): number {
  // 2^32 = 4294967 * 1000 + 296.
  return hi * 4294967 + Math.floor((hi * 296 + lo) / 1000);
}
