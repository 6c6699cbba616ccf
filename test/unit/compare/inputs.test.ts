// One validator for result documents, shared by every reader of result.json: compare, the HTML
// report and publish each refuse a result missing a field or holding a string where a number
// belongs with the same one line naming the file and the field (exit 2), instead of a TypeError
// deep inside or a NaN in a table.

import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { publishCommand } from '../../../src/cli/commands/publish.js';
import { checkFields, readCompareInput, readRunResults } from '../../../src/compare/inputs.js';
import { isObsbenchError } from '../../../src/errors.js';
import { readHtmlInput } from '../../../src/reporters/html/inputs.js';
import { makeRunResult } from '../reporters/fixture.js';

const root = mkdtempSync(join(tmpdir(), 'obsbench-inputs-'));
after(() => rmSync(root, { recursive: true, force: true }));

/** A run directory whose result.json is the fixture with `edit` applied to its JSON form. */
function runDir(name: string, edit: (json: Record<string, Record<string, unknown>>) => void): string {
  const json = JSON.parse(JSON.stringify(makeRunResult({ name })));
  edit(json);
  const dir = join(root, name);
  mkdirSync(dir);
  writeFileSync(join(dir, 'result.json'), JSON.stringify(json));
  return dir;
}

/** Every reader, as the commands call it: compare, baseline/publish's reader, report, publish itself. */
const READERS: [string, (dir: string) => unknown][] = [
  ['compare', (dir) => readCompareInput(dir)],
  ['readRunResults', (dir) => readRunResults(dir)],
  ['report', (dir) => readHtmlInput(dir)],
  // Nothing listens on port 1: the result is refused before anything is sent.
  ['publish', (dir) => publishCommand([dir, '--remote-write', 'http://127.0.0.1:1'])],
];

async function assertRefused(dir: string, message: RegExp): Promise<void> {
  for (const [reader, read] of READERS) {
    await assert.rejects(
      async () => read(dir),
      (e) =>
        isObsbenchError(e) &&
        e.code === 'E_COMPARE_INPUT' &&
        e.exitCode === 2 &&
        message.test(e.message) &&
        e.message.startsWith(join(dir, 'result.json')) &&
        !e.message.includes('\n'),
      reader,
    );
  }
}

test('a result without backend.version is refused by every reader, naming the file and the field', async () => {
  const dir = runDir('no-version', (r) => {
    delete r.backend.version;
  });
  await assertRefused(
    dir,
    /result\.json: backend\.version is missing, expected a string; rerun the scenario or fix the file$/,
  );
});

test('a string where a number belongs is refused, showing what the field holds', async () => {
  const dir = runDir('string-count', (r) => {
    r.load.itemsSent = '597000';
  });
  await assertRefused(dir, /result\.json: load\.itemsSent is "597000", expected a number; rerun/);
});

test('older or hand-made results lacking tool or read are refused the same way', async () => {
  await assertRefused(
    runDir('no-tool', (r) => {
      delete r.tool;
    }),
    /tool\.version is missing, expected a string/,
  );
  await assertRefused(
    runDir('no-read', (r) => {
      delete r.read;
    }),
    /read\.queries is missing, expected an object/,
  );
  await assertRefused(
    runDir('bad-point', (r) => {
      (r.timeseries as unknown as Record<string, unknown>[])[3].latencyP99Ms = null;
    }),
    /timeseries\[3\]: latencyP99Ms is null, expected a number/,
  );
});

test('fields that may be null or absent are accepted as such; the fixture reads back whole', () => {
  const dir = runDir('nullable', (r) => {
    r.backend.coresAvg = null;
    delete r.env.backendCpuLimitCores;
    delete r.downstream;
  });
  const [result] = readRunResults(dir);
  assert.equal(result.backend.coresAvg, null);
  assert.equal(result.downstream, undefined);
});

test('checkFields: dotted paths, array elements, either-or and optional types', () => {
  const doc = { a: { b: [1, 'two'] }, n: null };
  const ok = (fields: Parameters<typeof checkFields>[3]) => checkFields('f.json', 'x', doc, fields, 'fix it');
  ok({ 'a.b': 'array', 'a.b.0': 'number', n: 'number|null', missing: 'number?' });
  assert.throws(() => ok({ 'a.b.1': 'number' }), /f\.json: x: a\.b\.1 is "two", expected a number; fix it$/);
  assert.throws(() => ok({ n: 'object' }), /n is null, expected an object/);
  assert.throws(() => ok({ 'a.c': 'array|null' }), /a\.c is missing, expected an array or null/);
});
