import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { CapacityComparison } from '../../../src/compare/capacity-ab.js';
import { summaryOf } from '../../../src/compare/repeats.js';
import { formatCapacityComparison } from '../../../src/reporters/capacity-table.js';

test('a capacity comparison prints each side with its spread and the ratio with its interval', () => {
  const c: CapacityComparison = {
    scenario: 'vm-rw',
    a: {
      variant: 'as written',
      searches: 3,
      sustainedRatePerS: summaryOf([200_000, 210_000, 190_000]),
      unsustained: 0,
    },
    b: {
      variant: 'load.batchSize=2000',
      searches: 3,
      sustainedRatePerS: summaryOf([260_000, 250_000]),
      unsustained: 1,
    },
    ratio: { value: 1.275, low: 1.19, high: 1.37 },
    dir: '/tmp/x',
  };
  const text = formatCapacityComparison(c);
  assert.match(
    text,
    /A \(as written\): median 200K items\/s, 95% interval \[190K, 210K\], range 190K-210K over 3 search\(es\)/,
  );
  assert.match(text, /B \(load\.batchSize=2000\): median 255K items\/s.*; 1 search\(es\) found none/);
  assert.match(text, /B \/ A: 1\.275 \[1\.190, 1\.370\]/);
});
