// VictoriaMetrics single-node: OTLP metrics at /opentelemetry/v1/metrics, remote write at
// /api/v1/write; accepted rows counted by vm_rows_inserted_total{type="opentelemetry"} (or
// type="promremotewrite"), refused ones by vm_rows_ignored_total.

import { sumMetric } from '../probes/prometheus-text.js';
import type { BackendTarget } from './backend.js';

export const victoriaMetricsTarget: BackendTarget = {
  kind: 'victoriametrics',
  binaryName: 'victoria-metrics',
  portNames: ['http'],
  supports: (signal, protocol) =>
    signal === 'metrics' && (protocol === 'otlp-http' || protocol === 'prometheus-remote-write'),
  launchArgs: (ctx) => [
    `-storageDataPath=${ctx.dataDir}`,
    `-httpListenAddr=127.0.0.1:${ctx.ports.http}`,
    '-retentionPeriod=100y',
    // Make just-written samples queryable at once for read-path probes.
    '-search.latencyOffset=0s',
  ],
  httpBaseUrl: (ctx) => `http://127.0.0.1:${ctx.ports.http}`,
  otlpHttpBase: (base) => `${base}/opentelemetry`,
  readyPath: '/health',
  metricsPath: '/metrics',
  acceptedItems: (text, _signal, protocol) =>
    sumMetric(text, {
      name: 'vm_rows_inserted_total',
      labels: { type: protocol === 'prometheus-remote-write' ? 'promremotewrite' : 'opentelemetry' },
    }),
  refusedItems: (text) => sumMetric(text, { name: 'vm_rows_ignored_total' }) ?? 0,
  flushPath: '/internal/force_flush',
  version: (text) => /vm_app_version\{[^}]*version="([^"]+)"/.exec(text)?.[1] ?? null,
};
