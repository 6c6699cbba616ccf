// Reading scenarios from disk: one file, every scenario in a directory, or a suite file that
// lists scenario files relative to itself. Missing paths are E_SCENARIO_NOT_FOUND.

import { readdir, readFile, realpath, stat } from 'node:fs/promises';
import { dirname, join, resolve as resolvePath } from 'node:path';
import { ObsbenchError } from '../errors.js';
import type { Scenario } from '../model/scenario.js';
import { LIMITS } from './limits.js';
import type { ScenarioOverrides } from './overrides.js';
import { isSuiteDocument, scenarioFromDocument } from './parse.js';
import { displayPathOf, oneLine, scenarioError } from './problem.js';
import { SUITE_SCHEMA } from './schema.js';
import { parseYamlText } from './yaml-text.js';
import { problemsFromZod } from './zod-problems.js';

const SCENARIO_FILE_RE = /\.ya?ml$/i;

export async function loadScenarioFile(path: string, overrides?: ScenarioOverrides): Promise<Scenario> {
  const text = await readScenarioText(path);
  return scenarioFromDocument(parseYamlText(text, displayPathOf(path)), path, overrides);
}

/**
 * A scenario file, a suite file (`kind: suite`, its `scenarios` relative to it, run in order)
 * or a directory (its *.yaml / *.yml scenario files, sorted by name; suites and schema files skipped).
 */
export async function loadScenarios(pathOrDir: string, overrides?: ScenarioOverrides): Promise<Scenario[]> {
  const scenarios: Scenario[] = [];
  await collect(pathOrDir, overrides, [], scenarios);
  return scenarios;
}

async function collect(
  path: string,
  overrides: ScenarioOverrides | undefined,
  suiteChain: string[],
  out: Scenario[],
): Promise<void> {
  const stats = await statOrNotFound(path);
  if (stats.isDirectory()) {
    await collectDirectory(path, overrides, out);
    return;
  }
  const document = parseYamlText(await readScenarioText(path), displayPathOf(path));
  if (!isSuiteDocument(document)) {
    out.push(scenarioFromDocument(document, path, overrides));
    return;
  }
  const parsed = SUITE_SCHEMA.safeParse(document, { reportInput: true });
  if (!parsed.success) {
    const problems = problemsFromZod(parsed.error.issues);
    throw scenarioError(displayPathOf(path), problems[0], problems.length - 1);
  }
  const suiteRealPath = await realpath(path);
  const chain = [...suiteChain, suiteRealPath];
  if (chain.length > LIMITS.maxSuiteDepth) {
    throw scenarioError(displayPathOf(path), {
      path: [],
      kind: 'note',
      message: `suites nest more than ${LIMITS.maxSuiteDepth} deep; flatten them`,
    });
  }
  for (const [index, member] of parsed.data.scenarios.entries()) {
    const memberPath = join(dirname(path), member);
    const memberStats = await stat(memberPath).catch(() => undefined);
    if (memberStats === undefined) {
      throw new ObsbenchError(
        'E_SCENARIO_NOT_FOUND',
        oneLine(
          `${displayPathOf(path)}: scenarios[${index}]: ${JSON.stringify(member)} not found (looked for ${resolvePath(memberPath)}); paths are relative to the suite file`,
        ),
      );
    }
    if (chain.includes(await realpath(memberPath))) {
      throw scenarioError(displayPathOf(path), {
        path: ['scenarios', index],
        kind: 'value',
        input: member,
        message: 'includes a suite that is already being loaded (a cycle); remove it',
      });
    }
    await collect(memberPath, overrides, chain, out);
  }
}

async function collectDirectory(
  dir: string,
  overrides: ScenarioOverrides | undefined,
  out: Scenario[],
): Promise<void> {
  const names = (await readdir(dir, { withFileTypes: true }))
    .filter((entry) => entry.isFile() && SCENARIO_FILE_RE.test(entry.name))
    .map((entry) => entry.name)
    .filter((name) => !name.startsWith('.') && !/^schema\./i.test(name))
    .sort();
  const before = out.length;
  for (const name of names) {
    const file = join(dir, name);
    const document = parseYamlText(await readScenarioText(file), displayPathOf(file));
    if (!isSuiteDocument(document)) out.push(scenarioFromDocument(document, file, overrides));
  }
  if (out.length === before) {
    throw new ObsbenchError(
      'E_SCENARIO_NOT_FOUND',
      oneLine(`${dir}: the directory holds no scenario files (*.yaml or *.yml that are not suites)`),
    );
  }
}

async function statOrNotFound(path: string) {
  try {
    return await stat(path);
  } catch (cause) {
    throw notFound(path, cause);
  }
}

async function readScenarioText(path: string): Promise<string> {
  const stats = await statOrNotFound(path);
  if (stats.isDirectory()) {
    throw new ObsbenchError(
      'E_SCENARIO_NOT_FOUND',
      oneLine(`${path}: is a directory; expected a scenario file`),
    );
  }
  if (stats.size > LIMITS.maxFileBytes) {
    throw new ObsbenchError(
      'E_SCENARIO_INVALID',
      oneLine(
        `${path}: the file is ${stats.size} bytes; scenario files are limited to ${LIMITS.maxFileBytes}`,
      ),
    );
  }
  try {
    return await readFile(path, 'utf8');
  } catch (cause) {
    throw notFound(path, cause);
  }
}

function notFound(path: string, cause: unknown): ObsbenchError {
  const code = (cause as { code?: string }).code;
  const reason =
    code === 'ENOENT' || code === 'ENOTDIR'
      ? 'no such file or directory'
      : code === 'EACCES'
        ? 'permission denied'
        : `cannot read it (${code ?? String(cause)})`;
  return new ObsbenchError('E_SCENARIO_NOT_FOUND', oneLine(`${path}: ${reason}`), { cause });
}
