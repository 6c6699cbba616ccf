export * from './attributes.js';
export * from './logs.js';
export * from './metrics.js';
export * from './sent-time.js';
export * from './traces.js';

import type { LogBatch } from './logs.js';
import type { MetricBatch } from './metrics.js';
import type { TraceBatch } from './traces.js';

export type Signal = 'traces' | 'metrics' | 'logs';
export const SIGNALS: readonly Signal[] = ['traces', 'metrics', 'logs'];
export type TelemetryBatch = TraceBatch | MetricBatch | LogBatch;
export interface BatchOf {
  traces: TraceBatch;
  metrics: MetricBatch;
  logs: LogBatch;
}
