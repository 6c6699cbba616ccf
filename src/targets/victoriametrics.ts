// VictoriaMetrics single-node: OTLP metrics at /opentelemetry/v1/metrics, remote write at
// /api/v1/write; accepted rows counted by vm_rows_inserted_total{type="opentelemetry"} (or
// type="promremotewrite"), refused ones by vm_rows_ignored_total.

import { sumMetric } from '../probes/prometheus-text.js';
import type { BackendTarget } from './backend.js';

/** Sum of a per-part-type gauge over the data parts (type="storage/..."), index excluded. */
function storageSum(text: string, name: string): number {
  let sum = 0;
  for (const type of ['storage/inmemory', 'storage/small', 'storage/big']) {
    sum += sumMetric(text, { name, labels: { type } }) ?? 0;
  }
  return sum;
}

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
  // force_flush makes data searchable; in-memory parts reach disk on -inmemoryDataFlushInterval (5 s).
  diskSettleMs: 6000,
  ownStorageFigures: (text): Record<string, number> => {
    const bytes = storageSum(text, 'vm_data_size_bytes');
    const rows = storageSum(text, 'vm_rows');
    return rows > 0 ? { storageBytesPerSample: bytes / rows, storageRows: rows, storageBytes: bytes } : {};
  },
  version: (text) => /vm_app_version\{[^}]*version="([^"]+)"/.exec(text)?.[1] ?? null,
};
