// Prometheus 3.x with its OTLP receiver: metrics at /api/v1/otlp/v1/metrics, and its remote write
// receiver at /api/v1/write. Accepted samples (either protocol) by
// prometheus_tsdb_head_samples_appended_total; refused ones by its out-of-order and out-of-bounds
// counters.

import { sumMetric } from '../probes/prometheus-text.js';
import type { BackendTarget } from './backend.js';
import { renderStackConfig } from './config-template.js';

export const prometheusTarget: BackendTarget = {
  kind: 'prometheus',
  binaryName: 'prometheus',
  portNames: ['http'],
  supports: (signal, protocol) =>
    signal === 'metrics' && (protocol === 'otlp-http' || protocol === 'prometheus-remote-write'),
  // Nothing to scrape: obsbench pushes (stack/prometheus/prometheus.yml, no placeholders).
  configFiles: () => ({ 'prometheus.yml': renderStackConfig('prometheus/prometheus.yml', {}) }),
  launchArgs: (ctx) => [
    `--config.file=${ctx.configDir}/prometheus.yml`,
    `--storage.tsdb.path=${ctx.dataDir}`,
    `--web.listen-address=127.0.0.1:${ctx.ports.http}`,
    '--web.enable-otlp-receiver',
    '--web.enable-remote-write-receiver',
    '--web.enable-admin-api',
  ],
  httpBaseUrl: (ctx) => `http://127.0.0.1:${ctx.ports.http}`,
  otlpHttpBase: (base) => `${base}/api/v1/otlp`,
  readyPath: '/-/ready',
  metricsPath: '/metrics',
  // Absent until the first append: 0, not "no counter".
  acceptedItems: (text) =>
    sumMetric(text, { name: 'prometheus_tsdb_head_samples_appended_total' }) ??
    (text.includes('prometheus_build_info') ? 0 : null),
  refusedItems: (text) =>
    (sumMetric(text, { name: 'prometheus_tsdb_out_of_order_samples_total' }) ?? 0) +
    (sumMetric(text, { name: 'prometheus_tsdb_out_of_bound_samples_total' }) ?? 0),
  // No flush API: appended samples are in its WAL at once, the head's chunks stay in memory
  // until a chunk fills (120 samples) or the head is compacted (2 h).
  flushPath: null,
  diskSettleMs: 1000,
  ownStorageFigures: (text) => {
    const figures: Record<string, number> = {};
    const wal = sumMetric(text, { name: 'prometheus_tsdb_wal_storage_size_bytes' });
    const headChunks = sumMetric(text, { name: 'prometheus_tsdb_head_chunks_storage_size_bytes' });
    const blocks = sumMetric(text, { name: 'prometheus_tsdb_storage_blocks_bytes' });
    if (wal !== null) figures.walBytes = wal;
    if (headChunks !== null) figures.headChunksBytes = headChunks;
    if (blocks !== null) figures.blocksBytes = blocks;
    return figures;
  },
  version: (text) => /prometheus_build_info\{[^}]*version="([^"]+)"/.exec(text)?.[1] ?? null,
};
