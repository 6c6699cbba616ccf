// The OpenTelemetry Collector (built by obsbench stack install from stack/collector/builder.yaml)
// as a target: OTLP in over HTTP and gRPC, every signal into the nop exporter, so a run measures
// the receiver's own cost. Accepted and refused items come from its internal telemetry
// (otelcol_receiver_accepted_* / _refused_*), served on a separate port, as is its health check.

import type { Signal } from '../model/index.js';
import { sumMetric } from '../probes/prometheus-text.js';
import type { BackendTarget, LaunchContext } from './backend.js';

const ITEM_NAME: Record<Signal, string> = { traces: 'spans', metrics: 'metric_points', logs: 'log_records' };

function config(ctx: LaunchContext): string {
  const p = ctx.ports;
  return `# Written by obsbench for one run: OTLP receiver, nop exporter per signal.
receivers:
  otlp:
    protocols:
      http: { endpoint: 127.0.0.1:${p.http} }
      grpc: { endpoint: 127.0.0.1:${p.grpc} }
exporters:
  nop: {}
extensions:
  health_check: { endpoint: 127.0.0.1:${p.health} }
service:
  extensions: [health_check]
  telemetry:
    logs: { level: warn }
    metrics:
      level: detailed
      readers:
        - pull:
            exporter:
              prometheus: { host: 127.0.0.1, port: ${p.telemetry} }
  pipelines:
    traces: { receivers: [otlp], exporters: [nop] }
    metrics: { receivers: [otlp], exporters: [nop] }
    logs: { receivers: [otlp], exporters: [nop] }
`;
}

export const collectorTarget: BackendTarget = {
  kind: 'collector',
  binaryName: 'otelcol',
  portNames: ['http', 'grpc', 'health', 'telemetry'],
  supports: () => true,
  configFiles: (ctx) => ({ 'otelcol.yaml': config(ctx) }),
  launchArgs: (ctx) => [`--config=${ctx.configDir}/otelcol.yaml`],
  httpBaseUrl: (ctx) => `http://127.0.0.1:${ctx.ports.http}`,
  otlpHttpBase: (base) => base,
  otlpGrpcEndpoint: (ctx) => `127.0.0.1:${ctx.ports.grpc}`,
  metricsBaseUrl: (ctx) => `http://127.0.0.1:${ctx.ports.telemetry}`,
  readyBaseUrl: (ctx) => `http://127.0.0.1:${ctx.ports.health}`,
  readyPath: '/',
  metricsPath: '/metrics',
  // Receiver counters appear with the first item; the telemetry page itself proves the counter exists.
  acceptedItems: (text, signal) =>
    sumMetric(text, { name: `otelcol_receiver_accepted_${ITEM_NAME[signal]}_total` }) ??
    (text.includes('target_info') ? 0 : null),
  refusedItems: (text, signal) =>
    (sumMetric(text, { name: `otelcol_receiver_refused_${ITEM_NAME[signal]}_total` }) ?? 0) +
    (sumMetric(text, { name: `otelcol_receiver_failed_${ITEM_NAME[signal]}_total` }) ?? 0),
  flushPath: null,
  version: (text) => /target_info\{[^}]*service_version="([^"]+)"/.exec(text)?.[1] ?? null,
};
