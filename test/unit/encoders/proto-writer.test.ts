import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ProtoWriter } from '../../../src/encoders/proto-writer.js';

test('a long string whose size record grows the size array keeps its size', () => {
  // One size slot to start with: the long string's record is the one that grows the array.
  const w = new ProtoWriter({}, 1024, 1);
  w.beginSizePass();
  w.pushSize(7);
  const long = 'x'.repeat(60);
  const fieldBytes = w.sizeStringUncached(long);
  assert.equal(fieldBytes, 61);
  assert.equal(w.sizeCount, 2);
  assert.equal(w.sizes[0], 7);
  assert.equal(w.sizes[1], 60);
  w.beginWritePass(fieldBytes);
  assert.equal(w.nextSize(), 7);
  const end = w.writeStringUncached(0, long);
  assert.equal(end, 61);
  assert.equal(w.bytes[0], 60);
  assert.equal(Buffer.from(w.bytes.subarray(1, 61)).toString('latin1'), long);
});

for (const bulkCopy of [true, false]) {
  test(`cached fragments of every length copy exactly (bulk copy ${bulkCopy})`, () => {
    copiesEveryLength(new ProtoWriter({ bulkCopy }, 4096, 16));
  });
}

test('the block is wasm memory when asked for; growing it keeps the cached fragments', () => {
  const w = new ProtoWriter({ bulkCopy: true }, 16, 16);
  assert.equal(w.usesBulkCopy, true);
  assert.equal(new ProtoWriter().usesBulkCopy, false, 'off by default');
  const s = 'a string cached before the block grows';
  w.beginSizePass();
  const small = w.sizeString(s);
  w.beginWritePass(small);
  w.pos = w.writeString(0, s);
  const before = Buffer.from(w.finish());
  // A write pass needing 1 MiB grows the block (wasm memory grows in place, detaching the old view).
  w.beginSizePass();
  let total = 0;
  for (let i = 0; i < 30_000; i++) total += w.sizeString(s);
  w.beginWritePass(total);
  assert.ok(w.bytes.length >= total);
  let p = 0;
  for (let i = 0; i < 30_000; i++) p = w.writeString(p, s);
  w.pos = p;
  assert.ok(w.passesAgree(total));
  assert.deepStrictEqual(Buffer.from(w.bytes.subarray(p - before.length, p)), before);
});

function copiesEveryLength(w: ProtoWriter): void {
  const strings: string[] = [];
  for (let n = 0; n <= 42; n++)
    strings.push(String.fromCharCode(...Array.from({ length: n }, (_, i) => 97 + ((i * 7 + n) % 26))));
  w.beginSizePass();
  let total = 0;
  for (const s of strings) total += w.sizeString(s);
  w.beginWritePass(total);
  let p = 0;
  for (const s of strings) p = w.writeString(p, s);
  w.pos = p;
  assert.ok(w.passesAgree(total));
  let q = 0;
  for (const s of strings) {
    assert.equal(w.bytes[q], s.length);
    assert.equal(Buffer.from(w.bytes.subarray(q + 1, q + 1 + s.length)).toString('latin1'), s);
    q += 1 + s.length;
  }
}
