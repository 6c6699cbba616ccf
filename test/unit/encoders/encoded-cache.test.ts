import assert from 'node:assert/strict';
import { test } from 'node:test';
import { KeyValueCache, StringFieldCache } from '../../../src/encoders/encoded-cache.js';
import { VALUE_INT, VALUE_STRING } from '../../../src/model/index.js';

test('a string field is cached once as length prefix + UTF-8, and reused', () => {
  const cache = new StringFieldCache(10);
  const first = cache.lookup('héllo');
  assert.deepStrictEqual([...(first ?? [])], [6, ...Buffer.from('héllo')]);
  assert.equal(cache.lookup('héllo'), first, 'same fragment object on a hit');
  assert.equal(cache.size, 1);
});

test('a key-value is cached as a whole KeyValue message with its length prefix', () => {
  const cache = new KeyValueCache(10);
  const kv = cache.lookup('k', VALUE_STRING, 'v');
  // len 8 | key: 0a 01 'k' | value: 12 03 | AnyValue.string_value: 0a 01 'v'
  assert.deepStrictEqual([...(kv ?? [])], [8, 0x0a, 1, 0x6b, 0x12, 3, 0x0a, 1, 0x76]);
  const negative = cache.lookup('k', VALUE_INT, -1);
  // int_value -1 is a 10-byte two's complement varint.
  assert.deepStrictEqual(
    [...(negative ?? [])],
    [16, 0x0a, 1, 0x6b, 0x12, 11, 0x18, ...Array(9).fill(0xff), 0x01],
  );
  assert.notEqual(cache.lookup('k', VALUE_STRING, '-1'), negative, 'the string "-1" is not the int -1');
});

test('a full cache refuses new entries, then starts over when it mostly misses', () => {
  const cache = new StringFieldCache(2, 8);
  assert.ok(cache.lookup('a'));
  assert.ok(cache.lookup('b'));
  assert.equal(cache.lookup('c'), null, 'full: the caller encodes in place');
  for (let i = 0; i < 8; i++) cache.lookup(`miss-${i}`);
  cache.maintain();
  assert.equal(cache.size, 0);
  assert.ok(cache.lookup('c'), 'room again after the reset');
});

test('a full cache that mostly hits is kept', () => {
  const cache = new StringFieldCache(2, 8);
  cache.lookup('a');
  cache.lookup('b');
  for (let i = 0; i < 8; i++) cache.lookup('a');
  cache.maintain();
  assert.equal(cache.size, 2);
});

test('a key with too many distinct values is bypassed and its entries freed', () => {
  const cache = new KeyValueCache(100, 1 << 20, 3);
  for (const v of ['a', 'b', 'c']) assert.ok(cache.lookup('user.id', VALUE_STRING, v));
  assert.ok(cache.lookup('method', VALUE_STRING, 'GET'));
  assert.equal(cache.size, 4);
  assert.equal(cache.lookup('user.id', VALUE_STRING, 'd'), null, 'fourth distinct value: bypass');
  assert.equal(cache.lookup('user.id', VALUE_STRING, 'a'), null, 'bypassed for good');
  assert.equal(cache.size, 1, 'only method=GET is left');
  assert.ok(cache.lookup('method', VALUE_STRING, 'GET'));
});
