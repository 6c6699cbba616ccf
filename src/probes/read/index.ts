// Public surface of the read-path probes: query latency, freshness, completeness, and the contract
// each backend's read probe implements (src/targets/<kind>-read.ts, mapped in src/targets/read-registry.ts).

export { completenessReport } from './completeness.js';
export { FreshnessProbe, type FreshnessResult } from './freshness.js';
export { measureQueries, type QueryLatency } from './query-latency.js';
export type { CompletenessReport, ReadContext, ReadProbe } from './read-probe.js';
