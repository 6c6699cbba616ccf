import assert from 'node:assert/strict';
import { test } from 'node:test';
import { completenessReport } from '../../../../src/probes/read/completeness.js';
import type { ReadContext, ReadProbe, StoredCount } from '../../../../src/probes/read/read-probe.js';
import { checkCompleteness } from '../../../../src/run/completeness.js';

const ctx = { baseUrl: 'http://127.0.0.1:1', fromUs: 0, toUs: 1 } as ReadContext;

function probeCounting(counts: number[]): ReadProbe & { calls: number } {
  const probe = {
    unit: 'things',
    calls: 0,
    queries: async () => [],
    countStored: async (): Promise<StoredCount> => {
      const total = counts[Math.min(probe.calls, counts.length - 1)];
      probe.calls++;
      return { total, byGroup: { a: total } };
    },
    canary: { write: async () => {}, isVisible: async () => true },
  };
  return probe;
}

test('completenessReport: missing, duplicated and ratio from expected vs stored', () => {
  assert.deepEqual(completenessReport(100, { total: 100, byGroup: null }, 'm'), {
    expected: 100,
    verified: 100,
    missing: 0,
    duplicated: 0,
    ratio: 1,
    method: 'm',
    byGroup: null,
  });
  const short = completenessReport(100, { total: 93, byGroup: null }, 'm');
  assert.equal(short.missing, 7);
  assert.equal(short.duplicated, 0);
  assert.equal(short.ratio, 0.93);
  const extra = completenessReport(100, { total: 104, byGroup: null }, 'm');
  assert.equal(extra.missing, 0);
  assert.equal(extra.duplicated, 4);
  assert.equal(extra.verified, 100);
  assert.equal(extra.ratio, 1);
  assert.equal(completenessReport(0, { total: 0, byGroup: null }, 'm').ratio, null);
});

test('checkCompleteness waits while the count still grows, and stops once it reaches expected', async () => {
  const probe = probeCounting([0, 40, 90, 100, 100]);
  const report = await checkCompleteness(probe, ctx, 100, { pollMs: 5, stableMs: 1000 });
  assert.equal(report.verified, 100);
  assert.equal(report.missing, 0);
  assert.equal(probe.calls, 4);
  assert.deepEqual(report.byGroup, { a: 100 });
  assert.match(report.method, /^things;/);
});

test('checkCompleteness reports what is missing once the count stops moving', async () => {
  const probe = probeCounting([10, 60, 60]);
  const started = Date.now();
  const report = await checkCompleteness(probe, ctx, 100, { pollMs: 10, stableMs: 100 });
  assert.equal(report.missing, 40);
  assert.ok(Date.now() - started >= 100, 'waited for the count to be stable');
  assert.ok(Date.now() - started < 2000);
});
