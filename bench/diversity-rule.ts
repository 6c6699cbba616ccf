// The diversity bench's one rule for figures that must match: B / A within ±5% of 1 (the issue's
// tolerance for distinct counts and for the backends' bytes on disk).

export const DIVERSITY_TOLERANCE = 0.05;

/** b / a to 4 decimals; null without an `a` to divide by. */
export function ratioOf(a: number | null, b: number | null): number | null {
  if (a === null || b === null || a === 0) return null;
  return Math.round((b / a) * 10_000) / 10_000;
}

/** True when `ratio` is within ±tolerance of 1. */
export function withinTolerance(ratio: number | null, tolerance: number = DIVERSITY_TOLERANCE): boolean {
  return ratio !== null && Math.abs(ratio - 1) <= tolerance + 1e-9;
}
