// Protobuf wire primitives over a byte array: varint sizes and writes, fixed-width integers,
// zigzag. 64-bit integers arrive as integral doubles (within +-2^53 from the model) and are split
// into two uint32 halves; nothing here allocates.

const TWO_POW_32 = 4294967296;
const TWO_POW_63 = 2 ** 63;

/** Size of a length-delimited field's prefix plus content, for content of `n` bytes. */
export function delimitedSize(n: number): number {
  return (n < 0x80 ? 1 : n < 0x4000 ? 2 : n < 0x200000 ? 3 : n < 0x10000000 ? 4 : 5) + n;
}

/** Bytes of a length-delimited field with a one-byte tag around `content` bytes. */
export function fieldSize(content: number): number {
  return 1 + delimitedSize(content);
}

/** Varint size of a uint32. */
export function varintSize32(v: number): number {
  return v < 0x80 ? 1 : v < 0x4000 ? 2 : v < 0x200000 ? 3 : v < 0x10000000 ? 4 : 5;
}

/** Varint size of an int64 / uint64 given as an integral double (negative: 10 bytes, two's complement). */
export function varintSize64(v: number): number {
  if (v < 0) return 10;
  if (v < TWO_POW_32) return varintSize32(v);
  // 2^35, 2^42, 2^49, 2^56, 2^63.
  return v < 34359738368
    ? 5
    : v < 4398046511104
      ? 6
      : v < 562949953421312
        ? 7
        : v < 72057594037927936
          ? 8
          : v < TWO_POW_63
            ? 9
            : 10;
}

/** Varint size of a zigzag-encoded sint32. */
export function sint32Size(v: number): number {
  return varintSize32(((v << 1) ^ (v >> 31)) >>> 0);
}

export function writeVarint32(b: Uint8Array, p: number, v: number): number {
  while (v > 0x7f) {
    b[p++] = (v & 0x7f) | 0x80;
    v >>>= 7;
  }
  b[p++] = v;
  return p;
}

/** Writes an int64 / uint64 given as an integral double within +-2^63 (negative as two's complement). */
export function writeVarint64(b: Uint8Array, p: number, v: number): number {
  if (v >= 0 && v < TWO_POW_32) return writeVarint32(b, p, v);
  let lo = v >>> 0;
  let hi = Math.floor(v / TWO_POW_32) >>> 0;
  while (hi !== 0 || lo > 0x7f) {
    b[p++] = (lo & 0x7f) | 0x80;
    lo = ((lo >>> 7) | (hi << 25)) >>> 0;
    hi >>>= 7;
  }
  b[p++] = lo;
  return p;
}

export function writeSint32(b: Uint8Array, p: number, v: number): number {
  return writeVarint32(b, p, ((v << 1) ^ (v >> 31)) >>> 0);
}

/** Writes an int64 / uint64 given as an integral double as little-endian fixed64 (sfixed64 for negatives). */
export function writeFixed64(b: Uint8Array, p: number, v: number): number {
  const lo = v >>> 0;
  const hi = Math.floor(v / TWO_POW_32) >>> 0;
  b[p] = lo;
  b[p + 1] = lo >>> 8;
  b[p + 2] = lo >>> 16;
  b[p + 3] = lo >>> 24;
  b[p + 4] = hi;
  b[p + 5] = hi >>> 8;
  b[p + 6] = hi >>> 16;
  b[p + 7] = hi >>> 24;
  return p + 8;
}

export function writeFixed32(b: Uint8Array, p: number, v: number): number {
  b[p] = v;
  b[p + 1] = v >>> 8;
  b[p + 2] = v >>> 16;
  b[p + 3] = v >>> 24;
  return p + 4;
}

// Unrolled id copies: a loop over a small typed array costs ~2 ns per byte (bounds check and
// element-base reload per iteration); straight-line code is ~2.5x faster on cold span records.

/** Copies a 16-byte trace id to `p`; returns `p + 16`. */
export function writeId16(b: Uint8Array, p: number, id: Uint8Array): number {
  b[p] = id[0];
  b[p + 1] = id[1];
  b[p + 2] = id[2];
  b[p + 3] = id[3];
  b[p + 4] = id[4];
  b[p + 5] = id[5];
  b[p + 6] = id[6];
  b[p + 7] = id[7];
  b[p + 8] = id[8];
  b[p + 9] = id[9];
  b[p + 10] = id[10];
  b[p + 11] = id[11];
  b[p + 12] = id[12];
  b[p + 13] = id[13];
  b[p + 14] = id[14];
  b[p + 15] = id[15];
  return p + 16;
}

/** Copies an 8-byte span id to `p`; returns `p + 8`. */
export function writeId8(b: Uint8Array, p: number, id: Uint8Array): number {
  b[p] = id[0];
  b[p + 1] = id[1];
  b[p + 2] = id[2];
  b[p + 3] = id[3];
  b[p + 4] = id[4];
  b[p + 5] = id[5];
  b[p + 6] = id[6];
  b[p + 7] = id[7];
  return p + 8;
}

/** The little-endian uint32 at `at` (one half of a fixed64). */
export function readUint32Le(bytes: Uint8Array, at: number): number {
  return (bytes[at] | (bytes[at + 1] << 8) | (bytes[at + 2] << 16) | (bytes[at + 3] << 24)) >>> 0;
}

/** The big-endian uint32 at `at` (IDs are written big-endian). */
export function readUint32Be(bytes: Uint8Array, at: number): number {
  return ((bytes[at] << 24) | (bytes[at + 1] << 16) | (bytes[at + 2] << 8) | bytes[at + 3]) >>> 0;
}
