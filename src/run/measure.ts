// The one contract of everything a run measures beside the load: the target's own counters, the
// downstream's, the managed backend's process and disk, the read path. Each starts with the load,
// hears when it ends, then finishes in list order, writing its part into the run's findings;
// later measures read what earlier ones found (the target's accepted count is what the
// downstream should receive), so the run loops over a list and passes nothing by hand.

import type { LoadOutcome } from '../load/engine.js';
import type { RunFindings } from './findings.js';

export type MeasurePhase = 'measure' | 'read';

export interface MeasureContext {
  outcome: LoadOutcome;
  /** A managed target or downstream has died (read at the time of asking). */
  readonly died: boolean;
  /** The run has been interrupted (Ctrl-C; read at the time of asking). */
  readonly interrupted: boolean;
  found: RunFindings;
}

export interface RunMeasure {
  /** The phase the run reports while this one finishes; null for quick ones. */
  readonly phase: MeasurePhase | null;
  /** Called as the load starts. */
  start(): Promise<void>;
  /** The load has ended: stop what ran beside it (sampling, canaries). */
  loadEnded(ctx: MeasureContext): Promise<void>;
  /** Settle and measure after the load, and write the result into ctx.found. */
  finish(ctx: MeasureContext): Promise<void>;
  /** Release what it holds; safe after finish() and after a failure. */
  dispose(): Promise<void>;
}
