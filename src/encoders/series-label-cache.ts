// Encoded labels per series, for encoders whose requests repeat a series' labels with every sample
// (remote write). Keyed by the series' label-set identity (model DataPointRecord.labelSetId) and
// the sub-series of the point (a histogram's buckets, sum and count), in a table of typed arrays. The bytes live back to back in one arena and are copied out with Buffer#copy, which
// allocates nothing. Identities are never reused, so an entry never goes stale; a cache past its
// bounds (series churned) starts over.

import { IntPairTable } from './int-pair-table.js';

/** Starting over past these bounds keeps a churning run's cache from growing without end. */
const MAX_ARENA_BYTES = 64 * 1024 * 1024;
const MAX_ENTRIES = 1_000_000;

export class SeriesLabelCache {
  private readonly slots = new IntPairTable();
  private arena = Buffer.allocUnsafeSlow(1024 * 1024);
  private used = 0;
  private starts = new Int32Array(1024);
  private lengths = new Int32Array(1024);
  private count = 0;

  /** The slot of sub-series `sub` of label set `labelSetId`, or -1. */
  get(labelSetId: number, sub: number): number {
    return this.slots.get(labelSetId, sub);
  }

  /** Bytes held in `slot`. */
  length(slot: number): number {
    return this.lengths[slot];
  }

  /** Copies `slot`'s bytes into `out` at `at`; returns the offset after them. */
  copyTo(slot: number, out: Buffer, at: number): number {
    const start = this.starts[slot];
    const length = this.lengths[slot];
    this.arena.copy(out, at, start, start + length);
    return at + length;
  }

  /** Keeps `source[start, end)` as sub-series `sub` of label set `labelSetId`. */
  put(labelSetId: number, sub: number, source: Buffer, start: number, end: number): void {
    const length = end - start;
    if (this.used + length > this.arena.length) {
      const grown = Buffer.allocUnsafeSlow(Math.max(this.used + length, this.arena.length * 2));
      this.arena.copy(grown, 0, 0, this.used);
      this.arena = grown;
    }
    if (this.count === this.starts.length) {
      const starts = new Int32Array(this.count * 2);
      starts.set(this.starts);
      this.starts = starts;
      const lengths = new Int32Array(this.count * 2);
      lengths.set(this.lengths);
      this.lengths = lengths;
    }
    source.copy(this.arena, this.used, start, end);
    this.starts[this.count] = this.used;
    this.lengths[this.count] = length;
    this.slots.set(labelSetId, sub, this.count++);
    this.used += length;
  }

  /** Called once per request: starts over once the cache is past its bounds. */
  maintain(): void {
    if (this.used < MAX_ARENA_BYTES && this.count < MAX_ENTRIES) return;
    this.slots.clear();
    this.used = 0;
    this.count = 0;
  }
}
