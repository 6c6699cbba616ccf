// The pieces of a k6 export: the span tree kept within maxDepth, label cycles that divide the
// series count, and JavaScript values laid out as the formatter would (one line when they fit).

import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { expanded, jsCall, jsCode, jsStatement, jsString } from '../../../src/export/js-value.js';
import { divisorAtMost } from '../../../src/export/k6-metrics.js';
import { spanParents } from '../../../src/export/k6-traces.js';

test('spanParents: every parent comes earlier, one root, depth within maxDepth (at least 2) and reaching it', () => {
  fc.assert(
    fc.property(fc.integer({ min: 1, max: 300 }), fc.integer({ min: 1, max: 50 }), (spans, maxDepth) => {
      const parents = spanParents(spans, maxDepth);
      assert.equal(parents.length, spans);
      assert.equal(parents[0], -1);
      const depth: number[] = [];
      parents.forEach((parent, i) => {
        assert.ok(parent < i);
        depth.push(parent < 0 ? 1 : depth[parent] + 1);
      });
      // One root: several spans make a tree at least 2 deep.
      assert.equal(Math.max(...depth), spans === 1 ? 1 : Math.min(spans, Math.max(2, maxDepth)));
    }),
  );
  assert.deepEqual(spanParents(8, 4), [-1, 0, 1, 2, 2, 2, 2, 2]);
  assert.deepEqual(spanParents(4, 1), [-1, 0, 0, 0]);
});

test('divisorAtMost: the largest divisor of n not above the limit', () => {
  assert.equal(divisorAtMost(20_000, 100), 100);
  assert.equal(divisorAtMost(1000, 7), 5);
  assert.equal(divisorAtMost(7, 3), 1);
  assert.equal(divisorAtMost(12, 50), 12);
  fc.assert(
    fc.property(fc.integer({ min: 1, max: 100_000 }), fc.integer({ min: 1, max: 1000 }), (n, limit) => {
      const d = divisorAtMost(n, limit);
      assert.ok(d >= 1 && d <= limit && n % d === 0);
      for (let e = d + 1; e <= Math.min(n, limit); e++) assert.notEqual(n % e, 0);
    }),
  );
});

test('jsString: single quotes unless the text holds more of them than double quotes', () => {
  assert.equal(jsString('a b'), "'a b'");
  assert.equal(jsString("it's"), `"it's"`);
  assert.equal(jsString(`say "it's"`), `'say "it\\'s"'`);
  assert.equal(jsString('a\\b\nc'), "'a\\\\b\\nc'");
});

test('jsStatement: one line when it fits in 110 columns, else one entry a line; arrays of objects break', () => {
  assert.equal(
    jsStatement('const a = ', { x: 1, y: 'z', 'a-b': true }, ';'),
    "const a = { x: 1, y: 'z', 'a-b': true };",
  );
  assert.equal(
    jsStatement('const a = ', expanded({ x: 1, skip: undefined }), ';'),
    'const a = {\n  x: 1,\n};',
  );
  assert.equal(
    jsStatement(
      'const s = ',
      [
        { a: 1, b: 2 },
        { a: 3, b: 4 },
      ],
      ';',
    ),
    'const s = [\n  { a: 1, b: 2 },\n  { a: 3, b: 4 },\n];',
  );
  assert.equal(jsStatement('const s = ', [{ a: 1 }, { a: 2 }], ';'), 'const s = [{ a: 1 }, { a: 2 }];');
  const long = { name: 'x'.repeat(60), other: 'y'.repeat(40) };
  assert.equal(
    jsStatement('const c = ', jsCall('new C', long), ';'),
    `const c = new C({\n  name: '${long.name}',\n  other: '${long.other}',\n});`,
  );
  assert.equal(jsStatement('const c = ', jsCall('f', { e: jsCode('E') }), ';'), 'const c = f({ e: E });');
  // Exactly 110 columns stays on one line; 111 breaks.
  const fits = `const v = ['${'a'.repeat(110 - "const v = [''];".length)}'];`;
  assert.equal(fits.length, 110);
  assert.equal(jsStatement('const v = ', ['a'.repeat(110 - "const v = [''];".length)], ';'), fits);
  assert.match(
    jsStatement('const v = ', ['a'.repeat(111 - "const v = [''];".length)], ';'),
    /^const v = \[\n {2}'a+',\n\];$/,
  );
});
