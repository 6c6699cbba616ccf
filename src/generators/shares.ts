// Turning a shape's `Record<name, share>` into picks: per-item weighted draws (cumulative table)
// and exact apportionment of N things (largest remainder), both deterministic.

import type { Rng } from './random.js';

export class WeightedChoice<K extends string> {
  readonly keys: readonly K[];
  /** Normalised shares, in `keys` order. */
  readonly shares: Float64Array;
  private readonly cumulative: Float64Array;

  /** Keys with share 0 are never picked; the caller has checked that some share is > 0. */
  constructor(weights: Readonly<Record<K, number>>, order: readonly K[]) {
    this.keys = order;
    this.shares = new Float64Array(order.length);
    this.cumulative = new Float64Array(order.length);
    let total = 0;
    for (const key of order) total += Math.max(0, weights[key] ?? 0);
    let running = 0;
    for (let i = 0; i < order.length; i++) {
      this.shares[i] = Math.max(0, weights[order[i]] ?? 0) / total;
      running += this.shares[i];
      this.cumulative[i] = running;
    }
    // Guard against rounding leaving the top just below 1.
    for (let i = order.length - 1; i >= 0; i--) {
      if (this.shares[i] > 0) {
        this.cumulative[i] = 1;
        break;
      }
    }
  }

  /** Index into `keys` of a weighted draw. */
  pickIndex(rng: Rng): number {
    const u = rng.nextFloat();
    const cumulative = this.cumulative;
    for (let i = 0; i < cumulative.length; i++) {
      if (u < cumulative[i]) return i;
    }
    return cumulative.length - 1;
  }
}

/**
 * Splits `count` things among the shares exactly (largest remainder), then shuffles the
 * assignment so that kinds are not laid out in blocks. Returns one key index per thing.
 */
export function apportion(count: number, shares: Float64Array, rng: Rng): Uint8Array {
  const quotas = new Array<number>(shares.length);
  let assigned = 0;
  for (let i = 0; i < shares.length; i++) {
    quotas[i] = Math.floor(shares[i] * count);
    assigned += quotas[i];
  }
  const byRemainder = Array.from(shares, (_, i) => i).sort(
    (x, y) => shares[y] * count - quotas[y] - (shares[x] * count - quotas[x]) || x - y,
  );
  for (let k = 0; assigned < count; k++) {
    const i = byRemainder[k % byRemainder.length];
    if (shares[i] > 0) {
      quotas[i]++;
      assigned++;
    }
  }
  const result = new Uint8Array(count);
  let at = 0;
  for (let i = 0; i < quotas.length; i++) {
    for (let q = 0; q < quotas[i]; q++) result[at++] = i;
  }
  for (let i = count - 1; i > 0; i--) {
    const j = rng.nextInt(i + 1);
    const tmp = result[i];
    result[i] = result[j];
    result[j] = tmp;
  }
  return result;
}
