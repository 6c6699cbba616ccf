// Bad input: each kind gives one clear error line naming the field and exit code 2.

import assert from 'node:assert/strict';
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { runCli, tempDir, writeScenario } from './cli-helpers.js';

const dir = tempDir();
after(() => rmSync(dir, { recursive: true, force: true }));

const VALID = `name: ok
signal: traces
load: { executor: constant-arrival-rate, rate: 1000, duration: 1s }
`;

async function expectOneLineError(yaml: string, mustContain: RegExp[]): Promise<void> {
  const file = writeScenario(dir, `s${Math.random().toString(36).slice(2)}.yaml`, yaml);
  const r = await runCli(['run', file, '--ceiling', '0', '--out', dir], 30_000);
  assert.equal(r.code, 2, `exit code, stderr: ${r.stderr}`);
  const lines = r.stderr.trim().split('\n');
  assert.equal(lines.length, 1, `one line expected, got: ${r.stderr}`);
  for (const re of mustContain) assert.match(lines[0], re);
  assert.doesNotMatch(r.stderr, /\n\s+at /, 'no stack trace without --debug');
}

test('malformed YAML names the file and position', async () => {
  await expectOneLineError('name: x\nsignal: [traces\n', [/\.yaml/, /YAML/i]);
});

test('an unknown field is named with its path', async () => {
  await expectOneLineError(VALID.replace('rate: 1000', 'rate: 1000, rte: 5'), [/load\.rte/, /unknown/i]);
});

test('a wrong type names the field, the value and what is allowed', async () => {
  await expectOneLineError(VALID.replace('rate: 1000', 'rate: fast'), [/load\.rate/, /fast/]);
});

test('a negative rate is refused', async () => {
  await expectOneLineError(VALID.replace('rate: 1000', 'rate: -5'), [/load\.rate/, /-5/]);
});

test('an unreachable endpoint is reported before any load', async () => {
  await expectOneLineError(`${VALID}target: { kind: sink, endpoint: "http://127.0.0.1:1" }\n`, [
    /target\.endpoint/,
    /127\.0\.0\.1:1/,
  ]);
});

test('a missing scenario file is a usage error', async () => {
  const r = await runCli(['run', `${dir}/nope.yaml`], 30_000);
  assert.equal(r.code, 2);
  assert.match(r.stderr, /nope\.yaml/);
});

test('an unknown flag is a usage error naming the flag', async () => {
  const r = await runCli(['run', 'x.yaml', '--bogus'], 30_000);
  assert.equal(r.code, 2);
  assert.match(r.stderr, /bogus/);
});

test('validate --against something that is not an earlier validate is refused before any run', async () => {
  writeFileSync(join(dir, 'verdicts.json'), '{"not": "a list"}\n');
  const notVerdicts = await runCli(['validate', '--against', dir, '--out', dir], 30_000);
  assert.equal(notVerdicts.code, 2);
  assert.match(notVerdicts.stderr, /--against .*verdicts\.json: not a list of claim verdicts/);
  const missing = await runCli(['validate', '--against', join(dir, 'nothing-here')], 30_000);
  assert.equal(missing.code, 2);
  assert.match(missing.stderr, /--against .*nothing-here: no verdicts\.json there/);
  assert.equal(missing.stderr.trim().split('\n').length, 1, 'one line');
});
