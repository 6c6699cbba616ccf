// The seeded PRNG every generator draws from: sfc32 (small, fast, passes PractRand) seeded by a
// splitmix32-style hash of (seed, stream), so independent streams never depend on draw order.

const TWO_POW_32 = 4294967296;

/** Mixes a 32-bit value into a well-spread 32-bit value (murmur3 finaliser). */
export function mix32(value: number): number {
  let h = value | 0;
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}

/** Hashes any finite number (integers up to 2^53 exactly, fractions approximately) to 32 bits. */
export function hashNumber(value: number, salt: number): number {
  const lo = value >>> 0;
  const hi = Math.floor(value / TWO_POW_32) >>> 0;
  return mix32(mix32(lo ^ mix32(salt)) + Math.imul(hi, 0x9e3779b1));
}

export class Rng {
  private a: number;
  private b: number;
  private c: number;
  private d: number;
  /** Second normal deviate from Box-Muller, kept so every other call is cheap. */
  private spareNormal = 0;
  private hasSpareNormal = false;
  private readonly seedHash: number;

  /** `stream` picks an independent sequence for the same seed. */
  constructor(seed: number, stream = 0) {
    this.seedHash = hashNumber(seed, 0x5eed) ^ mix32(stream + 0x632be5ab);
    this.a = mix32(this.seedHash + 0x9e3779b9);
    this.b = mix32(this.seedHash + 0x3c6ef372);
    this.c = mix32(this.seedHash + 0xdaa66d2b);
    this.d = 1;
    // Warm up so nearby seeds diverge fully.
    for (let i = 0; i < 15; i++) this.nextUint32();
  }

  /** An independent generator for a sub-stream; depends only on this one's seed and `streamId`. */
  fork(streamId: number): Rng {
    return new Rng(this.seedHash, mix32(streamId + 0x1b873593));
  }

  nextUint32(): number {
    const t = (((this.a + this.b) | 0) + this.d) | 0;
    this.d = (this.d + 1) | 0;
    this.a = this.b ^ (this.b >>> 9);
    this.b = (this.c + (this.c << 3)) | 0;
    this.c = (this.c << 21) | (this.c >>> 11);
    this.c = (this.c + t) | 0;
    return t >>> 0;
  }

  /** Uniform in [0, 1). */
  nextFloat(): number {
    return this.nextUint32() / TWO_POW_32;
  }

  /** Uniform integer in [0, n) for n <= 2^32. */
  nextInt(n: number): number {
    return Math.floor(this.nextFloat() * n);
  }

  /** Uniform integer in [min, max]. */
  intBetween(min: number, max: number): number {
    return min + Math.floor(this.nextFloat() * (max - min + 1));
  }

  /** Integer in [0, n) skewed toward 0 (index ~ n * u^2), the usual shape of real value popularity. */
  skewedInt(n: number): number {
    const u = this.nextFloat();
    return Math.floor(u * u * n);
  }

  chance(probability: number): boolean {
    return this.nextFloat() < probability;
  }

  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.nextFloat() * items.length)];
  }

  /** Standard normal deviate (Box-Muller). */
  normal(): number {
    if (this.hasSpareNormal) {
      this.hasSpareNormal = false;
      return this.spareNormal;
    }
    let u = this.nextFloat();
    while (u === 0) u = this.nextFloat();
    const v = this.nextFloat();
    const radius = Math.sqrt(-2 * Math.log(u));
    const angle = 2 * Math.PI * v;
    this.spareNormal = radius * Math.sin(angle);
    this.hasSpareNormal = true;
    return radius * Math.cos(angle);
  }

  /** Log-normal with the given median and sigma (of the underlying normal). */
  lognormal(median: number, sigma: number): number {
    return median * Math.exp(sigma * this.normal());
  }

  /** Fisher-Yates shuffle in place (construction time only). */
  shuffle<T>(items: T[]): T[] {
    for (let i = items.length - 1; i > 0; i--) {
      const j = this.nextInt(i + 1);
      const tmp = items[i];
      items[i] = items[j];
      items[j] = tmp;
    }
    return items;
  }
}

/** `count` log-normal values at the quantiles (i + 0.5) / count: draw one with a table lookup. */
export function lognormalQuantiles(median: number, sigma: number, count: number): Float64Array {
  const table = new Float64Array(count);
  for (let i = 0; i < count; i++) table[i] = median * Math.exp(sigma * normalQuantile((i + 0.5) / count));
  return table;
}

/** Inverse of the standard normal CDF (Acklam's rational approximation, |error| < 1.2e-9). */
export function normalQuantile(p: number): number {
  const a = [
    -39.69683028665376, 220.9460984245205, -275.9285104469687, 138.357751867269, -30.66479806614716,
    2.506628277459239,
  ];
  const b = [
    -54.47609879822406, 161.5858368580409, -155.6989798598866, 66.80131188771972, -13.28068155288572,
  ];
  const c = [
    -0.007784894002430293, -0.3223964580411365, -2.400758277161838, -2.549732539343734, 4.374664141464968,
    2.938163982698783,
  ];
  const d = [0.007784695709041462, 0.3224671290700398, 2.445134137142996, 3.754408661907416];
  const low = 0.02425;
  if (p < low) {
    const q = Math.sqrt(-2 * Math.log(p));
    return (
      (((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5]) /
      ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1)
    );
  }
  if (p > 1 - low) {
    const q = Math.sqrt(-2 * Math.log(1 - p));
    return (
      -(((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5]) /
      ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1)
    );
  }
  const q = p - 0.5;
  const r = q * q;
  return (
    ((((((a[0] * r + a[1]) * r + a[2]) * r + a[3]) * r + a[4]) * r + a[5]) * q) /
    (((((b[0] * r + b[1]) * r + b[2]) * r + b[3]) * r + b[4]) * r + 1)
  );
}
