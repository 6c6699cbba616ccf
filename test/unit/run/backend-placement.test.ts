// Pinning and CPU limits are for a backend obsbench starts: refused, naming the setting, for a
// scenario whose target it does not start; nothing asked, nothing checked.

import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { ObsbenchError } from '../../../src/errors.js';
import { checkBackendPlacement } from '../../../src/run/backend-placement.js';
import { loadScenarioFile } from '../../../src/scenario/index.js';

const dir = mkdtempSync(join(tmpdir(), 'obsbench-placement-'));
after(() => rmSync(dir, { recursive: true, force: true }));

async function scenario(name: string, target: string) {
  const file = join(dir, `${name}.yaml`);
  writeFileSync(
    file,
    `name: ${name}\nsignal: metrics\nprotocol: otlp-http\ntarget: ${target}\nload: { executor: constant-arrival-rate, rate: 100, duration: 1s }\n`,
  );
  return loadScenarioFile(file);
}

const flags = { cores: '--backend-cores', cpuLimit: '--backend-cpu-limit' };

test('a sink or an external endpoint cannot be pinned or limited: one error naming the flags', async () => {
  const sink = await scenario('to-sink', '{ kind: sink }');
  const managed = await scenario('to-vm', '{ kind: victoriametrics, managed: true }');
  await assert.rejects(
    checkBackendPlacement([managed, sink], { cores: [1], cpuLimitCores: null }, flags),
    (e: unknown) =>
      e instanceof ObsbenchError &&
      e.code === 'E_USAGE' &&
      /^--backend-cores: .*to-sink\.yaml targets sink, which obsbench does not start/.test(e.message),
  );
  await assert.rejects(
    checkBackendPlacement([sink], { cores: [1], cpuLimitCores: 0.5 }, flags),
    /--backend-cores and --backend-cpu-limit: /,
  );
});

test('nothing asked: any target is fine, and a managed one may be pinned', async () => {
  const sink = await scenario('plain-sink', '{ kind: sink }');
  await checkBackendPlacement([sink], { cores: null, cpuLimitCores: null }, flags);
  const managed = await scenario('pinned-vm', '{ kind: victoriametrics, managed: true }');
  await checkBackendPlacement([managed], { cores: [1], cpuLimitCores: null }, flags);
});
