// The run's trace sample fetched back by ID: each trace the target acknowledged whole is looked up
// and its spans counted against those sent. Missing and partial traces get a few seconds more
// (a store may make the last writes readable a little later), then the report says what is not
// as it was sent.

import type { SampledTrace, TraceSampleMismatch, TraceSampleReport } from '../../model/trace-sample.js';
import type { ReadContext, ReadProbe } from './read-probe.js';

const MAX_MISMATCHES_SHOWN = 10;

export interface TraceSampleCheckOptions {
  /** Lookups in flight at once (default 4). */
  concurrency?: number;
  /** Traces not yet whole are fetched again until this long after the first pass (default 10 s). */
  settleMs?: number;
  /** Between passes over the traces not yet whole (default 1 s). */
  retryMs?: number;
  /** No lookup starts after this long from the start (default 60 s): a frozen store cannot hold the run. */
  maxMs?: number;
  sleep?: (ms: number) => Promise<void>;
  now?: () => number;
}

type Lookup = number | null | 'unanswered';

export async function checkTraceSample(
  probe: Required<Pick<ReadProbe, 'spansOfTrace'>>,
  ctx: ReadContext,
  sample: readonly SampledTrace[],
  o: TraceSampleCheckOptions = {},
): Promise<TraceSampleReport> {
  const sleep = o.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  const now = o.now ?? Date.now;
  const found: Lookup[] = new Array(sample.length).fill('unanswered');
  let pending = sample.map((_, i) => i);
  const started = now();
  const deadline = started + (o.settleMs ?? 10_000);
  const cutoff = started + (o.maxMs ?? 60_000);
  for (let pass = 0; pending.length > 0; pass++) {
    if (pass > 0) {
      if (now() >= Math.min(deadline, cutoff)) break;
      await sleep(o.retryMs ?? 1000);
    }
    await forEachLimited(pending, o.concurrency ?? 4, async (i) => {
      if (now() >= cutoff) return;
      try {
        found[i] = await probe.spansOfTrace(ctx, sample[i].traceId);
      } catch {
        found[i] = 'unanswered';
      }
    });
    pending = pending.filter((i) => found[i] !== sample[i].spans);
  }
  return traceSampleReport(sample, found);
}

/** The report of lookups `found[i]` for `sample[i]`. */
function traceSampleReport(sample: readonly SampledTrace[], found: readonly Lookup[]): TraceSampleReport {
  let complete = 0;
  let partial = 0;
  let missing = 0;
  let extra = 0;
  let unanswered = 0;
  const mismatches: TraceSampleMismatch[] = [];
  sample.forEach((trace, i) => {
    const spans = found[i];
    if (spans === 'unanswered') {
      unanswered++;
      return;
    }
    if (spans === trace.spans) {
      complete++;
      return;
    }
    if (spans === null) missing++;
    else if (spans < trace.spans) partial++;
    else extra++;
    if (mismatches.length < MAX_MISMATCHES_SHOWN)
      mismatches.push({ traceId: trace.traceId, spansSent: trace.spans, spansFound: spans });
  });
  const answered = sample.length - unanswered;
  return {
    sampled: sample.length,
    complete,
    partial,
    missing,
    extra,
    unanswered,
    ratio: answered > 0 ? complete / answered : null,
    mismatches,
    method:
      'a seeded sample of the traces the target acknowledged whole in one request, each fetched by ID and its spans counted',
  };
}

async function forEachLimited<T>(
  items: readonly T[],
  limit: number,
  run: (item: T) => Promise<void>,
): Promise<void> {
  let next = 0;
  const lane = async (): Promise<void> => {
    while (next < items.length) await run(items[next++]);
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, lane));
}
