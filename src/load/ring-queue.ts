// A power-of-two ring buffer of numbers (intended send times waiting for an in-flight slot).

export class RingQueue {
  private buffer: Float64Array;
  private mask: number;
  private head = 0;
  private tail = 0;
  readonly capacity: number;

  /** @param capacity most entries held at once; rounded up to a power of two internally */
  constructor(capacity: number) {
    this.capacity = capacity;
    let size = 1;
    while (size < capacity + 1) size <<= 1;
    this.buffer = new Float64Array(size);
    this.mask = size - 1;
  }

  get length(): number {
    return (this.tail - this.head) & this.mask;
  }

  /** False when full (the caller drops the entry). */
  push(value: number): boolean {
    if (this.length >= this.capacity) return false;
    this.buffer[this.tail] = value;
    this.tail = (this.tail + 1) & this.mask;
    return true;
  }

  /** The oldest entry; call only when length > 0. */
  shift(): number {
    const value = this.buffer[this.head];
    this.head = (this.head + 1) & this.mask;
    return value;
  }

  clear(): void {
    this.head = 0;
    this.tail = 0;
  }
}
