// Each fixture scenario's k6 script is exactly its committed golden (test/fixtures/k6/<name>.js.golden).
// OBSBENCH_UPDATE_GOLDEN=1 rewrites the goldens instead (review the diff before committing).

import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { test } from 'node:test';
import { generateCase, goldenPath, K6_CASES, readGolden } from './k6-fixtures.js';

const update = process.env.OBSBENCH_UPDATE_GOLDEN === '1';

test('there are goldens for each signal, and for every executor', async () => {
  const seen = await Promise.all(
    K6_CASES.map(async (name) => {
      const { scenario } = await generateCase(name);
      return `${scenario.signal}/${scenario.load.executor}`;
    }),
  );
  for (const signal of ['traces', 'metrics', 'logs'])
    assert.ok(
      seen.some((s) => s.startsWith(`${signal}/`)),
      `no ${signal} fixture in ${seen}`,
    );
  for (const executor of ['constant-arrival-rate', 'ramping-arrival-rate', 'steps', 'max-throughput'])
    assert.ok(
      seen.some((s) => s.endsWith(`/${executor}`)),
      `no ${executor} fixture in ${seen}`,
    );
});

for (const name of K6_CASES) {
  test(`k6 export of ${name} matches test/fixtures/k6/${name}.js.golden`, async () => {
    const { script } = await generateCase(name);
    if (update) writeFileSync(goldenPath(name), script);
    assert.equal(script, readGolden(name), 'rerun with OBSBENCH_UPDATE_GOLDEN=1 if the change is intended');
  });
}
