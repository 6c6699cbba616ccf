// A hash table from a pair of non-negative int32 keys to an int32 value, in typed arrays (open
// addressing, linear probing): a lookup hashes two integers and allocates nothing, where a Map
// keyed by a number past the small-integer range hashes a heap number.

const EMPTY = -1;

export class IntPairTable {
  private keysA: Int32Array;
  private keysB: Int32Array;
  private values: Int32Array;
  private mask: number;
  private entries = 0;

  constructor(initialCapacity = 1024) {
    let capacity = 16;
    while (capacity < initialCapacity) capacity *= 2;
    this.keysA = new Int32Array(capacity).fill(EMPTY);
    this.keysB = new Int32Array(capacity);
    this.values = new Int32Array(capacity);
    this.mask = capacity - 1;
  }

  get size(): number {
    return this.entries;
  }

  /** The value under (a, b), or -1. */
  get(a: number, b: number): number {
    const keysA = this.keysA;
    let i = slotOf(a, b) & this.mask;
    for (;;) {
      const k = keysA[i];
      if (k === EMPTY) return -1;
      if (k === a && this.keysB[i] === b) return this.values[i];
      i = (i + 1) & this.mask;
    }
  }

  /** Sets the value under (a, b); `value` >= 0. */
  set(a: number, b: number, value: number): void {
    if ((this.entries + 1) * 2 > this.keysA.length) this.grow();
    const keysA = this.keysA;
    let i = slotOf(a, b) & this.mask;
    for (;;) {
      const k = keysA[i];
      if (k === EMPTY) {
        keysA[i] = a;
        this.keysB[i] = b;
        this.values[i] = value;
        this.entries++;
        return;
      }
      if (k === a && this.keysB[i] === b) {
        this.values[i] = value;
        return;
      }
      i = (i + 1) & this.mask;
    }
  }

  clear(): void {
    this.keysA.fill(EMPTY);
    this.entries = 0;
  }

  private grow(): void {
    const { keysA, keysB, values } = this;
    const capacity = keysA.length * 2;
    this.keysA = new Int32Array(capacity).fill(EMPTY);
    this.keysB = new Int32Array(capacity);
    this.values = new Int32Array(capacity);
    this.mask = capacity - 1;
    this.entries = 0;
    for (let i = 0; i < keysA.length; i++) if (keysA[i] !== EMPTY) this.set(keysA[i], keysB[i], values[i]);
  }
}

function slotOf(a: number, b: number): number {
  let h = Math.imul(a, 0x9e3779b1) ^ Math.imul(b + 0x7f4a7c15, 0x85ebca6b);
  h ^= h >>> 15;
  return h;
}
