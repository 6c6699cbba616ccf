// vmagent: ingests Prometheus remote write (/api/v1/write) and OTLP metrics
// (/opentelemetry/v1/metrics) and forwards them by remote write to its downstream
// (-remoteWrite.url; VictoriaMetrics or Prometheus), buffering in -remoteWrite.tmpDataPath.
// Accepted rows by vmagent_rows_inserted_total{type="promremotewrite"|"opentelemetry"}; refused
// ones by vm_rows_ignored_total (too many labels, too long names or values).

import { ObsbenchError } from '../errors.js';
import { sumMetric } from '../probes/prometheus-text.js';
import type { BackendTarget } from './backend.js';

export const vmagentTarget: BackendTarget = {
  kind: 'vmagent',
  binaryName: 'vmagent',
  portNames: ['http'],
  supports: (signal, protocol) =>
    signal === 'metrics' && (protocol === 'otlp-http' || protocol === 'prometheus-remote-write'),
  launchArgs: (ctx) => {
    const url = ctx.downstream?.remoteWriteUrl;
    if (!url) {
      throw new ObsbenchError(
        'E_TARGET',
        'vmagent forwards what it receives and needs a downstream: set target.downstream, e.g. { kind: victoriametrics, managed: true }',
      );
    }
    return [
      `-httpListenAddr=127.0.0.1:${ctx.ports.http}`,
      `-remoteWrite.url=${url}`,
      // Its on-disk queue for data the downstream has not taken yet: in the run's fresh data dir.
      `-remoteWrite.tmpDataPath=${ctx.dataDir}`,
    ];
  },
  httpBaseUrl: (ctx) => `http://127.0.0.1:${ctx.ports.http}`,
  otlpHttpBase: (base) => `${base}/opentelemetry`,
  readyPath: '/health',
  metricsPath: '/metrics',
  acceptedItems: (text, _signal, protocol) =>
    sumMetric(text, {
      name: 'vmagent_rows_inserted_total',
      labels: { type: protocol === 'prometheus-remote-write' ? 'promremotewrite' : 'opentelemetry' },
    }),
  refusedItems: (text) => sumMetric(text, { name: 'vm_rows_ignored_total' }) ?? 0,
  flushPath: null,
  // Its -remoteWrite.tmpDataPath only buffers what the downstream has not taken yet.
  storesData: false,
  version: (text) => /vm_app_version\{[^}]*version="([^"]+)"/.exec(text)?.[1] ?? null,
};
