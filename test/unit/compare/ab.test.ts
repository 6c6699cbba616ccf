import assert from 'node:assert/strict';
import { test } from 'node:test';
import { interleavedOrder } from '../../../src/compare/ab.js';

test('interleaved order: A B, B A, ...; each side first as often as the other and run n times', () => {
  assert.deepEqual(interleavedOrder(3), ['a', 'b', 'b', 'a', 'a', 'b']);
  const order = interleavedOrder(4);
  assert.equal(order.filter((s) => s === 'a').length, 4);
  assert.equal(order.filter((s) => s === 'b').length, 4);
  assert.equal([0, 2, 4, 6].filter((i) => order[i] === 'a').length, 2, 'A leads half the pairs');
});
