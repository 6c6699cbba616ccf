// VictoriaLogs: OTLP logs at /insert/opentelemetry/v1/logs, Loki push at /insert/loki/api/v1/push.
// Accepted rows by vl_rows_ingested_total{type="opentelemetry_protobuf"} (or _json) and, for Loki
// push, {type="loki_protobuf"} (or loki_json); dropped ones by vl_rows_dropped_total.

import { sumMetric } from '../probes/prometheus-text.js';
import type { BackendTarget } from './backend.js';

export const victoriaLogsTarget: BackendTarget = {
  kind: 'victorialogs',
  binaryName: 'victoria-logs',
  portNames: ['http'],
  supports: (signal, protocol) => signal === 'logs' && (protocol === 'otlp-http' || protocol === 'loki-push'),
  launchArgs: (ctx) => [
    `-storageDataPath=${ctx.dataDir}`,
    `-httpListenAddr=127.0.0.1:${ctx.ports.http}`,
    '-retentionPeriod=100y',
  ],
  httpBaseUrl: (ctx) => `http://127.0.0.1:${ctx.ports.http}`,
  otlpHttpBase: (base) => `${base}/insert/opentelemetry`,
  lokiPushBase: (base) => `${base}/insert`,
  readyPath: '/health',
  metricsPath: '/metrics',
  // Absent until the first row: 0 once the process publishes its metrics at all.
  acceptedItems: (text, _signal, protocol) => {
    // The rows counter's type names the ingestion protocol and its encoding.
    const prefix = protocol === 'loki-push' ? 'loki' : 'opentelemetry';
    const proto = sumMetric(text, { name: 'vl_rows_ingested_total', labels: { type: `${prefix}_protobuf` } });
    const json = sumMetric(text, { name: 'vl_rows_ingested_total', labels: { type: `${prefix}_json` } });
    if (proto === null && json === null) return text.includes('vl_rows_dropped_total') ? 0 : null;
    return (proto ?? 0) + (json ?? 0);
  },
  refusedItems: (text) => sumMetric(text, { name: 'vl_rows_dropped_total' }) ?? 0,
  flushPath: '/internal/force_flush',
  // As VictoriaMetrics: in-memory parts reach disk on -inmemoryDataFlushInterval (5 s).
  diskSettleMs: 6000,
  ownStorageFigures: (text): Record<string, number> => {
    let compressed = 0;
    let uncompressed = 0;
    for (const type of ['storage/inmemory', 'storage/small', 'storage/big']) {
      compressed += sumMetric(text, { name: 'vl_compressed_data_size_bytes', labels: { type } }) ?? 0;
      uncompressed += sumMetric(text, { name: 'vl_uncompressed_data_size_bytes', labels: { type } }) ?? 0;
    }
    return compressed > 0
      ? {
          compressionRatio: uncompressed / compressed,
          compressedBytes: compressed,
          uncompressedBytes: uncompressed,
        }
      : {};
  },
  version: (text) => /vm_app_version\{[^}]*version="([^"]+)"/.exec(text)?.[1] ?? null,
};
