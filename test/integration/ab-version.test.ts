// obsbench ab across two releases of VictoriaMetrics, end to end: the other release is built by
// `obsbench stack install victoria-metrics@OTHER` into the versioned stack cache (a Go build: under
// a minute with a warm module cache, a few minutes cold), then each side of the A/B runs its own
// release. Each side's results carry its version, the comparison names the difference as a
// caveat, and the table is printed.

import assert from 'node:assert/strict';
import { readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { after, test } from 'node:test';
import type { Comparison } from '../../src/compare/compare.js';
import { defaultVersionsPath } from '../../src/stack/paths.js';
import { loadStackVersions } from '../../src/stack/versions.js';
import { runCli, tempDir, writeScenario } from '../e2e/cli-helpers.js';

/** A served release other than the pinned one. */
const OTHER = 'v1.148.9';

const dir = tempDir();
after(() => rmSync(dir, { recursive: true, force: true }));

const scenario = writeScenario(
  dir,
  'vm.yaml',
  `name: ab-version
signal: metrics
protocol: prometheus-remote-write
target: { kind: victoriametrics, managed: true }
shape: { series: 2000, metricNames: 20, kinds: { gauge: 0.5, sum: 0.5 } }
load: { executor: constant-arrival-rate, rate: 20000, duration: 3s, warmup: 1s, batchSize: 1000 }
`,
);

function backendVersions(runsDir: string): string[] {
  return readdirSync(runsDir, { withFileTypes: true })
    .filter((e) => e.isDirectory())
    .map(
      (e) =>
        (
          JSON.parse(readFileSync(join(runsDir, e.name, 'result.json'), 'utf8')) as {
            backend: { version: string };
          }
        ).backend.version,
    );
}

test('ab runs two releases of VictoriaMetrics side by side and prints the table', async () => {
  const pinned = loadStackVersions(defaultVersionsPath()).backends.find(
    (p) => p.name === 'victoria-metrics',
  )?.version;
  assert.ok(pinned && pinned !== OTHER, `the pinned release (${pinned}) is not ${OTHER}`);
  const install = await runCli(['stack', 'install', `victoria-metrics@${OTHER}`], 900_000);
  assert.equal(install.code, 0, install.stderr);

  const r = await runCli(
    [
      'ab',
      scenario,
      '--a',
      `victoria-metrics@${pinned}`,
      '--b',
      `victoria-metrics@${OTHER}`,
      '--repeat',
      '2',
      '--ceiling',
      '0',
      '--out',
      join(dir, 'out'),
    ],
    300_000,
  );
  assert.ok(
    r.code === 0 || r.code === 1,
    `ab exits with compare's code, not an error: ${r.code} ${r.stderr}`,
  );
  assert.match(r.stdout, /^\* latencyMs\.p99 .* ms /m, 'the figure table is printed');
  const abDir = /^ab: .* in (.+)$/m.exec(r.stdout)?.[1];
  assert.ok(abDir, r.stdout);
  const comparison = JSON.parse(readFileSync(join(abDir, 'comparison.json'), 'utf8')) as Comparison;
  assert.ok(
    comparison.scenarios[0].caveats.some(
      (c) => /backend versions differ/.test(c) && c.includes(OTHER.slice(1)),
    ),
    JSON.stringify(comparison.scenarios[0].caveats),
  );
  const a = backendVersions(join(abDir, 'a'));
  const b = backendVersions(join(abDir, 'b'));
  assert.equal(a.length, 2);
  assert.equal(b.length, 2);
  assert.ok(
    a.every((v) => v.includes(pinned.slice(1))),
    `A ran ${a.join(', ')}`,
  );
  assert.ok(
    b.every((v) => v.includes(OTHER.slice(1))),
    `B ran ${b.join(', ')}`,
  );
});
