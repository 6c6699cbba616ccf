import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { buildTraceBatch } from '../../../bench/fixtures.js';
import {
  COMPRESSION_CODECS,
  compressBody,
  contentEncodingHeader,
  decompressBody,
  GZIP_OPTIONS,
} from '../../../src/encoders/compression.js';
import { otlpProtoTraces } from '../../../src/encoders/otlp-proto-traces.js';
import { isObsbenchError } from '../../../src/errors.js';

test('every codec round-trips arbitrary bytes', () => {
  fc.assert(
    fc.property(fc.uint8Array({ maxLength: 4096 }), (bytes) => {
      for (const codec of COMPRESSION_CODECS) {
        assert.deepStrictEqual(decompressBody(codec, compressBody(codec, bytes)), Buffer.from(bytes), codec);
      }
    }),
    { numRuns: 100 },
  );
});

test('every codec shrinks an encoded batch and round-trips it', () => {
  const body = otlpProtoTraces.encode(buildTraceBatch(500));
  for (const codec of COMPRESSION_CODECS) {
    const compressed = compressBody(codec, body);
    if (codec !== 'none') assert.ok(compressed.length < body.length / 2, `${codec}: ${compressed.length}`);
    assert.ok(decompressBody(codec, compressed).equals(body), codec);
  }
});

test("'none' copies, so the result survives the encoder reusing its buffer", () => {
  const view = new Uint8Array([1, 2, 3]);
  const copy = compressBody('none', view);
  view[0] = 9;
  assert.deepStrictEqual([...copy], [1, 2, 3]);
});

test('snappy is the raw block format (uncompressed length varint first), not the framed stream', () => {
  const input = Buffer.from('hello hello hello hello hello');
  const compressed = compressBody('snappy', input);
  assert.equal(compressed[0], input.length);
  assert.notEqual(compressed[0], 0xff, 'a framed stream would start with the 0xff stream identifier');
});

test('gzip output carries the gzip magic bytes; zstd its frame magic', () => {
  const input = Buffer.alloc(1000, 'a');
  assert.deepStrictEqual([...compressBody('gzip', input).subarray(0, 2)], [0x1f, 0x8b]);
  assert.deepStrictEqual([...compressBody('zstd', input).subarray(0, 4)], [0x28, 0xb5, 0x2f, 0xfd]);
});

test('content-encoding header per codec', () => {
  assert.equal(contentEncodingHeader('none'), undefined);
  assert.equal(contentEncodingHeader('gzip'), 'gzip');
  assert.equal(contentEncodingHeader('snappy'), 'snappy');
  assert.equal(contentEncodingHeader('zstd'), 'zstd');
});

test('an unknown codec is a usage error naming the allowed values', () => {
  assert.throws(
    () => compressBody('brotli' as never, new Uint8Array(1)),
    (error) =>
      isObsbenchError(error) && error.code === 'E_USAGE' && /none, gzip, snappy, zstd/.test(error.message),
  );
});

test('gzip bodies are written at the fastest level (header XFL = 4) with the documented options', () => {
  assert.deepStrictEqual(GZIP_OPTIONS, { level: 1, memLevel: 9 });
  const body = compressBody('gzip', otlpProtoTraces.encode(buildTraceBatch(200)));
  assert.deepStrictEqual([body[0], body[1], body[2]], [0x1f, 0x8b, 8], 'gzip magic, deflate');
  assert.equal(body[8], 4, 'XFL: compressor used the fastest algorithm');
});
