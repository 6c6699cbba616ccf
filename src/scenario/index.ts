// Public API of the scenario format: parse, load, override, and the JSON Schema.

export {
  COMPRESSIONS,
  type Compression,
  type Encoding,
  EXECUTORS,
  type Executor,
  type LoadSpec,
  PROTOCOLS,
  type Protocol,
  type RateSegment,
  type Scenario,
  TARGET_KINDS,
  type TargetKind,
  type TargetSpec,
  type Threshold,
  type ThresholdOp,
} from '../model/scenario.js';
export {
  DEFAULT_COMPRESSION,
  DEFAULT_DESCRIPTION,
  DEFAULT_ENCODING,
  DEFAULT_EXECUTOR,
  DEFAULT_LOAD,
  DEFAULT_PROTOCOL,
  DEFAULT_REPEAT,
  DEFAULT_SEED,
  DEFAULT_SHAPES,
  DEFAULT_TARGET_KIND,
} from './defaults.js';
export { DURATION_PATTERN, durationToS, formatDurationS, parseDurationS } from './duration.js';
export { isLoopbackHost } from './endpoint.js';
export { canonicalJson, scenarioHash } from './hash.js';
export { SCENARIO_SCHEMA_FILE, scenarioJsonSchema, scenarioJsonSchemaText } from './json-schema.js';
export { LIMITS } from './limits.js';
export { loadScenarioFile, loadScenarios } from './loader.js';
export type { ScenarioOverrides } from './overrides.js';
export { parseScenario } from './parse.js';
export { parseThreshold, THRESHOLD_METRICS, THRESHOLD_OPS, type ThresholdMetric } from './threshold.js';
