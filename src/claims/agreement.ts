// Two validate sessions set side by side, claim by claim: did each claim get the same verdict, and
// how far apart are the two medians? The spread between sessions is what a reader needs to judge
// how much one session's figure can be trusted on this machine.

import type { VerdictState } from '../model/run-result.js';
import type { ClaimVerdict } from './evaluate.js';

interface ClaimAgreement {
  id: string;
  before: VerdictState | null;
  now: VerdictState | null;
  sameVerdict: boolean;
  medianBefore: number | null;
  medianNow: number | null;
  /** |now - before| over their mean, as a fraction; null unless both measured. */
  spread: number | null;
  /** Each median lies inside the other session's interval (null without both intervals). */
  withinIntervals: boolean | null;
}

export interface VerdictAgreement {
  claims: ClaimAgreement[];
  /** Claims whose verdict differs, or that only one session has. */
  changed: string[];
  /** The largest spread between the sessions' medians, or null when no claim was measured twice. */
  maxSpread: number | null;
}

export function verdictAgreement(
  before: readonly ClaimVerdict[],
  now: readonly ClaimVerdict[],
): VerdictAgreement {
  const ids = [...new Set([...now.map((v) => v.id), ...before.map((v) => v.id)])];
  const claims = ids.map((id) =>
    agreementOf(
      id,
      before.find((v) => v.id === id),
      now.find((v) => v.id === id),
    ),
  );
  const spreads = claims.flatMap((c) => (c.spread === null ? [] : [c.spread]));
  return {
    claims,
    changed: claims.filter((c) => !c.sameVerdict).map((c) => c.id),
    maxSpread: spreads.length > 0 ? Math.max(...spreads) : null,
  };
}

function agreementOf(
  id: string,
  before: ClaimVerdict | undefined,
  now: ClaimVerdict | undefined,
): ClaimAgreement {
  const a = before?.measured ?? null;
  const b = now?.measured ?? null;
  const mean = a !== null && b !== null ? (Math.abs(a) + Math.abs(b)) / 2 : null;
  const inside = (x: number, v: ClaimVerdict | undefined): boolean | null =>
    v?.interval ? x >= v.interval.low && x <= v.interval.high : null;
  const within =
    a !== null && b !== null && inside(a, now) !== null && inside(b, before) !== null
      ? (inside(a, now) as boolean) && (inside(b, before) as boolean)
      : null;
  return {
    id,
    before: before?.verdict ?? null,
    now: now?.verdict ?? null,
    sameVerdict: before !== undefined && now !== undefined && before.verdict === now.verdict,
    medianBefore: a,
    medianNow: b,
    spread: mean === null ? null : mean === 0 ? 0 : Math.abs((b as number) - (a as number)) / mean,
    withinIntervals: within,
  };
}
