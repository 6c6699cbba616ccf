// Public surface of the read-path probes: query latency, freshness, completeness, per-backend probes.

export { type CompletenessOptions, checkCompleteness, completenessReport } from './completeness.js';
export { type FreshnessOptions, FreshnessProbe, type FreshnessResult } from './freshness.js';
export { measureQueries, type QueryLatency, type QueryLoadOptions } from './query-latency.js';
export type {
  Canary,
  CompletenessReport,
  QuerySpec,
  ReadContext,
  ReadProbe,
  StoredCount,
} from './read-probe.js';
export { readProbeFor, UNTESTED_READ_KINDS } from './registry.js';
