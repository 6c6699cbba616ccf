// Public surface of the generators: one factory per signal, a dispatcher, and the shapes.

import { ObsbenchError } from '../errors.js';
import type { Signal } from '../model/index.js';
import type { LogShape, MetricShape, ShapeOf, TraceShape } from '../model/shapes.js';
import type { Generator, GeneratorContext } from './generator.js';
import { createLogGenerator } from './logs.js';
import { createMetricGenerator } from './metrics.js';
import { createTraceGenerator } from './traces.js';

export {
  DEFAULT_LOG_SHAPE,
  DEFAULT_METRIC_SHAPE,
  DEFAULT_TRACE_SHAPE,
  type LogShape,
  type MetricShape,
  type ShapeOf,
  type TraceShape,
} from '../model/shapes.js';
export type { Generator, GeneratorContext } from './generator.js';
export { createLogGenerator } from './logs.js';
export { createMetricGenerator } from './metrics.js';
export { createTraceGenerator } from './traces.js';

/** The generator for `signal`; `shape` must be that signal's shape. */
export function createGenerator<S extends Signal>(
  signal: S,
  shape: ShapeOf[S],
  ctx: GeneratorContext,
): Generator<S> {
  switch (signal) {
    case 'traces':
      return createTraceGenerator(shape as TraceShape, ctx) as Generator<S>;
    case 'metrics':
      return createMetricGenerator(shape as MetricShape, ctx) as Generator<S>;
    case 'logs':
      return createLogGenerator(shape as LogShape, ctx) as Generator<S>;
    default:
      throw new ObsbenchError(
        'E_INTERNAL',
        `unknown signal ${JSON.stringify(signal)}; use traces, metrics or logs`,
      );
  }
}
