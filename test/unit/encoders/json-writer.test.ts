import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { JsonWriter } from '../../../src/encoders/json-writer.js';
import { intArb, textArb } from './arbitraries.js';

function written(write: (w: JsonWriter) => void): string {
  const w = new JsonWriter(16);
  write(w);
  return Buffer.from(w.finish()).toString('utf8');
}

test('strings are escaped exactly like JSON.stringify, lone surrogates and controls included', () => {
  fc.assert(
    fc.property(
      fc.oneof(textArb, fc.string({ unit: 'binary', maxLength: 80 }), fc.string({ minLength: 33 })),
      (s) => {
        const w = new JsonWriter(8);
        w.string(s);
        assert.deepStrictEqual(Buffer.from(w.finish()), Buffer.from(JSON.stringify(s), 'utf8'));
      },
    ),
    { numRuns: 2000 },
  );
});

test('integers, quoted 64-bit integers and nanoseconds are exact decimals', () => {
  fc.assert(
    fc.property(intArb, (v) => {
      assert.equal(
        written((w) => w.int(v)),
        String(v),
      );
      assert.equal(
        written((w) => w.quotedInt(v)),
        `"${v}"`,
      );
    }),
    { numRuns: 1000 },
  );
  fc.assert(
    fc.property(fc.maxSafeInteger().map(Math.abs), (us) => {
      assert.equal(
        written((w) => w.quotedNanos(us)),
        `"${(BigInt(us) * 1000n).toString()}"`,
      );
    }),
    { numRuns: 1000 },
  );
});

test('doubles round-trip through JSON.parse; non-finite ones are proto3 JSON strings', () => {
  fc.assert(
    fc.property(fc.double({ noNaN: true, noDefaultInfinity: true }), (v) => {
      assert.ok(Object.is(JSON.parse(written((w) => w.double(v))), v));
    }),
    { numRuns: 1000 },
  );
  assert.equal(
    written((w) => w.double(Number.NaN)),
    '"NaN"',
  );
  assert.equal(
    written((w) => w.double(Number.POSITIVE_INFINITY)),
    '"Infinity"',
  );
  assert.equal(
    written((w) => w.double(Number.NEGATIVE_INFINITY)),
    '"-Infinity"',
  );
});

test('the buffer grows as needed and ids are lowercase hex', () => {
  const w = new JsonWriter(4);
  w.raw('[');
  for (let i = 0; i < 1000; i++) {
    if (i > 0) w.raw(',');
    w.quotedHex(Uint8Array.of(0xab, 0x01, i & 0xff));
  }
  w.raw(']');
  const parsed = JSON.parse(Buffer.from(w.finish()).toString());
  assert.equal(parsed.length, 1000);
  assert.equal(parsed[255], 'ab01ff');
});
