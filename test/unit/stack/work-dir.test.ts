// Work dirs: owned by the process that made them; leftovers of dead owners are removed, and
// nothing else in the temp folder is touched.

import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { createWorkDir, processAlive, removeLeftoverWorkDirs } from '../../../src/stack/work-dir.js';

const root = mkdtempSync(join(tmpdir(), 'workdir-test-'));
after(() => rmSync(root, { recursive: true, force: true }));

/** A pid that existed and is gone now. */
function deadPid(): number {
  const child = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))']);
  const pid = Number(child.stdout.toString());
  assert.equal(processAlive(pid), false);
  return pid;
}

test('removes the work dirs of dead owners only; a dir kept on purpose has no owner and stays', async () => {
  const mine = await createWorkDir('victoriametrics', { owned: true, root });
  const kept = await createWorkDir('prometheus', { owned: false, root });
  assert.match(mine, /obsbench-victoriametrics-/);
  const orphan = join(root, 'obsbench-collector-abc');
  mkdirSync(join(orphan, 'data'), { recursive: true });
  writeFileSync(join(orphan, 'owner.json'), JSON.stringify({ pid: deadPid() }));
  const unowned = join(root, 'obsbench-mp-xyz');
  mkdirSync(unowned);
  const foreign = join(root, 'other-dir');
  mkdirSync(foreign);
  writeFileSync(join(foreign, 'owner.json'), JSON.stringify({ pid: deadPid() }));

  const removed = await removeLeftoverWorkDirs(root);

  assert.deepEqual(removed, [orphan]);
  assert.deepEqual(
    readdirSync(root).sort(),
    ['obsbench-mp-xyz', mine.slice(root.length + 1), kept.slice(root.length + 1), 'other-dir'].sort(),
  );
  assert.equal(existsSync(orphan), false);
});

test('a corrupt owner file keeps the dir', async () => {
  const dir = join(root, 'obsbench-prometheus-bad');
  mkdirSync(dir);
  writeFileSync(join(dir, 'owner.json'), '{not json');
  assert.deepEqual(await removeLeftoverWorkDirs(root), []);
  assert.equal(existsSync(dir), true);
});
