import assert from 'node:assert/strict';
import { test } from 'node:test';
import { mergeTimeseries, PerSecondSeries } from '../../../src/stats/rate-window.js';

test('counts land in the whole second since start', () => {
  const series = new PerSecondSeries();
  series.recordSent(0, 100);
  series.recordSent(999.9, 100);
  series.recordSent(1000, 50);
  series.recordAccepted(1500, 40);
  series.recordFailed(2999, 7);
  series.recordSent(-5, 1_000); // warmup: ignored
  const points = series.points();
  assert.equal(points.length, 3);
  assert.deepEqual(
    points.map((p) => [p.tS, p.sentPerS, p.acceptedPerS, p.failedPerS]),
    [
      [0, 200, 0, 0],
      [1, 50, 40, 0],
      [2, 0, 0, 7],
    ],
  );
  assert.equal(series.ignoredSamples, 1);
  assert.equal(series.lengthS, 3);
});

test('arrays grow past the initial capacity and keep earlier seconds', () => {
  const series = new PerSecondSeries();
  for (let second = 0; second < 300; second++) series.recordSent(second * 1000 + 10, second);
  series.recordBackend(299_500, 2.5, 1e9);
  const points = series.points();
  assert.equal(points.length, 300);
  assert.equal(points[0].sentPerS, 0);
  assert.equal(points[63].sentPerS, 63);
  assert.equal(points[64].sentPerS, 64);
  assert.equal(points[299].sentPerS, 299);
  assert.equal(points[299].backendCpuCores, 2.5);
  assert.equal(points[299].backendRssBytes, 1e9);
  // Seconds without a probe sample carry no backend fields (NaN fill survived the growth).
  assert.equal('backendCpuCores' in points[200], false);
});

test('latency p99 is computed per second', () => {
  const series = new PerSecondSeries();
  for (let i = 1; i <= 100; i++) series.recordLatency(500, i); // second 0: 1..100 ms
  for (let i = 1; i <= 100; i++) series.recordLatency(1500, 1000 + i); // second 1: 1001..1100 ms
  const points = series.points();
  assert.ok(Math.abs(points[0].latencyP99Ms - 99) < 0.1, `p99 s0 ${points[0].latencyP99Ms}`);
  assert.ok(Math.abs(points[1].latencyP99Ms - 1099) < 1.1, `p99 s1 ${points[1].latencyP99Ms}`);
});

test('a second closed by later traffic keeps its p99; samples older than the open window are counted as late', () => {
  const series = new PerSecondSeries();
  series.recordLatency(100, 10); // second 0, ring slot 0
  series.recordLatency(10_100, 20); // second 10, slot 2
  series.recordLatency(8_100, 30); // second 8 takes slot 0 and closes second 0
  series.recordLatency(4_100, 99); // second 4 (slot 0) is older than the open second 8 -> late
  const points = series.points();
  assert.ok(Math.abs(points[0].latencyP99Ms - 10) < 0.05);
  assert.ok(Math.abs(points[8].latencyP99Ms - 30) < 0.05);
  assert.ok(Math.abs(points[10].latencyP99Ms - 20) < 0.05);
  assert.equal(points[4].latencyP99Ms, 0);
  assert.equal(series.lateLatencySamples, 1);
  // points() mid-run does not disturb the open seconds.
  series.recordLatency(8_200, 30);
  assert.ok(Math.abs(series.points()[8].latencyP99Ms - 30) < 0.05);
});

test('reset empties the series', () => {
  const series = new PerSecondSeries();
  series.recordSent(5_000, 10);
  series.recordLatency(5_000, 10);
  series.reset();
  assert.deepEqual(series.points(), []);
  series.recordSent(0, 1);
  assert.equal(series.points()[0].latencyP99Ms, 0);
});

test('mergeTimeseries adds counts and keeps the largest p99 per second', () => {
  const a = new PerSecondSeries();
  const b = new PerSecondSeries();
  a.recordSent(100, 10);
  a.recordLatency(100, 5);
  a.recordBackend(100, 1.5, 100);
  b.recordSent(200, 20);
  b.recordLatency(200, 7);
  b.recordSent(2_200, 3);
  const merged = mergeTimeseries([a.points(), b.points()]);
  assert.equal(merged.length, 3);
  assert.equal(merged[0].sentPerS, 30);
  assert.ok(Math.abs(merged[0].latencyP99Ms - 7) < 0.01);
  assert.equal(merged[0].backendCpuCores, 1.5);
  assert.equal(merged[1].sentPerS, 0);
  assert.equal(merged[2].sentPerS, 3);
  assert.equal(merged[2].tS, 2);
});

test('points(from, to) returns just that window of seconds', () => {
  const series = new PerSecondSeries();
  for (let s = 0; s < 10; s++) series.recordSent(s * 1000 + 10, s + 1);
  const window = series.points(7, 9);
  assert.deepEqual(
    window.map((p) => [p.tS, p.sentPerS]),
    [
      [7, 8],
      [8, 9],
    ],
  );
  assert.equal(series.points(-3, 2).length, 2);
  assert.equal(series.points(8, 50).length, 2);
  assert.equal(series.points().length, 10);
});
