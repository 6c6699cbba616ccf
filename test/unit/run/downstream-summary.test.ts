import assert from 'node:assert/strict';
import { test } from 'node:test';
import { downstreamSummary } from '../../../src/run/downstream-summary.js';

const reading = { name: 'victoria-metrics', version: 'v1.150.0', signal: 'metrics' as const, refused: 0 };

test('same-unit downstream: its count minus the warmup share, in the signal unit', () => {
  const d = downstreamSummary({ ...reading, unit: 'items', accepted: 7000 }, 1000);
  assert.equal(d.itemsAccepted, 6000);
  assert.equal(d.unit, 'data points');
  assert.match(d.note, /warmup excluded/);
});

test('spanmetrics downstream: samples as counted, labelled as not items', () => {
  const d = downstreamSummary({ ...reading, unit: 'samples', accepted: 5900 }, 1000);
  assert.equal(d.itemsAccepted, 5900);
  assert.equal(d.unit, 'samples');
  assert.match(d.note, /not comparable to items sent/);
});

test('a downstream without a readable counter is recorded as not counted', () => {
  const d = downstreamSummary(
    { ...reading, name: 'tempo', signal: 'traces', unit: 'items', accepted: null, refused: null },
    0,
  );
  assert.equal(d.itemsAccepted, null);
  assert.equal(d.unit, 'spans');
  assert.match(d.note, /not counted/);
});

test('the sink latency from send-time stamps is carried as is; other downstreams have none', () => {
  const latencyMs = { count: 9, p50: 1, p90: 2, p99: 3, p999: 3, max: 3, mean: 1.5, hdrBase64: 'x' };
  const sink = downstreamSummary({ ...reading, name: 'sink', unit: 'items', accepted: 9, latencyMs }, 0);
  assert.deepEqual(sink.latencyMs, latencyMs);
  assert.equal(downstreamSummary({ ...reading, unit: 'items', accepted: 9 }, 0).latencyMs, null);
});
