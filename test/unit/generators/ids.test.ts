import assert from 'node:assert/strict';
import { test } from 'node:test';
import { id6, writeId6 } from '../../../src/generators/ids.js';

test('writeId6 writes the same six characters id6 returns, for values across the 32-bit range', () => {
  const out = new Uint8Array(8).fill(0x2e);
  for (const value of [0, 1, 35, 36, 1295, 1296, 1679615, 1679616, 2 ** 31 - 1, 2 ** 32 - 1, 123456789]) {
    writeId6(out, 1, value);
    assert.equal(Buffer.from(out).toString('latin1'), `.${id6(value)}.`, String(value));
  }
});
