// Public API of the scenario format: parse, load, override, and the JSON Schema.

export type { Scenario } from '../model/scenario.js';
export { DEFAULT_LOAD, DEFAULT_SHAPES } from './defaults.js';
export { DURATION_PATTERN, durationToS, formatDurationS, parseDurationS } from './duration.js';
export { scenarioHash } from './hash.js';
export { SCENARIO_SCHEMA_FILE, scenarioJsonSchema, scenarioJsonSchemaText } from './json-schema.js';
export { loadScenarioFile, loadScenarios } from './loader.js';
export type { FieldOverride, ScenarioOverrides } from './overrides.js';
export { parseScenario } from './parse.js';
export { parseThreshold, THRESHOLD_METRICS } from './threshold.js';
