// The user-facing format as JSON Schema (draft-07, what yaml-language-server understands best),
// committed as scenarios/schema.json so editors validate and complete scenario files.

import { z } from 'zod';
import {
  LOG_SHAPE_SCHEMA,
  METRIC_SHAPE_SCHEMA,
  SUITE_SCHEMA,
  scenarioDocumentSchema,
  TRACE_SHAPE_SCHEMA,
} from './schema.js';

/** Where the generated file lives, relative to the repository root. */
export const SCENARIO_SCHEMA_FILE = 'scenarios/schema.json';

export function scenarioJsonSchema(): Record<string, unknown> {
  // Editors cannot tie shape fields to `signal`, so they accept any one signal's shape;
  // parseScenario checks the shape against the signal.
  const shape = z.union([TRACE_SHAPE_SCHEMA, METRIC_SHAPE_SCHEMA, LOG_SHAPE_SCHEMA]);
  const document = z.union([scenarioDocumentSchema(shape), SUITE_SCHEMA]).meta({
    title: 'obsbench scenario or suite',
    description:
      'A workload (name, signal, target, protocol, shape, load, expect) or a suite (kind: suite, scenarios: [paths]).',
  });
  return z.toJSONSchema(document, { io: 'input', target: 'draft-7', unrepresentable: 'any' }) as Record<
    string,
    unknown
  >;
}

/** The exact text of scenarios/schema.json. */
export function scenarioJsonSchemaText(): string {
  return `${JSON.stringify(scenarioJsonSchema(), null, 2)}\n`;
}
