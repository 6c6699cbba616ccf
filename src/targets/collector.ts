// The OpenTelemetry Collector (built by obsbench stack install from stack/collector/builder.yaml)
// as a target: OTLP in over HTTP and gRPC, then the scenario's pipeline, whose config is the
// template stack/collector/pipelines/<pipeline>.yaml (nop by default: the receiver's own cost).
// Accepted and refused items come from its internal telemetry (otelcol_receiver_accepted_* /
// _refused_*), served on a separate port, as is its health check.

import type { BackendTarget, LaunchContext } from './backend.js';
import { renderStackConfig } from './config-template.js';
import { receiverAccepted, receiverRefused, targetInfoVersion } from './otelcol-counters.js';
import { pipelineTemplate } from './pipelines.js';

/** The template's placeholders for one launch; downstream URLs only when there is a downstream. */
function collectorTemplateValues(ctx: LaunchContext): Record<string, string | number> {
  const p = ctx.ports;
  const values: Record<string, string | number> = {
    OTLP_HTTP_ENDPOINT: `127.0.0.1:${p.http}`,
    OTLP_GRPC_ENDPOINT: `127.0.0.1:${p.grpc}`,
    HEALTH_ENDPOINT: `127.0.0.1:${p.health}`,
    TELEMETRY_HOST: '127.0.0.1',
    TELEMETRY_PORT: p.telemetry,
  };
  const d = ctx.downstream;
  if (d?.otlpGrpcEndpoint) values.DOWNSTREAM_OTLP_GRPC_ENDPOINT = d.otlpGrpcEndpoint;
  if (d?.otlpHttpBase) values.DOWNSTREAM_OTLP_HTTP_URL = d.otlpHttpBase;
  if (d?.remoteWriteUrl) values.DOWNSTREAM_REMOTE_WRITE_URL = d.remoteWriteUrl;
  return values;
}

export const collectorTarget: BackendTarget = {
  kind: 'collector',
  binaryName: 'otelcol',
  portNames: ['http', 'grpc', 'health', 'telemetry'],
  supports: (_signal, protocol) => protocol === 'otlp-http' || protocol === 'otlp-grpc',
  configFiles: (ctx) => ({
    'otelcol.yaml': renderStackConfig(pipelineTemplate(ctx.pipeline ?? 'nop'), collectorTemplateValues(ctx)),
  }),
  launchArgs: (ctx) => [`--config=${ctx.configDir}/otelcol.yaml`],
  httpBaseUrl: (ctx) => `http://127.0.0.1:${ctx.ports.http}`,
  otlpHttpBase: (base) => base,
  otlpGrpcEndpoint: (ctx) => `127.0.0.1:${ctx.ports.grpc}`,
  metricsBaseUrl: (ctx) => `http://127.0.0.1:${ctx.ports.telemetry}`,
  readyBaseUrl: (ctx) => `http://127.0.0.1:${ctx.ports.health}`,
  readyPath: '/',
  metricsPath: '/metrics',
  acceptedItems: (text, signal) => receiverAccepted(text, signal),
  refusedItems: (text, signal) => receiverRefused(text, signal),
  flushPath: null,
  storesData: false,
  version: targetInfoVersion,
};
