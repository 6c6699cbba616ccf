import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ByteHash, DistinctSet64 } from '../../../bench/distinct-set.js';

test('DistinctSet64 counts each key once across growth, with dense indexes in first-seen order', () => {
  const set = new DistinctSet64();
  for (let i = 0; i < 50_000; i++) assert.equal(set.add(i >>> 3, i * 7), true);
  for (let i = 0; i < 50_000; i++) assert.equal(set.add(i >>> 3, i * 7), false);
  assert.equal(set.size, 50_000);
  assert.equal(set.indexOf(0, 0), 0);
  assert.equal(set.indexOf(12_345 >>> 3, 12_345 * 7), 12_345);
  // Keys that differ only in the high half, and the all-zero and all-ones keys.
  assert.equal(set.add(1, 0), true);
  assert.equal(set.add(0xffffffff, 0xffffffff), true);
  assert.equal(set.add(-1, -1), false, 'the same key as uint32');
  assert.equal(set.size, 50_002);
});

test('DistinctSet64.clear empties the set and dense indexes start again at 0', () => {
  const set = new DistinctSet64();
  for (let i = 0; i < 10_000; i++) set.add(0, i);
  set.clear();
  assert.equal(set.size, 0);
  assert.equal(set.indexOf(0, 9_999), 0);
  assert.equal(set.add(0, 5), true);
  assert.equal(set.size, 2);
});

test('ByteHash depends on the bytes of the range only, not where they sit', () => {
  const bytes = new Uint8Array([9, 9, 1, 2, 3, 4, 5, 9, 1, 2, 3, 4, 5]);
  const a = new ByteHash().of(bytes, 2, 7);
  const b = new ByteHash().of(bytes, 8, 13);
  assert.deepEqual([a.hi, a.lo], [b.hi, b.lo]);
  const shorter = new ByteHash().of(bytes, 2, 6);
  assert.notDeepEqual([shorter.hi, shorter.lo], [a.hi, a.lo]);
  const empty = new ByteHash().of(bytes, 3, 3);
  assert.notDeepEqual([empty.hi, empty.lo], [0, 0]);
});

test('ByteHash gives 200K near-identical values (counters, one tail byte apart) 200K distinct keys', () => {
  const set = new DistinctSet64();
  const hash = new ByteHash();
  const value = new Uint8Array(21);
  value.fill(0x61);
  const view = new DataView(value.buffer);
  for (let i = 0; i < 100_000; i++) {
    view.setUint32(4, i);
    value[20] = 0x61;
    hash.of(value, 0, 21);
    set.add(hash.hi, hash.lo);
    value[20] = 0x62;
    hash.of(value, 0, 21);
    set.add(hash.hi, hash.lo);
  }
  assert.equal(set.size, 200_000);
});
