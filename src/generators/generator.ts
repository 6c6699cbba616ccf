// The generator contract: a seeded source of batches that reuses one batch object.

import type { BatchOf, Signal } from '../model/index.js';

export interface GeneratorContext {
  /** Same seed + same context = same bytes. */
  seed: number;
  /** This generator's index among `workerCount`; it owns a disjoint slice of series and IDs. */
  workerIndex: number;
  workerCount: number;
  /** Base of every generated timestamp, integer microseconds since the epoch. */
  startTimeUnixUs: number;
  /**
   * Mixed into trace IDs so two runs with the same seed do not collide in one backend.
   * Defaults to startTimeUnixUs; tests pass a constant.
   */
  runNonce?: number;
}

export interface Generator<S extends Signal> {
  readonly signal: S;
  /**
   * Fill the reused batch with `itemCount` items (spans, data points or log records) and return
   * it. The batch is valid until the next call. `nowUnixUs` is the wall-clock time of the send;
   * generated timestamps follow it but never go backwards for a series.
   */
  next(itemCount: number, nowUnixUs: number): BatchOf[S];
  /** Items generated so far. */
  readonly itemsGenerated: number;
}
