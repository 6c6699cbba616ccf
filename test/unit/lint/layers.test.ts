// The layer rules of .dependency-cruiser.cjs, run by the real CLI with the real config on small
// fixture trees laid out like the repository (test/fixtures/layers/<case>/src/...): an import that
// points up a layer, or from src/ into bench/, is an error; one that points down is not.

import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { test } from 'node:test';
import { packageRoot } from '../../../src/package-root.js';

const ROOT = packageRoot();
const CONFIG = join(ROOT, '.dependency-cruiser.cjs');
const CLI = join(ROOT, 'node_modules', 'dependency-cruiser', 'bin', 'dependency-cruise.mjs');

interface Violation {
  from: string;
  to: string;
  rule: { name: string; severity: string };
}

/** Cruise test/fixtures/layers/<name> (its src/ and bench/) as if it were the repository. */
function cruiseFixture(name: string): Violation[] {
  const r = spawnSync(
    process.execPath,
    [CLI, 'src', ...(name === 'to-bench' ? ['bench'] : []), '--config', CONFIG, '--output-type', 'json'],
    { cwd: join(ROOT, 'test', 'fixtures', 'layers', name), encoding: 'utf8', timeout: 60_000 },
  );
  assert.ok(r.stdout, `depcruise printed nothing (exit ${r.status}): ${r.stderr}`);
  // With the json reporter the CLI exits 0 whatever it found; the findings are in the summary.
  assert.equal(r.status, 0, r.stderr);
  const result = JSON.parse(r.stdout) as { summary: { violations: Violation[] } };
  return result.summary.violations;
}

test('an import from a lower layer into a higher one is an error', () => {
  const violations = cruiseFixture('upward');
  assert.deepEqual(
    violations.map((v) => ({ from: v.from, to: v.to, rule: v.rule.name, severity: v.rule.severity })),
    [{ from: 'src/model/x.ts', to: 'src/run/y.ts', rule: 'layer-1-model', severity: 'error' }],
  );
});

test('an import from a higher layer into a lower one is allowed', () => {
  assert.deepEqual(cruiseFixture('downward'), []);
});

test('src/ importing bench/ is an error', () => {
  const violations = cruiseFixture('to-bench');
  assert.deepEqual(
    violations.map((v) => [v.from, v.to, v.rule.name]),
    [['src/cli/c.ts', 'bench/b.ts', 'src-not-to-bench-test-scripts']],
  );
});
