import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { test } from 'node:test';
import { descendants, parseStat, readProcessTree, statusKb } from '../../../src/probes/process-tree.js';

test('parseStat reads ppid and CPU ticks after a command name holding spaces and parens', () => {
  const line =
    '4242 (my (odd) name) S 17 4242 4242 0 -1 4194304 100 0 0 0 250 50 7 3 20 0 1 0 974762 3133440 388';
  assert.deepEqual(parseStat(line), { ppid: 17, cpuTicks: 250 + 50 + 7 + 3 });
  assert.equal(parseStat('garbage'), null);
});

test('statusKb turns a VmXxx line into bytes, 0 when absent', () => {
  const status = 'Name:\tx\nVmHWM:\t  2048 kB\nVmRSS:\t  1024 kB\n';
  assert.equal(statusKb(status, 'VmRSS'), 1024 * 1024);
  assert.equal(statusKb(status, 'VmHWM'), 2048 * 1024);
  assert.equal(statusKb(status, 'VmSwap'), 0);
});

test('descendants walks the whole subtree and nothing else', () => {
  const parents = new Map([
    [10, 1],
    [11, 10],
    [12, 11],
    [13, 10],
    [20, 1],
  ]);
  assert.deepEqual(
    descendants(10, parents).sort((a, b) => a - b),
    [10, 11, 12, 13],
  );
});

test('a CPU-burning grandchild counts in its tree: CPU seconds grow and RSS is its memory', async () => {
  // bash -> node busy loop: the tree root is bash, the work is done below it.
  const child = spawn(
    'bash',
    [
      '-c',
      `${JSON.stringify(process.execPath)} -e "const b=Buffer.alloc(64<<20,1);const t=Date.now();while(Date.now()-t<1500){}"; sleep 5`,
    ],
    { stdio: 'ignore' },
  );
  try {
    await new Promise((resolve) => setTimeout(resolve, 300));
    const first = readProcessTree(child.pid as number);
    await new Promise((resolve) => setTimeout(resolve, 1000));
    const second = readProcessTree(child.pid as number);
    assert.ok(first && second);
    assert.ok(second.processes >= 2, `processes ${second.processes}`);
    const used = second.cpuSeconds - first.cpuSeconds;
    assert.ok(used > 0.5 && used < 1.3, `cpu used in 1 s: ${used}`);
    assert.ok(second.rssBytes > 64 * 1024 * 1024, `rss ${second.rssBytes}`);
    assert.ok(second.peakRssBytes > 64 * 1024 * 1024, `peak ${second.peakRssBytes}`);
  } finally {
    child.kill('SIGKILL');
  }
  assert.equal(readProcessTree(2 ** 22 + 12345), null, 'a pid that does not exist');
});
