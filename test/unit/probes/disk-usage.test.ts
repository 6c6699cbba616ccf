import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { diskUsage } from '../../../src/probes/disk-usage.js';

test('diskUsage sums file sizes through nested dirs; allocated blocks beside them', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'obsbench-du-'));
  try {
    mkdirSync(join(dir, 'a', 'b'), { recursive: true });
    writeFileSync(join(dir, 'one'), Buffer.alloc(1000, 1));
    writeFileSync(join(dir, 'a', 'two'), Buffer.alloc(5000, 2));
    writeFileSync(join(dir, 'a', 'b', 'three'), Buffer.alloc(70_000, 3));
    const u = await diskUsage(dir);
    assert.equal(u.bytes, 76_000);
    assert.equal(u.files, 3);
    assert.ok(u.allocatedBytes >= 76_000, `allocated ${u.allocatedBytes}`);
    assert.deepEqual(await diskUsage(join(dir, 'missing')), { bytes: 0, allocatedBytes: 0, files: 0 });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
