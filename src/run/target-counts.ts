// The target's own accepted and refused counters after the load: a backend may count a request
// after answering it, so they are read once they reach what it acknowledged and stop moving.

import type { HopCounts } from './findings.js';
import type { Hop } from './hop.js';
import type { MeasureContext, RunMeasure } from './measure.js';
import { settle } from './settle.js';

const POLL_MS = 250;
const SETTLE_MAX_MS = 5000;

export class TargetCountsMeasure implements RunMeasure {
  readonly phase = null;

  constructor(private readonly target: Hop) {}

  async start(): Promise<void> {}

  async loadEnded(): Promise<void> {}

  async finish(ctx: MeasureContext): Promise<void> {
    if (ctx.died) return;
    // Canaries the backend counts among its accepted items are not the run's items.
    const canaries = ctx.found.canariesCounted;
    const acknowledged = ctx.outcome.counters.itemsAcceptedAllPhases + canaries;
    const settled = await settle<HopCounts | null>({
      read: () => this.target.counts(),
      same: (a, b) => a?.accepted === b?.accepted && a?.refused === b?.refused,
      stableMs: POLL_MS,
      // Short of what it acknowledged: its counter may lag its answers, so wait out the deadline.
      acceptStable: (counts) => counts === null || counts.accepted >= acknowledged,
      deadlineMs: SETTLE_MAX_MS,
      pollMs: POLL_MS,
    }).catch(() => null);
    const counts = settled?.value ?? null;
    ctx.found.targetCounts = counts && { ...counts, accepted: counts.accepted - canaries };
  }

  async dispose(): Promise<void> {}
}
