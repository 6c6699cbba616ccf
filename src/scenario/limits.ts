// Upper (and lower) bounds of scenario fields. They exist to catch typos (an extra zero, ms for s)
// and to keep every run bounded in count and time (docs/architecture.md, the bounded-run rule),
// not to limit real use.

export const LIMITS = {
  nameLength: 100,
  descriptionLength: 2000,
  /** items/s: far beyond one machine, so only a typo reaches it. */
  maxRatePerS: 100_000_000,
  /** Whole measured run: one day. */
  maxDurationS: 86_400,
  maxWarmupS: 3600,
  maxStages: 1000,
  maxBatchSize: 100_000,
  /** A template pool past this (~500 B an item) holds gigabytes per worker. */
  maxTemplatePoolItems: 4_000_000,
  maxInFlight: 10_000,
  maxWorkers: 128,
  maxConcurrency: 10_000,
  maxConnections: 1024,
  maxRequestTimeoutS: 600,
  maxRetries: 20,
  maxSeed: 4_294_967_295,
  maxRepeat: 100,
  maxThresholds: 100,
  maxHeaders: 64,
  /** Scenario and suite files are read whole; anything bigger is not a scenario. */
  maxFileBytes: 1 << 20,
  maxSuiteMembers: 1000,
  /** Suites may include suites; deeper nesting is almost certainly a mistake. */
  maxSuiteDepth: 8,
} as const;
