import assert from 'node:assert/strict';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { ObsbenchError } from '../../../src/errors.js';
import { loadScenarioFile, loadScenarios } from '../../../src/scenario/index.js';

const scenarioText = (name: string, rate = 1000) =>
  `name: ${name}\nsignal: traces\nload: { rate: ${rate}, duration: 5s }\n`;

describe('loader', () => {
  let dir: string;
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'obsbench-scenarios-'));
    await writeFile(join(dir, 'b.yaml'), scenarioText('b'));
    await writeFile(join(dir, 'a.yml'), scenarioText('a'));
    await writeFile(join(dir, 'suite.yaml'), 'kind: suite\nscenarios: [b.yaml, nested/c.yaml, a.yml]\n');
    await writeFile(join(dir, 'schema.yaml'), 'not: a scenario\n');
    await writeFile(join(dir, 'notes.txt'), 'ignored');
    await mkdir(join(dir, 'nested'));
    await writeFile(join(dir, 'nested', 'c.yaml'), scenarioText('c'));
    await writeFile(join(dir, 'nested', 'outer.yaml'), 'kind: suite\nscenarios: [../suite.yaml, c.yaml]\n');
    await mkdir(join(dir, 'cycle'));
    await writeFile(join(dir, 'cycle', 'one.yaml'), 'kind: suite\nscenarios: [two.yaml]\n');
    await writeFile(join(dir, 'cycle', 'two.yaml'), 'kind: suite\nscenarios: [one.yaml]\n');
    await mkdir(join(dir, 'empty'));
    await writeFile(join(dir, 'empty', 'only-suite.yaml'), 'kind: suite\nscenarios: [x.yaml]\n');
  });
  after(async () => rm(dir, { recursive: true, force: true }));

  test('a directory: its scenario files sorted by name, suites and schema files skipped', async () => {
    const scenarios = await loadScenarios(dir);
    assert.deepEqual(
      scenarios.map((s) => s.name),
      ['a', 'b'],
    );
    assert.equal(scenarios[0].sourcePath, join(dir, 'a.yml'));
  });

  test('a suite: members relative to the suite, in order, nested suites and directories allowed', async () => {
    assert.deepEqual(
      (await loadScenarios(join(dir, 'suite.yaml'))).map((s) => s.name),
      ['b', 'c', 'a'],
    );
    assert.deepEqual(
      (await loadScenarios(join(dir, 'nested', 'outer.yaml'))).map((s) => s.name),
      ['b', 'c', 'a', 'c'],
    );
  });

  test('a single scenario file', async () => {
    assert.deepEqual(
      (await loadScenarios(join(dir, 'b.yaml'))).map((s) => s.name),
      ['b'],
    );
    assert.equal((await loadScenarioFile(join(dir, 'b.yaml'))).name, 'b');
  });

  test('overrides reach every scenario of a suite', async () => {
    const scenarios = await loadScenarios(join(dir, 'suite.yaml'), { durationS: 2 });
    assert.deepEqual(
      scenarios.map((s) => s.load.durationS),
      [2, 2, 2],
    );
  });

  test('missing paths are E_SCENARIO_NOT_FOUND', async () => {
    await assert.rejects(loadScenarios(join(dir, 'nope.yaml')), {
      code: 'E_SCENARIO_NOT_FOUND',
      message: `${join(dir, 'nope.yaml')}: no such file or directory`,
    });
    await assert.rejects(loadScenarioFile(join(dir, 'nope.yaml')), { code: 'E_SCENARIO_NOT_FOUND' });
    await assert.rejects(loadScenarioFile(dir), { code: 'E_SCENARIO_NOT_FOUND', message: /is a directory/ });
    await assert.rejects(loadScenarios(join(dir, 'empty')), {
      code: 'E_SCENARIO_NOT_FOUND',
      message: /holds no scenario files/,
    });
  });

  test('a suite member that does not exist names the suite, the index and where it looked', async () => {
    await assert.rejects(loadScenarios(join(dir, 'empty', 'only-suite.yaml')), (error: unknown) => {
      assert.ok(error instanceof ObsbenchError);
      assert.equal(error.code, 'E_SCENARIO_NOT_FOUND');
      assert.equal(
        error.message,
        `${join(dir, 'empty', 'only-suite.yaml')}: scenarios[0]: "x.yaml" not found (looked for ${join(dir, 'empty', 'x.yaml')}); paths are relative to the suite file`,
      );
      return true;
    });
  });

  test('suite cycles are refused', async () => {
    await assert.rejects(loadScenarios(join(dir, 'cycle', 'one.yaml')), {
      code: 'E_SCENARIO_INVALID',
      message:
        /two\.yaml: scenarios\[0\]: "one\.yaml" is not allowed: includes a suite that is already being loaded/,
    });
  });

  test('invalid suites get the same one-line errors', async () => {
    const bad = join(dir, 'bad-suite.yml.txt');
    await writeFile(bad, 'kind: suite\nscenario: [a.yaml]\n');
    await assert.rejects(loadScenarios(bad), {
      code: 'E_SCENARIO_INVALID',
      message: `${bad}: scenario: unknown field (did you mean "scenarios"?) (+1 more problem)`,
    });
  });

  test('an invalid member fails the whole load with its own path', async () => {
    const sub = join(dir, 'broken');
    await mkdir(sub);
    await writeFile(join(sub, 'ok.yaml'), scenarioText('ok'));
    await writeFile(join(sub, 'zz.yaml'), scenarioText('zz', -1));
    await assert.rejects(loadScenarios(sub), {
      message: `${join(sub, 'zz.yaml')}: load.rate: -1 is not allowed: must be a number > 0 and <= 100000000 (items per second; constant-arrival-rate)`,
    });
  });
});
