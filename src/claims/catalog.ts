// Every row of docs/claims.md as data: what was claimed, what primary sources say, and how
// obsbench measures it (which validate run and result figure, or which capacity search, how
// normalised). Verdicts are computed in evaluate.ts and saturation.ts; nothing here runs anything.

/** The validate runs a claim can read (scenarios/claims/<run>.yaml). */
export const CLAIM_RUNS = [
  'victoriametrics-remote-write',
  'prometheus-remote-write',
  'collector-traces',
  'victorialogs-logs',
  'jaeger-traces',
] as const;
export type ClaimRun = (typeof CLAIM_RUNS)[number];

type Comparator = '>=' | '<=';

/** One figure of one run, by threshold metric name (src/result/thresholds.ts) or read query. */
export interface FigureRef {
  run: ClaimRun;
  /** A threshold metric name, e.g. achievedRatePerS, backendRssAvgBytes, compressionRatio. */
  metric: string;
}

/**
 * A capacity search of a claims run's scenario (obsbench capacity): the backend pinned to one core,
 * the harness on the others, under a cgroup CFS quota of `cpuLimitCores` when set. Its figure is the
 * highest sustained rate per core of CPU time given: rate / min(1, cpuLimitCores).
 */
export interface SaturationSpec {
  run: ClaimRun;
  /** A CFS quota below one core, for a backend one harness core cannot saturate; null: the full core. */
  cpuLimitCores: number | null;
}

/**
 * The quota method's CPU limit, for a per-core claim whose backend one harness core cannot
 * saturate on a full core. No claim needs it today: in `obsbench validate --quick`,
 * VictoriaMetrics' failing full-core steps used 0.95-1.0 of its core while the harness used
 * 0.47-0.58 of its own (ceiling 1.22M/s); it needed the quota while the harness was slower.
 * Half a core, chosen on the 2-core machine it was built on, with quick searches (6 s steps after
 * a 3 s warmup): VictoriaMetrics under it sustained 163K-250K samples/s with the harness's own
 * ceiling at 420K-520K, so the backend failed its steps well before the harness did. The
 * Collector, which one harness core saturates on a full core, gave
 * 45,000 spans/s on the full core and 22,500 under half a core (0% apart); under a quarter core
 * it gave 10,000 (40K per core, 11% low: at a quarter the 100 ms CFS period's throttling stretches
 * p99 past the SLO before the CPU is used up, and VictoriaMetrics at 60K samples/s went from a
 * 55 ms p99 under half a core to 722 ms under a quarter).
 */
export const QUOTA_METHOD_CORES = 0.5;

/**
 * The backend that proves the quota method: the harness saturates the Collector on a full core, so
 * validate measures it both ways (full core, and rate / quota under QUOTA_METHOD_CORES) and trusts
 * a quota-method verdict only when the two per-core figures agree within METHOD_AGREEMENT_SHARE.
 */
export const METHOD_REFERENCE_RUN: ClaimRun = 'collector-traces';
export const METHOD_AGREEMENT_SHARE = 0.1;

type Measure =
  /** This machine cannot run the backend at all. */
  | { kind: 'unavailable'; reason: string }
  /** A figure of one run. */
  | { kind: 'figure'; figure: FigureRef }
  /** figure a / figure b (e.g. Prometheus RSS / VictoriaMetrics RSS). */
  | { kind: 'ratio'; numerator: FigureRef; denominator: FigureRef }
  /** Geometric mean over the read queries both runs share of slower p50 / faster p50. */
  | { kind: 'query-speedup'; slower: ClaimRun; faster: ClaimRun }
  /** The saturated rate per core from capacity searches (saturation.ts). */
  | ({ kind: 'saturation' } & SaturationSpec);

export interface Claim {
  id: string;
  /** The claim as stated in the report under test. */
  statement: string;
  stated: { comparator: Comparator; value: number; unit: string };
  /** What primary sources say, with their conditions. */
  sources: string;
  /** How the measured figure is normalised (per core, per instance, ratio). */
  normalisation: string;
  measure: Measure;
  /**
   * A condition of the claim this machine does not reproduce: a measured figure that falls short
   * under it is inconclusive rather than a fail (a pass still passes).
   */
  unreproducedCondition?: string;
}

/**
 * A peer's figure, shown beside a claim this machine cannot measure (Tempo's): the same figure of
 * a backend that runs here, under the same conditions. Never a verdict on the claim.
 */
export interface PeerFigure {
  /** The claim it is shown beside. */
  beside: string;
  id: string;
  /** What was measured, on what. */
  label: string;
  unit: string;
  measure:
    | { kind: 'figure'; figure: FigureRef }
    /** The p99 of one read query of a run, ms. */
    | { kind: 'query-p99'; run: ClaimRun; query: string }
    | ({ kind: 'saturation' } & SaturationSpec);
}

/** Why the peer rows are there, in every report that shows them. */
export const PEER_NOTE =
  'a peer trace store measured here under the same conditions (pinned core, same spans), not a verdict on Tempo: Tempo writes blocks to object storage, compacts them and answers TraceQL, which Jaeger with Badger does not';

export const PEER_FIGURES: readonly PeerFigure[] = [
  {
    beside: 'tempo.ingest',
    id: 'jaeger.ingest_per_core',
    label: 'Jaeger v2 (Badger): highest sustained spans/s, one pinned core',
    unit: 'spans/s per core',
    measure: { kind: 'saturation', run: 'jaeger-traces', cpuLimitCores: null },
  },
  {
    beside: 'tempo.query_by_id',
    id: 'jaeger.query_by_id',
    label: 'Jaeger v2: trace-by-ID p99 over API v3, after the run',
    unit: 'ms p99',
    measure: { kind: 'query-p99', run: 'jaeger-traces', query: 'trace_by_id' },
  },
  {
    beside: 'tempo.cost',
    id: 'jaeger.bytes_per_span',
    label:
      "Jaeger v2 (Badger): bytes on disk per span (blocks in use; Badger's log until a 64 MiB memtable flushes)",
    unit: 'B/span',
    measure: { kind: 'figure', figure: { run: 'jaeger-traces', metric: 'bytesPerItem' } },
  },
  {
    beside: 'tempo.compression',
    id: 'jaeger.compression',
    label: 'Jaeger v2 (Badger): raw OTLP bytes / disk bytes',
    unit: 'raw OTLP bytes / disk bytes',
    measure: { kind: 'figure', figure: { run: 'jaeger-traces', metric: 'compressionRatio' } },
  },
];

const TEMPO_UNAVAILABLE =
  'Grafana Tempo is AGPL-3.0: this project may not build or fetch it here; run the claims against a Tempo you run (stack/docker-compose.yaml) with target.endpoint';
const LOKI_UNAVAILABLE =
  'Grafana Loki is AGPL-3.0: this project may not build or fetch it here; run the claims against a Loki you run (stack/docker-compose.yaml) with target.endpoint';

export const CLAIMS: readonly Claim[] = [
  {
    id: 'tempo.ingest',
    statement: '100K+ spans/s',
    stated: { comparator: '>=', value: 100_000, unit: 'spans/s per instance' },
    sources:
      'Tempo docs: monolithic mode ~25-35 MB/s or 55-80K spans/s (~440 B/span); one distributor per 10 MB/s at 2 cores / 2 GB; default per-tenant limit 15 MB/s',
    normalisation: 'per instance',
    measure: { kind: 'unavailable', reason: TEMPO_UNAVAILABLE },
  },
  {
    id: 'tempo.query_by_id',
    statement: '< 100 ms trace-by-ID query',
    stated: { comparator: '<=', value: 100, unit: 'ms p99' },
    sources: 'No primary figure; lookup cost grows with the number of blocks',
    normalisation: 'per query',
    measure: { kind: 'unavailable', reason: TEMPO_UNAVAILABLE },
  },
  {
    id: 'tempo.cost',
    statement: '~$0.02/GB/month storage',
    stated: { comparator: '<=', value: 0.02, unit: '$/GB/month' },
    sources: 'Object-storage list price, not a Tempo property: report bytes on disk per span instead',
    normalisation: 'bytes per span',
    measure: { kind: 'unavailable', reason: `a price, not measurable; ${TEMPO_UNAVAILABLE}` },
  },
  {
    id: 'tempo.compression',
    statement: '10:1 compression',
    stated: { comparator: '>=', value: 10, unit: 'raw OTLP bytes / disk bytes' },
    sources:
      'Tempo docs: zstd "cuts storage to ~15%" (~6.7:1, older block format); vParquet compresses per column',
    normalisation: 'ratio',
    measure: { kind: 'unavailable', reason: TEMPO_UNAVAILABLE },
  },
  {
    id: 'vm.ingest_per_core',
    statement: '1M+ datapoints/s per core',
    stated: { comparator: '>=', value: 1_000_000, unit: 'samples/s per core' },
    sources:
      'Vendor TSBS runs: ~0.3-0.4M points/s per vCPU (800K on 2 vCPU, 19M on 64 vCPU); docs: a single node handles 1.5M+ samples/s',
    normalisation:
      'highest sustained samples/s of a capacity search, VictoriaMetrics on one pinned core, the harness on another with its own ceiling above the rates tried',
    measure: { kind: 'saturation', run: 'victoriametrics-remote-write', cpuLimitCores: null },
  },
  {
    id: 'vm.query_vs_prometheus',
    statement: '5-10x faster queries than Prometheus',
    stated: { comparator: '>=', value: 5, unit: 'x (Prometheus p50 / VictoriaMetrics p50)' },
    sources: 'No primary source; contested. Measure the same PromQL on both with the same data',
    normalisation: 'geometric mean over the same PromQL range queries on the same data',
    measure: {
      kind: 'query-speedup',
      slower: 'prometheus-remote-write',
      faster: 'victoriametrics-remote-write',
    },
  },
  {
    id: 'vm.memory_vs_prometheus',
    statement: '7x lower memory than Prometheus',
    stated: { comparator: '>=', value: 7, unit: 'x (Prometheus RSS / VictoriaMetrics RSS)' },
    sources:
      'VM README: "up to 7x less RAM than Prometheus" with millions of unique series (node_exporter-like data, default configs, 10 s scrape)',
    normalisation: 'average RSS over the run, same data into both',
    measure: {
      kind: 'ratio',
      numerator: { run: 'prometheus-remote-write', metric: 'backendRssAvgBytes' },
      denominator: { run: 'victoriametrics-remote-write', metric: 'backendRssAvgBytes' },
    },
    unreproducedCondition: 'millions of unique series (the quick run has far fewer)',
  },
  {
    id: 'vm.compression',
    statement: '10:1 compression',
    stated: { comparator: '>=', value: 10, unit: 'raw OTLP bytes / disk bytes' },
    sources:
      'VM docs quote bytes per sample: ~0.4-1 B/sample on real data vs 16 B raw; Prometheus docs 1-2 B/sample. Report B/sample for both',
    normalisation: 'ratio; bytes per sample beside it',
    measure: { kind: 'figure', figure: { run: 'victoriametrics-remote-write', metric: 'compressionRatio' } },
  },
  {
    id: 'vm.vs_prometheus_speed',
    statement: '20x Prometheus',
    stated: {
      comparator: '>=',
      value: 20,
      unit: 'x (Prometheus CPU / VictoriaMetrics CPU per million samples)',
    },
    sources: 'VM README says "up to 20x" vs InfluxDB and TimescaleDB, not Prometheus',
    normalisation: 'CPU seconds per million samples ingested, same data into both',
    measure: {
      kind: 'ratio',
      numerator: { run: 'prometheus-remote-write', metric: 'cpuSecondsPerMillionItems' },
      denominator: { run: 'victoriametrics-remote-write', metric: 'cpuSecondsPerMillionItems' },
    },
  },
  {
    id: 'loki.ingest',
    statement: '100 GB+/day per instance',
    stated: { comparator: '>=', value: 100, unit: 'GB/day per instance' },
    sources: 'Loki docs: monolithic mode up to ~20 GB/day; default per-tenant limit 4 MB/s (~345 GB/day)',
    normalisation: 'per instance',
    measure: { kind: 'unavailable', reason: LOKI_UNAVAILABLE },
  },
  {
    id: 'loki.query',
    statement: '< 1 s label query',
    stated: { comparator: '<=', value: 1000, unit: 'ms p99' },
    sources: 'No primary figure',
    normalisation: 'per query',
    measure: { kind: 'unavailable', reason: LOKI_UNAVAILABLE },
  },
  {
    id: 'loki.cost',
    statement: '~$0.02/GB/month',
    stated: { comparator: '<=', value: 0.02, unit: '$/GB/month' },
    sources: 'Object-storage price: report bytes on disk per line / per raw GB instead',
    normalisation: 'bytes per line',
    measure: { kind: 'unavailable', reason: `a price, not measurable; ${LOKI_UNAVAILABLE}` },
  },
  {
    id: 'loki.compression',
    statement: '10:1 compression',
    stated: { comparator: '>=', value: 10, unit: 'raw OTLP bytes / disk bytes' },
    sources:
      'No primary ratio; default chunk encoding gzip; Loki exposes loki_ingester_chunk_compression_ratio',
    normalisation: 'ratio',
    measure: { kind: 'unavailable', reason: LOKI_UNAVAILABLE },
  },
  {
    id: 'collector.throughput',
    statement: '100K+ spans/s',
    stated: { comparator: '>=', value: 100_000, unit: 'spans/s per core' },
    sources:
      'Collector performance doc: offered 100K spans/s, sustained ~12K spans/s on 1 CPU / 2 GB and ~24K on 2 CPU / 4 GB (OTLP, ~20 attributes/span); 10K spans/s of tiny spans cost ~6-12% of a core',
    normalisation: 'highest sustained spans/s of a capacity search, the Collector on one pinned core',
    measure: { kind: 'saturation', run: 'collector-traces', cpuLimitCores: null },
  },
  {
    id: 'collector.p99',
    statement: '< 10 ms P99 processing latency',
    stated: { comparator: '<=', value: 10, unit: 'ms p99' },
    sources: "No primary figure; the batch processor's default timeout alone is 200 ms",
    normalisation:
      'P99 per span from the harness stamping its batch to the span reaching the sink behind the Collector (no batch processor; includes encode, send and export)',
    measure: { kind: 'figure', figure: { run: 'collector-traces', metric: 'downstreamP99LatencyMs' } },
  },
  {
    id: 'collector.resources',
    statement: '2 GB memory / 1 CPU',
    stated: { comparator: '<=', value: 2 * 1024 ** 3, unit: 'bytes peak RSS on 1 pinned core' },
    sources: 'A sizing ratio (1 CPU : 2 GB), supported as a ratio at ~12K spans/s, not at 100K',
    normalisation: 'peak RSS at the run rate, Collector pinned to one core',
    measure: { kind: 'figure', figure: { run: 'collector-traces', metric: 'backendRssMaxBytes' } },
  },
  {
    id: 'victorialogs.ratio_10_1',
    statement: '10:1 compression, all',
    stated: { comparator: '>=', value: 10, unit: 'raw OTLP bytes / disk bytes' },
    sources: 'Measure raw OTLP protobuf bytes / bytes on disk with the same data for every backend',
    normalisation: 'ratio; bytes per line beside it',
    measure: { kind: 'figure', figure: { run: 'victorialogs-logs', metric: 'compressionRatio' } },
  },
  {
    id: 'prometheus.ratio_10_1',
    statement: '10:1 compression, all',
    stated: { comparator: '>=', value: 10, unit: 'raw OTLP bytes / disk bytes' },
    sources:
      'Measure raw OTLP protobuf bytes / bytes on disk with the same data for every backend (Prometheus: WAL and head chunks until its 2 h compaction)',
    normalisation: 'ratio; bytes per sample beside it',
    measure: { kind: 'figure', figure: { run: 'prometheus-remote-write', metric: 'compressionRatio' } },
    unreproducedCondition:
      'compacted blocks: within 2 h Prometheus holds the data in its WAL, not in compressed blocks',
  },
];
