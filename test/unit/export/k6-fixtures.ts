// Test helper: the k6 export fixtures (test/fixtures/k6/): the input scenarios, the golden
// scripts generated from them (<name>.js.golden: a .js file under test/ would be a test entry to
// knip, its k6 imports unlisted dependencies), and the declaration files of the extensions' modules.

import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { k6Script } from '../../../src/export/k6-script.js';
import type { Scenario } from '../../../src/model/scenario.js';
import { loadScenarioFile } from '../../../src/scenario/index.js';

// test/unit/export/ under tsx; dist/test/unit/export/ when built (fixtures are not copied).
export const K6_FIXTURES = ['../../fixtures/k6/', '../../../../test/fixtures/k6/']
  .map((rel) => fileURLToPath(new URL(rel, import.meta.url)))
  .find((dir) => existsSync(dir)) as string;

/** The repository root. */
export const REPO_ROOT = join(K6_FIXTURES, '..', '..', '..');

/** The node_modules/@types directory that holds k6's types (@types/k6, a devDependency). */
export const K6_TYPE_ROOT = dirname(dirname(fileURLToPath(import.meta.resolve('@types/k6/package.json'))));

/** Fixture names: test/fixtures/k6/scenarios/<name>.yaml -> test/fixtures/k6/<name>.js.golden. */
export const K6_CASES: string[] = readdirSync(join(K6_FIXTURES, 'scenarios'))
  .filter((file) => file.endsWith('.yaml'))
  .map((file) => file.replace(/\.yaml$/, ''))
  .sort();

export const goldenPath = (name: string): string => join(K6_FIXTURES, `${name}.js.golden`);
export const readGolden = (name: string): string => readFileSync(goldenPath(name), 'utf8');

export const K6_TYPE_FILES: string[] = readdirSync(join(K6_FIXTURES, 'types'))
  .filter((file) => file.endsWith('.d.ts'))
  .map((file) => join(K6_FIXTURES, 'types', file));

export function loadCase(name: string): Promise<Scenario> {
  return loadScenarioFile(join(K6_FIXTURES, 'scenarios', `${name}.yaml`));
}

/** The script as the goldens hold it: a fixed version, the path relative to the repository. */
export async function generateCase(name: string): Promise<{ scenario: Scenario; script: string }> {
  const scenario = await loadCase(name);
  const script = k6Script(scenario, {
    version: '0.0.0-golden',
    sourceLabel: `test/fixtures/k6/scenarios/${name}.yaml`,
  });
  return { scenario, script };
}
