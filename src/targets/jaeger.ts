// Jaeger v2 (built by obsbench stack install from github.com/jaegertracing/jaeger/cmd/jaeger) as a
// target: a trace store on the OpenTelemetry Collector, OTLP in over HTTP and gRPC, Badger on the
// run's data dir, the query service on a port of its own (stack/jaeger/jaeger.yaml). Accepted and
// refused spans come from its internal telemetry (otelcol_receiver_*_spans), served on another
// port, as is its health check.

import type { BackendTarget, LaunchContext } from './backend.js';
import { renderStackConfig } from './config-template.js';
import { receiverAccepted, receiverRefused, targetInfoVersion } from './otelcol-counters.js';

function jaegerTemplateValues(ctx: LaunchContext): Record<string, string | number> {
  const p = ctx.ports;
  return {
    OTLP_HTTP_ENDPOINT: `127.0.0.1:${p.http}`,
    OTLP_GRPC_ENDPOINT: `127.0.0.1:${p.grpc}`,
    QUERY_HTTP_ENDPOINT: `127.0.0.1:${p.query}`,
    QUERY_GRPC_ENDPOINT: `127.0.0.1:${p.queryGrpc}`,
    HEALTH_ENDPOINT: `127.0.0.1:${p.health}`,
    TELEMETRY_HOST: '127.0.0.1',
    TELEMETRY_PORT: p.telemetry,
    DATA_DIR: ctx.dataDir,
  };
}

export const jaegerTarget: BackendTarget = {
  kind: 'jaeger',
  binaryName: 'jaeger',
  portNames: ['http', 'grpc', 'query', 'queryGrpc', 'health', 'telemetry'],
  supports: (signal, protocol) =>
    signal === 'traces' && (protocol === 'otlp-http' || protocol === 'otlp-grpc'),
  configFiles: (ctx) => ({
    'jaeger.yaml': renderStackConfig('jaeger/jaeger.yaml', jaegerTemplateValues(ctx)),
  }),
  launchArgs: (ctx) => [`--config=${ctx.configDir}/jaeger.yaml`],
  httpBaseUrl: (ctx) => `http://127.0.0.1:${ctx.ports.http}`,
  otlpHttpBase: (base) => base,
  // The read path's API: the query service (API v3 under /api/v3, the classic one under /api).
  queryBaseUrl: (ctx) => `http://127.0.0.1:${ctx.ports.query}`,
  otlpGrpcEndpoint: (ctx) => `127.0.0.1:${ctx.ports.grpc}`,
  metricsBaseUrl: (ctx) => `http://127.0.0.1:${ctx.ports.telemetry}`,
  readyBaseUrl: (ctx) => `http://127.0.0.1:${ctx.ports.health}`,
  readyPath: '/status',
  metricsPath: '/metrics',
  acceptedItems: (text) => receiverAccepted(text, 'traces'),
  refusedItems: (text) => receiverRefused(text, 'traces'),
  // Badger writes through a memory-mapped memtable log, created at 128 MiB, and holds spans there
  // until 64 MiB fill one table: no flush call, and the bytes are the blocks in use.
  flushPath: null,
  sparseFiles: true,
  diskSettleMs: 2000,
  version: targetInfoVersion,
};
