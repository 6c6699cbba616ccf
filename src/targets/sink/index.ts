// Public surface of the built-in sink.

export { formatSinkCounters } from './format.js';
export { countOtlpProtoItems, countOtlpProtoItemsTimed } from './otlp-item-count.js';
export { countOtlpJsonItems } from './otlp-json-count.js';
export { type Sink, type SinkOptions, startSink } from './sink.js';
export type { SinkFault } from './sink-core.js';
export type { SignalCounters, SinkCounters } from './sink-counters.js';
