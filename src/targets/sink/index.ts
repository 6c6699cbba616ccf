// Public surface of the built-in sink.

export { formatSinkCounters } from './format.js';
export { countOtlpProtoItems, countOtlpProtoItemsTimed } from './otlp-item-count.js';
export { countOtlpJsonItems } from './otlp-json-count.js';
export { type Sink, startSink } from './sink.js';
