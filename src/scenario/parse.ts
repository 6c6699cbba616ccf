// parseScenario: YAML text -> validated, resolved Scenario. The one place raw scenario input
// is checked: schema (types, ranges, unknown fields), then shape for the signal, then cross-field rules.

import { resolve as resolvePath } from 'node:path';
import type { Signal } from '../model/index.js';
import type { Scenario } from '../model/scenario.js';
import { downstreamProblems } from './downstream-rules.js';
import { applyOverrides, type ScenarioOverrides } from './overrides.js';
import { displayPathOf, formatPath, type Problem, scenarioError } from './problem.js';
import { mergeShape, resolveScenario } from './resolve.js';
import { loadProblems, protocolProblems, shapeProblems, targetProblems } from './rules.js';
import { SCENARIO_DOCUMENT_SCHEMA, type ScenarioDocument, SHAPE_SCHEMAS } from './schema.js';
import { sendTimeProblems } from './send-time-rules.js';
import { parseYamlText } from './yaml-text.js';
import { problemsFromZod } from './zod-problems.js';

export function parseScenario(text: string, sourcePath: string, overrides?: ScenarioOverrides): Scenario {
  return scenarioFromDocument(parseYamlText(text, displayPathOf(sourcePath)), sourcePath, overrides);
}

/** True for a parsed YAML document that declares `kind: suite`. */
export function isSuiteDocument(document: unknown): boolean {
  return (
    typeof document === 'object' && document !== null && (document as { kind?: unknown }).kind === 'suite'
  );
}

/** Validate and resolve an already-parsed YAML document (the loader parses once to spot suites). */
export function scenarioFromDocument(
  raw: unknown,
  sourcePath: string,
  overrides?: ScenarioOverrides,
): Scenario {
  const displayPath = displayPathOf(sourcePath);
  if (raw === null || raw === undefined) {
    throw scenarioError(displayPath, {
      path: [],
      kind: 'note',
      message: 'the file is empty; a scenario needs at least name, signal and load',
    });
  }
  if (isSuiteDocument(raw)) {
    throw scenarioError(displayPath, {
      path: ['kind'],
      kind: 'value',
      input: 'suite',
      message:
        'this file is a suite, not a scenario; load it with loadScenarios() (obsbench run accepts suites)',
    });
  }
  const overridden = applyOverrides(raw, overrides);
  const fail = (problems: Problem[]) => {
    const first = problems[0];
    const origin = overridden.origins.get(formatPath(first.path));
    return scenarioError(
      displayPath,
      origin === undefined ? first : { ...first, origin },
      problems.length - 1,
    );
  };
  if (overridden.problems.length > 0) throw fail(overridden.problems);

  const parsed = SCENARIO_DOCUMENT_SCHEMA.safeParse(overridden.document, { reportInput: true });
  if (!parsed.success) throw fail(problemsFromZod(parsed.error.issues));
  const doc = parsed.data;

  const shapeSchema = SHAPE_SCHEMAS[doc.signal];
  const shapeParsed = shapeSchema.safeParse(doc.shape === undefined ? {} : doc.shape, { reportInput: true });
  if (!shapeParsed.success) throw fail(problemsFromZod(shapeParsed.error.issues, ['shape']));
  const given = shapeParsed.data as Record<string, unknown>;
  const shape = mergeShape(doc.signal, given);

  const problems = [
    ...protocolProblems(doc),
    ...targetProblems(doc),
    ...downstreamProblems(doc),
    ...sendTimeProblems(doc),
    ...loadProblems(doc.load),
    ...shapeProblems(doc.signal, shape, given),
  ];
  if (problems.length > 0) throw fail(problems);

  return resolveScenario(
    doc as ScenarioDocument & { signal: Signal },
    shape,
    sourcePath === '' ? '' : resolvePath(sourcePath),
  );
}
