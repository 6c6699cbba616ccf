import assert from 'node:assert/strict';
import { mkdir, mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import {
  compactTimestamp,
  createResultDir,
  resultDirName,
  safeName,
  writeResultAtomic,
} from '../../../src/result/write.js';

const root = await mkdtemp(join(tmpdir(), 'obsbench-write-'));
after(() => rm(root, { recursive: true, force: true }));

test('writeResultAtomic creates the directory, writes, replaces, and leaves no temp files', async () => {
  const dir = join(root, 'a', 'b');
  const path = await writeResultAtomic(dir, 'result.json', '{"v":1}');
  assert.equal(path, join(dir, 'result.json'));
  assert.equal(await readFile(path, 'utf8'), '{"v":1}');

  await writeResultAtomic(dir, 'result.json', Buffer.from('{"v":2}'));
  assert.equal(await readFile(path, 'utf8'), '{"v":2}');
  assert.deepEqual(await readdir(dir), ['result.json']);
});

test('a failed rename removes the temp file and rejects', async () => {
  const dir = join(root, 'blocked');
  await mkdir(join(dir, 'out.json'), { recursive: true }); // a directory where the file should go
  await assert.rejects(writeResultAtomic(dir, 'out.json', 'x'));
  assert.deepEqual(await readdir(dir), ['out.json']);
});

test('result directory names: UTC timestamp, safe scenario name, collision suffix', () => {
  const startedAt = new Date('2024-05-01T02:03:04.567Z');
  assert.equal(compactTimestamp(startedAt), '20240501-020304');
  assert.equal(safeName('tempo / otlp grpc: 10k'), 'tempo-otlp-grpc-10k');
  assert.equal(safeName('../..'), 'scenario');
  assert.equal(
    resultDirName(startedAt, 'quick start', { exists: () => false }),
    join('results', '20240501-020304-quick-start'),
  );

  const taken = new Set([join('out', '20240501-020304-q'), join('out', '20240501-020304-q-2')]);
  assert.equal(
    resultDirName(startedAt, 'q', { baseDir: 'out', exists: (p) => taken.has(p) }),
    join('out', '20240501-020304-q-3'),
  );
});

test('createResultDir claims a fresh directory even within the same second', async () => {
  const startedAt = new Date('2024-05-01T02:03:04Z');
  const base = join(root, 'results');
  const first = await createResultDir(startedAt, 'q', base);
  const second = await createResultDir(startedAt, 'q', base);
  assert.equal(first, join(base, '20240501-020304-q'));
  assert.equal(second, join(base, '20240501-020304-q-2'));
  assert.deepEqual((await readdir(base)).sort(), ['20240501-020304-q', '20240501-020304-q-2']);
});
