// The send-time stamp: a resource attribute the load pipeline sets on every resource of a batch
// right before encoding it, so that a receiver behind a pipeline (the built-in sink behind a
// Collector) can tell how long the data took to reach it. In microseconds, not nanoseconds: the
// model's int values stay within 2^53, where epoch nanoseconds do not fit.

import type { AttributeList } from './attributes.js';

export const SENT_TIME_ATTRIBUTE = 'obsbench.sent_time_unix_micro';

/** Attribute slots every resource record keeps free beyond its capacity, for the stamp. */
export const SENT_TIME_SLOTS = 1;

/**
 * What the stamp needs of a batch; TraceBatch, MetricBatch and LogBatch all have it (named by
 * shape, not by TelemetryBatch, because those batch modules import SENT_TIME_SLOTS from here).
 */
interface StampableBatch {
  readonly resourceCount: number;
  readonly resources: readonly { readonly resource: AttributeList }[];
}

/** Sets (or replaces) the stamp on every resource of the batch: one write per resource, no allocation. */
export function stampSentTime(batch: StampableBatch, unixUs: number): void {
  const resources = batch.resources;
  for (let r = 0; r < batch.resourceCount; r++) {
    resources[r].resource.setVolatileInt(SENT_TIME_ATTRIBUTE, unixUs);
  }
}
