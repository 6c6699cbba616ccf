// Two validate sessions compared claim by claim: same or changed verdicts, the spread between
// the medians, and whether each median lies in the other session's interval.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { verdictAgreement } from '../../../src/claims/agreement.js';
import type { ClaimVerdict } from '../../../src/claims/evaluate.js';

function verdict(
  id: string,
  state: ClaimVerdict['verdict'],
  measured: number | null,
  interval: [number, number] | null = null,
): ClaimVerdict {
  return {
    id,
    statement: '',
    stated: '',
    measured,
    perCore: null,
    unit: '',
    conditions: '',
    sources: '',
    verdict: state,
    reason: '',
    interval: interval && { low: interval[0], high: interval[1], confidence: 0.75, n: 3 },
  };
}

test('the same verdicts: nothing changed, spread is the gap over the mean of the medians', () => {
  const a = verdictAgreement(
    [verdict('vm.ingest', 'pass', 300, [250, 350]), verdict('col.p99', 'inconclusive', 20, [10, 80])],
    [verdict('vm.ingest', 'pass', 200, [150, 320]), verdict('col.p99', 'inconclusive', 81, [15, 90])],
  );
  assert.deepEqual(a.changed, []);
  const vm = a.claims.find((c) => c.id === 'vm.ingest');
  assert.ok(vm);
  assert.equal(vm.spread, 100 / 250);
  assert.equal(vm.withinIntervals, false, '300 is outside [150, 320]? no, but 200 is outside [250, 350]');
  const col = a.claims.find((c) => c.id === 'col.p99');
  assert.equal(col?.withinIntervals, false);
  assert.ok(Math.abs((a.maxSpread ?? 0) - 61 / 50.5) < 1e-12);
});

test('a changed verdict, and a claim only one session has, are both changes', () => {
  const a = verdictAgreement(
    [verdict('x', 'pass', 10, [9, 11]), verdict('gone', 'fail', 1)],
    [verdict('x', 'fail', 10.5, [9.5, 12]), verdict('new', 'inconclusive', null)],
  );
  assert.deepEqual(a.changed.sort(), ['gone', 'new', 'x']);
  const x = a.claims.find((c) => c.id === 'x');
  assert.equal(x?.withinIntervals, true);
  assert.equal(a.claims.find((c) => c.id === 'new')?.spread, null);
});

test('no figure measured in both sessions: no spread at all', () => {
  const a = verdictAgreement([verdict('t', 'inconclusive', null)], [verdict('t', 'inconclusive', null)]);
  assert.equal(a.maxSpread, null);
  assert.deepEqual(a.changed, []);
  assert.equal(a.claims[0].withinIntervals, null);
});
