// `obsbench export k6 <scenario> -o FILE`: the script written whole to the file; a format other
// than k6, a missing scenario or a bad path is a one-line usage error (exit 2).

import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { exportCommand } from '../../../src/cli/commands/export.js';
import { isObsbenchError } from '../../../src/errors.js';
import { K6_FIXTURES } from './k6-fixtures.js';

const root = mkdtempSync(join(tmpdir(), 'export-command-test-'));
after(() => rmSync(root, { recursive: true, force: true }));
const scenario = join(K6_FIXTURES, 'scenarios', 'logs-constant.yaml');

function exitTwo(pattern: RegExp): (error: unknown) => boolean {
  return (error) => {
    assert.ok(isObsbenchError(error), String(error));
    assert.equal(error.exitCode, 2);
    assert.doesNotMatch(error.message, /\n/);
    assert.match(error.message, pattern);
    return true;
  };
}

test('-o writes the script to the file, its name in the run line', async () => {
  const out = join(root, 'sub', 'logs.js');
  assert.equal(await exportCommand(['k6', scenario, '-o', out]), 0);
  const text = readFileSync(out, 'utf8');
  assert.match(text, /^\/\/ k6-logs-constant: /);
  assert.ok(text.includes('\n//   ./k6 run logs.js\n'));
  assert.ok(text.includes("import loki from 'k6/x/loki';"));
  assert.ok(text.endsWith('}\n'));
});

test('a format other than k6, no format, or not one scenario is a usage error', async () => {
  await assert.rejects(
    exportCommand(['jmeter', scenario]),
    exitTwo(/export: format "jmeter": the one format is k6/),
  );
  await assert.rejects(exportCommand([]), exitTwo(/export: no format: the one format is k6/));
  await assert.rejects(exportCommand(['k6']), exitTwo(/expected one scenario file/));
  await assert.rejects(exportCommand(['k6', scenario, scenario]), exitTwo(/expected one scenario file/));
  await assert.rejects(
    exportCommand(['k6', scenario, '--bogus']),
    exitTwo(/export: Unknown option '--bogus'/),
  );
});

test('a suite or directory of several scenarios is a usage error naming one of them', async () => {
  await assert.rejects(
    exportCommand(['k6', join(K6_FIXTURES, 'scenarios')]),
    exitTwo(
      /holds 6 scenarios \(a suite or a directory\); export one scenario file, e\.g\. obsbench export k6 .*logs-constant\.yaml$/,
    ),
  );
});

test('a scenario that does not exist, or an output that is a directory, exits 2', async () => {
  await assert.rejects(exportCommand(['k6', join(root, 'nope.yaml')]), exitTwo(/nope\.yaml: no such file/));
  await assert.rejects(
    exportCommand(['k6', scenario, '-o', root]),
    exitTwo(/--output: .* is not a file path/),
  );
});
