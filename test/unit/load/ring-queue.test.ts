import assert from 'node:assert/strict';
import { test } from 'node:test';
import { RingQueue } from '../../../src/load/ring-queue.js';

test('ring queue keeps FIFO order across wrap-around and refuses past capacity', () => {
  const q = new RingQueue(3);
  for (let round = 0; round < 5; round++) {
    assert.ok(q.push(round * 10 + 1));
    assert.ok(q.push(round * 10 + 2));
    assert.ok(q.push(round * 10 + 3));
    assert.equal(q.push(99), false);
    assert.equal(q.length, 3);
    assert.equal(q.shift(), round * 10 + 1);
    assert.equal(q.shift(), round * 10 + 2);
    assert.equal(q.shift(), round * 10 + 3);
    assert.equal(q.length, 0);
  }
});
