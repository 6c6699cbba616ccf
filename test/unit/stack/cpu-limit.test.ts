// The CPU-limit group against stand-in cgroup roots (plain directories): the quota it writes for
// cgroup v1 and v2, the command wrapper, removal, the sweep of groups a dead obsbench left, and the error
// where no cgroup can be made. The real kernel limit is tested in test/integration/managed-process.

import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { ObsbenchError } from '../../../src/errors.js';
import { CpuLimitGroup } from '../../../src/stack/cpu-limit.js';

const dir = mkdtempSync(join(tmpdir(), 'obsbench-cpu-limit-'));
after(() => rmSync(dir, { recursive: true, force: true }));

function roots(name: string, v2: boolean): { v2: string; v1Cpu: string } {
  const v2Root = join(dir, name, 'unified');
  const v1Cpu = join(dir, name, 'cpu');
  mkdirSync(v2Root, { recursive: true });
  mkdirSync(v1Cpu, { recursive: true });
  if (v2) {
    writeFileSync(join(v2Root, 'cgroup.controllers'), 'cpuset cpu io memory pids\n');
    writeFileSync(join(v2Root, 'cgroup.subtree_control'), 'memory\n');
  }
  return { v2: v2Root, v1Cpu };
}

test('cgroup v1: a group under the cpu controller with the quota per 100 ms period', () => {
  const r = roots('v1', false);
  const group = CpuLimitGroup.create(0.5, r);
  const groupDir = join(r.v1Cpu, `obsbench-${process.pid}-`);
  assert.ok(group.procsPath.startsWith(groupDir));
  const made = join(group.procsPath, '..');
  assert.equal(readFileSync(join(made, 'cpu.cfs_quota_us'), 'utf8'), '50000');
  assert.equal(readFileSync(join(made, 'cpu.cfs_period_us'), 'utf8'), '100000');
});

test('cgroup v2: the cpu controller is enabled for the subtree and cpu.max holds quota and period', () => {
  const r = roots('v2', true);
  const group = CpuLimitGroup.create(1.5, r);
  assert.equal(readFileSync(join(r.v2, 'cgroup.subtree_control'), 'utf8'), '+cpu');
  assert.equal(readFileSync(join(group.procsPath, '..', 'cpu.max'), 'utf8'), '150000 100000');
});

test('remove(): the group goes once empty, and a group that cannot go is reported, not thrown', async () => {
  const r = roots('remove', false);
  const group = CpuLimitGroup.create(0.5, r);
  const groupDir = join(group.procsPath, '..');
  // A stand-in group holds plain files, which rmdir refuses (as a busy cgroup is refused).
  assert.equal(await group.remove(200), false);
  assert.equal(existsSync(groupDir), true);
  for (const file of ['cpu.cfs_quota_us', 'cpu.cfs_period_us']) rmSync(join(groupDir, file));
  assert.equal(await group.remove(200), true);
  assert.equal(existsSync(groupDir), false);
  assert.equal(await group.remove(200), true, 'already gone counts as removed');
});

test('the wrapped command joins the group, then execs the backend with its arguments intact', () => {
  const group = CpuLimitGroup.create(0.25, roots('wrap', false));
  const command = group.wrap(['taskset', '-c', '1', '/bin/backend', '--flag=a b']);
  assert.deepEqual(command.slice(0, 2), ['sh', '-c']);
  assert.match(command[2], /echo \$\$ > "\$0" && exec "\$@"/);
  assert.deepEqual(command.slice(3), [group.procsPath, 'taskset', '-c', '1', '/bin/backend', '--flag=a b']);
});

test("groups of a dead obsbench are swept; a live one's and a busy one's are kept", () => {
  const r = roots('sweep', false);
  const dead = join(r.v1Cpu, 'obsbench-2147483646-1');
  const live = join(r.v1Cpu, `obsbench-${process.ppid}-1`);
  const busy = join(r.v1Cpu, 'obsbench-2147483645-1');
  for (const d of [dead, live, busy]) mkdirSync(d);
  writeFileSync(join(busy, 'cgroup.procs'), '123\n'); // a plain directory with a file stands in for a busy group
  CpuLimitGroup.create(0.5, r);
  assert.equal(existsSync(dead), false);
  assert.equal(existsSync(live), true);
  assert.equal(existsSync(busy), true);
});

test('no writable cgroup: one error naming the limit and the way out', () => {
  const missing = { v2: join(dir, 'none', 'unified'), v1Cpu: join(dir, 'none', 'cpu') };
  assert.throws(
    () => CpuLimitGroup.create(0.5, missing),
    (e: unknown) =>
      e instanceof ObsbenchError &&
      e.code === 'E_USAGE' &&
      /CPU limit of 0\.5 cores needs a writable cgroup cpu controller/.test(e.message) &&
      /backend-cores/.test(e.message),
  );
});
