// Counting distinct values over millions of items without a JavaScript object per value: a value
// is a 64-bit key (two uint32: raw bytes when they fit, else a 64-bit hash of its bytes), kept in
// an open-addressing table of typed arrays that grows by doubling. Each key gets a dense index in
// the order first seen, so a table can also name a stream for per-stream state.

const EMPTY = 0;
const INITIAL_SLOTS = 1 << 12;
const SEED_A = 0x9747b28c;
const SEED_B = 0x1b873593;

/** The 64-bit hash of a byte range, as two uint32 (`hi`, `lo`): two murmur3-style lanes of different seeds. */
export class ByteHash {
  hi = 0;
  lo = 0;

  /** Hashes bytes[start, end) into `hi` and `lo`. */
  of(bytes: Uint8Array, start: number, end: number): this {
    let a = SEED_A;
    let b = SEED_B;
    let p = start;
    for (; p + 4 <= end; p += 4) {
      const word = bytes[p] | (bytes[p + 1] << 8) | (bytes[p + 2] << 16) | (bytes[p + 3] << 24);
      a = mixLane(a, word, 0xcc9e2d51, 0x1b873593);
      b = mixLane(b, word, 0x85ebca6b, 0xc2b2ae35);
    }
    let tail = 0;
    for (let shift = 0; p < end; p++, shift += 8) tail |= bytes[p] << shift;
    a = fmix32(mixLane(a, tail, 0xcc9e2d51, 0x1b873593) ^ (end - start));
    b = fmix32(mixLane(b, tail, 0x85ebca6b, 0xc2b2ae35) ^ (end - start));
    this.hi = a;
    this.lo = b;
    return this;
  }
}

function mixLane(h: number, word: number, c1: number, c2: number): number {
  let k = Math.imul(word, c1);
  k = (k << 15) | (k >>> 17);
  k = Math.imul(k, c2);
  let x = h ^ k;
  x = (x << 13) | (x >>> 19);
  return (Math.imul(x, 5) + 0xe6546b64) | 0;
}

function fmix32(value: number): number {
  let h = value;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

function homeSlot(hi: number, lo: number, mask: number): number {
  return fmix32(lo ^ Math.imul(hi, 0x9e3779b1) ^ (hi >>> 15)) & mask;
}

/** A set of 64-bit keys with a dense index per key. */
export class DistinctSet64 {
  /** Distinct keys added since the last clear. */
  size = 0;
  private mask = INITIAL_SLOTS - 1;
  private his = new Uint32Array(INITIAL_SLOTS);
  private los = new Uint32Array(INITIAL_SLOTS);
  /** Dense index + 1 of the key in each slot; EMPTY for a free slot. */
  private slots = new Int32Array(INITIAL_SLOTS);

  /** Adds the key; true when it was not in the set. */
  add(hi: number, lo: number): boolean {
    const before = this.size;
    this.indexOf(hi, lo);
    return this.size > before;
  }

  /** The key's dense index (0, 1, … in the order keys were first added), adding it if new. */
  indexOf(hi: number, lo: number): number {
    const h = hi >>> 0;
    const l = lo >>> 0;
    let slot = homeSlot(h, l, this.mask);
    for (;;) {
      const stored = this.slots[slot];
      if (stored === EMPTY) break;
      if (this.his[slot] === h && this.los[slot] === l) return stored - 1;
      slot = (slot + 1) & this.mask;
    }
    this.his[slot] = h;
    this.los[slot] = l;
    const index = this.size++;
    this.slots[slot] = index + 1;
    if (this.size * 2 > this.mask + 1) this.grow();
    return index;
  }

  /** Empties the set, keeping its capacity. */
  clear(): void {
    this.slots.fill(EMPTY);
    this.size = 0;
  }

  private grow(): void {
    const his = this.his;
    const los = this.los;
    const slots = this.slots;
    const capacity = slots.length * 2;
    this.mask = capacity - 1;
    this.his = new Uint32Array(capacity);
    this.los = new Uint32Array(capacity);
    this.slots = new Int32Array(capacity);
    for (let s = 0; s < slots.length; s++) {
      if (slots[s] === EMPTY) continue;
      let slot = homeSlot(his[s], los[s], this.mask);
      while (this.slots[slot] !== EMPTY) slot = (slot + 1) & this.mask;
      this.his[slot] = his[s];
      this.los[slot] = los[s];
      this.slots[slot] = slots[s];
    }
  }
}
