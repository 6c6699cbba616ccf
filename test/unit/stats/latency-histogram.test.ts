import assert from 'node:assert/strict';
import { test } from 'node:test';
import { build, encodeIntoCompressedBase64 } from 'hdr-histogram-js';
import { HIGHEST_US, LatencyHistogram } from '../../../src/stats/latency-histogram.js';
import { seededRandom } from '../reporters/fixture.js';

/** Latencies from 0.05 ms to ~8 s, log-uniform, rounded to the microsecond the histogram keeps. */
function randomLatenciesMs(seed: number, count: number): number[] {
  const random = seededRandom(seed);
  const values: number[] = [];
  for (let i = 0; i < count; i++) values.push(Math.round(0.05 * Math.exp(random() * 12) * 1000) / 1000);
  return values;
}

/** The value at `percentile` by the nearest-rank definition HdrHistogram uses (rank rounded up). */
function referencePercentile(sorted: number[], percentile: number): number {
  // The epsilon absorbs float noise such as 0.999 * 20000 = 19980.000000000004.
  const rank = Math.max(1, Math.ceil((percentile / 100) * sorted.length - 1e-7));
  return sorted[rank - 1];
}

test('percentiles match a sorted-array reference within HDR precision (3 digits)', () => {
  const values = randomLatenciesMs(1, 20_000);
  const histogram = new LatencyHistogram();
  for (const v of values) histogram.recordMs(v);
  const sorted = [...values].sort((a, b) => a - b);
  const summary = histogram.summary();
  const checks: [number, number][] = [
    [50, summary.p50],
    [90, summary.p90],
    [99, summary.p99],
    [99.9, summary.p999],
    [100, summary.max],
  ];
  for (const [percentile, measured] of checks) {
    const expected = referencePercentile(sorted, percentile);
    // HDR reports the highest value equivalent to the bucket: >= the true value, within 0.1 %.
    assert.ok(
      measured >= expected - 1e-9 && measured <= expected * 1.001 + 0.001,
      `p${percentile}: histogram ${measured} ms, reference ${expected} ms`,
    );
  }
  const trueMean = values.reduce((sum, v) => sum + v, 0) / values.length;
  assert.ok(Math.abs(summary.mean - trueMean) / trueMean < 0.001, `mean ${summary.mean} vs ${trueMean}`);
  assert.equal(summary.count, 20_000);
});

test('merging two histograms equals recording every value in one', () => {
  const a = randomLatenciesMs(2, 5_000);
  const b = randomLatenciesMs(3, 7_000);
  const left = new LatencyHistogram();
  const right = new LatencyHistogram();
  const all = new LatencyHistogram();
  for (const v of a) {
    left.recordMs(v);
    all.recordMs(v);
  }
  for (const v of b) {
    right.recordMs(v);
    all.recordMs(v);
  }
  const viaObject = new LatencyHistogram();
  viaObject.merge(left);
  viaObject.merge(right);
  assert.deepEqual(viaObject.summary(), all.summary());

  // The same through the encoded form, as a worker or another process would send it.
  const viaBase64 = LatencyHistogram.fromBase64(left.toBase64());
  viaBase64.merge(right.toBase64());
  assert.deepEqual(viaBase64.summary(), all.summary());
  assert.equal(viaBase64.count, 12_000);
});

test('base64 round trip keeps every figure', () => {
  const histogram = new LatencyHistogram();
  for (const v of randomLatenciesMs(4, 3_000)) histogram.recordMs(v);
  const encoded = histogram.toBase64();
  assert.match(encoded, /^[A-Za-z0-9+/]+=*$/);
  const decoded = LatencyHistogram.fromBase64(encoded);
  assert.deepEqual(decoded.summary(), histogram.summary());
  assert.equal(decoded.toBase64(), encoded);
});

test('values above one hour are clamped and counted; negative and NaN count as 0', () => {
  const histogram = new LatencyHistogram();
  histogram.recordMs(5);
  histogram.recordMs(2 * 3_600_000); // 2 h
  histogram.recordMs(Number.POSITIVE_INFINITY);
  histogram.recordMs(-3);
  histogram.recordMs(Number.NaN);
  assert.equal(histogram.count, 5);
  assert.equal(histogram.clampedCount, 2);
  const summary = histogram.summary();
  assert.ok(Math.abs(summary.max - 3_600_000) / 3_600_000 < 0.001, `max ${summary.max}`);
  assert.equal(histogram.percentileMs(0), 0);
  // The clamp count is part of the histogram, so it survives the encoded form.
  assert.equal(LatencyHistogram.fromBase64(histogram.toBase64()).clampedCount, 2);
});

test('an encoded histogram with a wider range merges with its excess clamped', () => {
  const foreign = build({ highestTrackableValue: 10 * HIGHEST_US, numberOfSignificantValueDigits: 3 });
  foreign.recordValue(2_000); // 2 ms
  foreign.recordValue(5 * HIGHEST_US);
  const histogram = new LatencyHistogram();
  histogram.merge(encodeIntoCompressedBase64(foreign));
  assert.equal(histogram.count, 2);
  assert.equal(histogram.clampedCount, 1);
  assert.ok(Math.abs(histogram.percentileMs(50) - 2) < 0.01);
});

test('empty and reset histograms summarise to zeros with a decodable encoding', () => {
  const histogram = new LatencyHistogram();
  histogram.recordMs(12);
  histogram.reset();
  const summary = histogram.summary();
  assert.equal(summary.count, 0);
  assert.equal(summary.p99, 0);
  assert.equal(summary.max, 0);
  assert.equal(summary.mean, 0);
  assert.equal(histogram.clampedCount, 0);
  assert.equal(LatencyHistogram.fromBase64(summary.hdrBase64).count, 0);
});
