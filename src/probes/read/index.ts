// Public surface of the read-path probes: query latency, freshness, completeness, and the contract
// each backend's read probe implements (src/targets/<kind>-read.ts, mapped in src/targets/read-registry.ts).

export { completenessReport } from './completeness.js';
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
