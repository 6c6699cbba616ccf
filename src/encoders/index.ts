// The encoders: one constant object per (signal, wire format), found through getEncoder.

import { ObsbenchError } from '../errors.js';
import type { Signal } from '../model/index.js';
import type { Encoder, WireFormat } from './encoder.js';
import { lokiPushJson } from './loki-push-json.js';
import { lokiPushProto } from './loki-push-proto.js';
import { otlpJsonLogs } from './otlp-json-logs.js';
import { otlpJsonMetrics } from './otlp-json-metrics.js';
import { otlpJsonTraces } from './otlp-json-traces.js';
import { otlpProtoLogs } from './otlp-proto-logs.js';
import { otlpProtoMetrics } from './otlp-proto-metrics.js';
import { otlpProtoTraces } from './otlp-proto-traces.js';
import { promRemoteWrite } from './prom-remote-write.js';

export { compressBody } from './compression.js';
export type { Encoder, WireFormat } from './encoder.js';
export { sanitizeLabelName } from './loki-labels.js';
export { LokiPushJsonEncoder, lokiPushJson } from './loki-push-json.js';
export { LokiPushProtoEncoder, lokiPushProto } from './loki-push-proto.js';
export { otlpJsonLogs } from './otlp-json-logs.js';
export { otlpJsonMetrics } from './otlp-json-metrics.js';
export { otlpJsonTraces } from './otlp-json-traces.js';
export { otlpProtoLogs } from './otlp-proto-logs.js';
export { otlpProtoMetrics } from './otlp-proto-metrics.js';
export { otlpProtoTraces } from './otlp-proto-traces.js';
export { PromRemoteWriteEncoder, promRemoteWrite } from './prom-remote-write.js';

/** The OTLP formats every signal has; prom-remote-write (metrics) and loki-push-* (logs) are listed apart. */
export const WIRE_FORMATS: readonly WireFormat[] = ['otlp-proto', 'otlp-json'];

// Remote write carries metrics only; Loki push, logs only.
const ENCODERS: { readonly [S in Signal]: { readonly [F in WireFormat]?: Encoder<S> } } = {
  traces: { 'otlp-proto': otlpProtoTraces, 'otlp-json': otlpJsonTraces },
  metrics: {
    'otlp-proto': otlpProtoMetrics,
    'otlp-json': otlpJsonMetrics,
    'prom-remote-write': promRemoteWrite,
  },
  logs: {
    'otlp-proto': otlpProtoLogs,
    'otlp-json': otlpJsonLogs,
    'loki-push-proto': lokiPushProto,
    'loki-push-json': lokiPushJson,
  },
};

/** The shared encoder for a signal and wire format. */
export function getEncoder<S extends Signal>(signal: S, format: WireFormat): Encoder<S> {
  const encoder = (ENCODERS[signal] as { readonly [F in WireFormat]?: Encoder<S> } | undefined)?.[format];
  if (encoder === undefined) {
    throw new ObsbenchError(
      'E_USAGE',
      `no encoder for signal ${JSON.stringify(signal)} and format ${JSON.stringify(format)}; ` +
        `signals are traces, metrics, logs and formats are ${WIRE_FORMATS.join(', ')} (prom-remote-write: metrics only; loki-push-proto, loki-push-json: logs only)`,
    );
  }
  return encoder;
}
