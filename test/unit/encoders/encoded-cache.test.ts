import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  fragmentLength,
  fragmentOffset,
  KeyValueCache,
  StringFieldCache,
} from '../../../src/encoders/encoded-cache.js';
import { VALUE_INT, VALUE_STRING } from '../../../src/model/index.js';

const host = () => ({ memory: new Uint8Array(4096) });
const bytesOf = (h: { memory: Uint8Array }, ref: number) => [
  ...h.memory.subarray(fragmentOffset(ref), fragmentOffset(ref) + fragmentLength(ref)),
];

test('a string field is cached once as length prefix + UTF-8 in the arena, and reused', () => {
  const h = host();
  const cache = new StringFieldCache(h, 100, 200, 10);
  const first = cache.lookup('héllo');
  assert.ok(first >= 0);
  assert.equal(fragmentOffset(first), 100, 'placed at the start of its arena');
  assert.deepStrictEqual(bytesOf(h, first), [6, ...Buffer.from('héllo')]);
  assert.equal(cache.lookup('héllo'), first, 'same reference on a hit');
  assert.equal(cache.size, 1);
});

test('a key-value is cached as a whole KeyValue message with its length prefix', () => {
  const h = host();
  const cache = new KeyValueCache(h, 0, 4096, 10);
  const kv = cache.lookup('k', VALUE_STRING, 'v');
  // len 8 | key: 0a 01 'k' | value: 12 03 | AnyValue.string_value: 0a 01 'v'
  assert.deepStrictEqual(bytesOf(h, kv), [8, 0x0a, 1, 0x6b, 0x12, 3, 0x0a, 1, 0x76]);
  const negative = cache.lookup('k', VALUE_INT, -1);
  // int_value -1 is a 10-byte two's complement varint.
  assert.deepStrictEqual(bytesOf(h, negative), [
    16,
    0x0a,
    1,
    0x6b,
    0x12,
    11,
    0x18,
    ...Array(9).fill(0xff),
    0x01,
  ]);
  assert.notEqual(cache.lookup('k', VALUE_STRING, '-1'), negative, 'the string "-1" is not the int -1');
});

test('a 126-byte value takes two-byte AnyValue and KeyValue lengths', () => {
  const h = host();
  const cache = new KeyValueCache(h, 0, 4096, 10);
  const value = '日'.repeat(42);
  const bytes = bytesOf(h, cache.lookup('k', VALUE_STRING, value));
  // KeyValue length 3 + 1 + 2 + 128 = 134 -> 0x86 0x01; AnyValue length 128 -> 0x80 0x01.
  assert.deepStrictEqual(bytes.slice(0, 8), [0x86, 0x01, 0x0a, 1, 0x6b, 0x12, 0x80, 0x01]);
  assert.deepStrictEqual(bytes.slice(8, 10), [0x0a, 126]);
  assert.equal(Buffer.from(bytes.slice(10)).toString('utf8'), value);
});

test('a full cache refuses new entries (entry count or arena bytes), then starts over when it mostly misses', () => {
  const cache = new StringFieldCache(host(), 0, 4096, 2, 8);
  assert.ok(cache.lookup('a') >= 0);
  assert.ok(cache.lookup('b') >= 0);
  assert.equal(cache.lookup('c'), -1, 'full: the caller encodes in place');
  for (let i = 0; i < 8; i++) cache.lookup(`miss-${i}`);
  cache.maintain();
  assert.equal(cache.size, 0);
  assert.ok(cache.lookup('c') >= 0, 'room again after the reset');
  const small = new StringFieldCache(host(), 0, 4, 100);
  assert.ok(small.lookup('ab') >= 0, '3 bytes fit');
  assert.equal(small.lookup('cd'), -1, 'arena exhausted');
});

test('a full cache that mostly hits is kept', () => {
  const cache = new StringFieldCache(host(), 0, 4096, 2, 8);
  cache.lookup('a');
  cache.lookup('b');
  for (let i = 0; i < 8; i++) cache.lookup('a');
  cache.maintain();
  assert.equal(cache.size, 2);
});

test('a key with too many distinct values is bypassed and its entries freed', () => {
  const cache = new KeyValueCache(host(), 0, 4096, 100, 1 << 20, 3);
  for (const v of ['a', 'b', 'c']) assert.ok(cache.lookup('user.id', VALUE_STRING, v) >= 0);
  assert.ok(cache.lookup('method', VALUE_STRING, 'GET') >= 0);
  assert.equal(cache.size, 4);
  assert.equal(cache.lookup('user.id', VALUE_STRING, 'd'), -1, 'fourth distinct value: bypass');
  assert.equal(cache.lookup('user.id', VALUE_STRING, 'a'), -1, 'bypassed for good');
  assert.equal(cache.size, 1, 'only method=GET is left');
  assert.ok(cache.lookup('method', VALUE_STRING, 'GET') >= 0);
});
