import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  fragmentLength,
  fragmentOffset,
  KeyValueCache,
  StringFieldCache,
} from '../../../src/encoders/encoded-cache.js';
import {
  internedAttributes,
  VALUE_BOOL,
  VALUE_DOUBLE,
  VALUE_INT,
  VALUE_STRING,
} from '../../../src/model/index.js';

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

test('an interned attribute is encoded once, like the same attribute by value, with any length and type', () => {
  const h = { memory: new Uint8Array(8192) };
  const cache = new KeyValueCache(h, 0, 8192, 100);
  const short = internedAttributes.intern('http.request.method', VALUE_STRING, 'GET');
  const ref = cache.lookupInterned(short);
  assert.ok(ref > 0);
  assert.equal(cache.lookupInterned(short), ref, 'same reference on a hit');
  const key = Buffer.from('http.request.method');
  assert.deepStrictEqual(bytesOf(h, ref), [28, 0x0a, 19, ...key, 0x12, 5, 0x0a, 3, ...Buffer.from('GET')]);
  assert.deepStrictEqual(
    bytesOf(h, ref),
    bytesOf(h, cache.lookup('http.request.method', VALUE_STRING, 'GET')),
    'the same bytes as the by-value path',
  );
  // 200 ASCII bytes: one-byte key length, two-byte value, AnyValue and KeyValue lengths.
  const long = cache.lookupInterned(
    internedAttributes.intern('db.query.text', VALUE_STRING, 'q'.repeat(200)),
  );
  const text = Buffer.from('db.query.text');
  assert.deepStrictEqual(bytesOf(h, long), [
    ...[0xdd, 0x01], // KeyValue length 221
    ...[0x0a, text.length, ...text],
    ...[0x12, 0xcb, 0x01], // AnyValue length 203
    ...[0x0a, 0xc8, 0x01, ...Buffer.from('q'.repeat(200))],
  ]);
  const flag = cache.lookupInterned(internedAttributes.intern('ok', VALUE_BOOL, 1));
  assert.deepStrictEqual(bytesOf(h, flag), [8, 0x0a, 2, 0x6f, 0x6b, 0x12, 2, 0x10, 1]);
  const ratio = cache.lookupInterned(internedAttributes.intern('r', VALUE_DOUBLE, -0));
  assert.deepStrictEqual(bytesOf(h, ratio), [14, 0x0a, 1, 0x72, 0x12, 9, 0x21, 0, 0, 0, 0, 0, 0, 0, 0x80]);
  const tooLong = internedAttributes.intern('big', VALUE_STRING, 'x'.repeat(600));
  assert.equal(cache.lookupInterned(tooLong), -1, 'longer than a fragment: encoded in place');
});

test('interned fragments are dropped with the cache when it starts over', () => {
  const cache = new KeyValueCache(host(), 0, 4096, 2, 8);
  const a = internedAttributes.intern('k', VALUE_STRING, 'interned-a');
  const first = cache.lookupInterned(a);
  assert.ok(first > 0);
  cache.lookup('k', VALUE_STRING, 'b');
  assert.equal(cache.lookupInterned(internedAttributes.intern('k', VALUE_STRING, 'interned-c')), -1, 'full');
  for (let i = 0; i < 8; i++) cache.lookup('k', VALUE_STRING, `miss-${i}`);
  cache.maintain();
  assert.equal(cache.size, 0);
  const c = cache.lookupInterned(internedAttributes.intern('k', VALUE_STRING, 'interned-c'));
  assert.equal(fragmentOffset(c), 0, 'retried after the reset, placed at the start of the arena');
  assert.ok(cache.lookupInterned(a) > 0, 're-encoded, not a stale reference');
  assert.notEqual(cache.lookupInterned(a), first);
});
