import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { nanosDecimal, nanosHigh32, nanosLow32, writeNanosFixed64 } from '../../../src/encoders/nanos.js';
import { utf8ByteLength, writeUtf8 } from '../../../src/encoders/utf8.js';
import { textArb } from './arbitraries.js';

function expectedNanos(us: number): bigint {
  return BigInt(us) * 1000n;
}

function writtenNanos(us: number): bigint {
  const bytes = new Uint8Array(10);
  assert.equal(writeNanosFixed64(bytes, 1, us), 9);
  return Buffer.from(bytes).readBigUInt64LE(1);
}

test('microseconds become exact fixed64 nanoseconds at the edges', () => {
  const edges = [
    0,
    1,
    // usLow * 1000 crosses 2^32 here: the carry into the high word must be exact.
    4_294_967,
    4_294_968,
    2 ** 32 - 1,
    2 ** 32,
    2 ** 32 + 1,
    1_700_000_000_000_000,
    1_760_000_000_123_456,
    2 ** 53 - 1,
    // The largest us whose ns still fits in a uint64 (18446744073709551 us).
    Math.floor(Number(2n ** 64n / 1000n)) - 2048,
  ];
  for (const us of edges) {
    const ns = expectedNanos(us);
    assert.equal(writtenNanos(us), ns, `us=${us}`);
    assert.equal(BigInt(nanosLow32(us)), ns & 0xffffffffn, `low us=${us}`);
    assert.equal(BigInt(nanosHigh32(us)), ns >> 32n, `high us=${us}`);
    assert.equal(nanosDecimal(us), ns.toString(), `decimal us=${us}`);
  }
});

test('microseconds become exact nanoseconds for any integer up to 2^53', () => {
  fc.assert(
    fc.property(fc.maxSafeInteger().map(Math.abs), (us) => {
      assert.equal(writtenNanos(us), expectedNanos(us));
      assert.equal(nanosDecimal(us), expectedNanos(us).toString());
    }),
    { numRuns: 2000 },
  );
});

test('UTF-8 length and bytes match Buffer for any string, lone surrogates included', () => {
  fc.assert(
    fc.property(fc.oneof(textArb, fc.string({ unit: 'binary', maxLength: 50 })), (s) => {
      const expected = Buffer.from(s, 'utf8');
      assert.equal(utf8ByteLength(s), expected.length);
      const out = new Uint8Array(expected.length + 2);
      assert.equal(writeUtf8(out, 1, s), expected.length + 1);
      assert.deepStrictEqual(Buffer.from(out.subarray(1, expected.length + 1)), expected);
    }),
    { numRuns: 1000 },
  );
});
