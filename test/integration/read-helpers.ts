// Shared checks of a managed run's read path: queries answered, freshness measured, and the
// stored items counted back by the backend's query API.

import assert from 'node:assert/strict';
import type { RunResult } from '../../src/model/run-result.js';

export function assertReadPath(result: RunResult, o: { freshness: boolean }): void {
  const queries = Object.entries(result.read.queries);
  assert.ok(queries.length >= 3, `read queries: ${queries.map(([name]) => name).join(', ')}`);
  for (const [name, q] of queries) {
    assert.ok(q.count > 0 && q.p50 > 0 && q.p99 >= q.p50, `${name}: ${JSON.stringify(q).slice(0, 200)}`);
  }
  assert.equal(result.read.note, '');
  if (o.freshness) {
    const f = result.read.freshness;
    assert.ok(f && f.samples > 0, `freshness samples: ${JSON.stringify(f)}`);
    assert.ok(
      result.read.freshnessMs !== null && result.read.freshnessMs > 0 && result.read.freshnessMs < 15_000,
    );
  }
  const c = result.completeness;
  assert.ok(c.expected > result.load.itemsSent, 'expected: items sent in every phase, warmup included');
  assert.equal(c.missing, 0, JSON.stringify(c).slice(0, 300));
  assert.equal(c.duplicated, 0);
  assert.equal(c.ratio, 1);
  assert.match(c.method, /query API/);
}
