// The metric names a metric generator emits: distinct Prometheus-style names with a kind (by the
// shape's shares), unit, description, histogram bounds and the bucket profile of observations.
// Built once from the seed, identical in every worker.

import {
  METRIC_EXP_HISTOGRAM,
  METRIC_GAUGE,
  METRIC_HISTOGRAM,
  METRIC_SUM,
  type MetricType,
} from '../model/index.js';
import type { MetricKind, MetricShape } from '../model/shapes.js';
import type { Rng } from './random.js';
import { apportion, WeightedChoice } from './shares.js';

const METRIC_KINDS: readonly MetricKind[] = ['gauge', 'sum', 'histogram', 'exponential_histogram'];
const TYPE_OF_KIND: readonly MetricType[] = [
  METRIC_GAUGE,
  METRIC_SUM,
  METRIC_HISTOGRAM,
  METRIC_EXP_HISTOGRAM,
];

/** Positive buckets every exponential histogram point carries. */
export const EXP_BUCKETS = 20;
/** Scale 3: bucket boundaries grow by 2^(1/8), about 9% per bucket. */
export const EXP_SCALE = 3;
/** Share of exponential-histogram observations that are exactly zero. */
const EXP_ZERO_SHARE = 0.01;
const OBSERVATION_SIGMA = 0.9;

const PREFIXES: readonly string[] = [
  'http_server',
  'http_client',
  'rpc_server',
  'rpc_client',
  'db_client',
  'process',
  'jvm',
  'go',
  'nodejs',
  'kafka_consumer',
  'kafka_producer',
  'cache',
  'queue',
  'checkout',
  'payment',
  'search_index',
  'grpc_pool',
  'scheduler',
  'storage',
  'ingest',
  'auth',
  'cdn_edge',
  'feature_flags',
  'mail_sender',
];
const MEASURES: Readonly<Record<MetricKind, readonly string[]>> = {
  gauge: [
    'memory_usage_bytes',
    'active_connections',
    'queue_depth',
    'cpu_utilization_ratio',
    'threads',
    'heap_used_bytes',
    'open_fds',
    'lag_messages',
    'pool_size',
    'temperature_celsius',
    'inflight_requests',
  ],
  sum: [
    'requests_total',
    'errors_total',
    'bytes_sent_total',
    'bytes_received_total',
    'cpu_seconds_total',
    'retries_total',
    'messages_processed_total',
    'cache_hits_total',
    'cache_misses_total',
    'gc_collections_total',
  ],
  histogram: [
    'request_duration_seconds',
    'response_size_bytes',
    'query_duration_seconds',
    'processing_latency_seconds',
    'payload_size_bytes',
    'queue_wait_seconds',
  ],
  exponential_histogram: [
    'request_latency_seconds',
    'message_size_bytes',
    'scan_duration_seconds',
    'render_time_seconds',
    'upload_size_bytes',
    'lock_wait_seconds',
  ],
};

export interface MetricDef {
  name: string;
  description: string;
  unit: string;
  type: MetricType;
  /** Typical magnitude of values (gauge level, observation median). */
  scale: number;
  /** Explicit histogram bounds (histogramBuckets - 1 of them). */
  bounds: Float64Array;
  /** Share of observations per bucket (explicit: histogramBuckets; exponential: EXP_BUCKETS). */
  profile: Float64Array;
  /** A representative observed value per bucket, for `sum`. */
  bucketValue: Float64Array;
  /** Exponential histograms: index of the first positive bucket. */
  expOffset: number;
}

export function buildCatalog(shape: MetricShape, rng: Rng): MetricDef[] {
  const choice = new WeightedChoice(shape.kinds, METRIC_KINDS);
  const kinds = apportion(shape.metricNames, choice.shares, rng);
  const combos = METRIC_KINDS.map((kind) => {
    const names: string[] = [];
    for (const prefix of PREFIXES) for (const measure of MEASURES[kind]) names.push(`${prefix}_${measure}`);
    return rng.shuffle(names);
  });
  const usedPerKind = [0, 0, 0, 0];
  const defs: MetricDef[] = [];
  for (let m = 0; m < shape.metricNames; m++) {
    const kind = kinds[m];
    const j = usedPerKind[kind]++;
    const pool = combos[kind];
    const family = Math.floor(j / pool.length);
    // Past the word combinations, number the families like sharded subsystems do.
    const name =
      family === 0 ? pool[j % pool.length] : pool[j % pool.length].replace(/^([a-z]+)_/, `$1_${family + 1}_`);
    defs.push(defineMetric(name, kind, shape.histogramBuckets, rng));
  }
  return defs;
}

function defineMetric(name: string, kindIndex: number, histogramBuckets: number, rng: Rng): MetricDef {
  const unit = unitOf(name);
  const scale = scaleOf(unit, rng);
  const type = TYPE_OF_KIND[kindIndex];
  const def: MetricDef = {
    name,
    description: describe(name),
    unit,
    type,
    scale,
    bounds: new Float64Array(0),
    profile: new Float64Array(0),
    bucketValue: new Float64Array(0),
    expOffset: 0,
  };
  if (type === METRIC_HISTOGRAM) explicitBuckets(def, histogramBuckets);
  if (type === METRIC_EXP_HISTOGRAM) exponentialBuckets(def);
  return def;
}

function unitOf(name: string): string {
  if (name.endsWith('_seconds') || name.endsWith('_seconds_total')) return 's';
  if (name.endsWith('_bytes') || name.includes('_bytes_')) return 'By';
  if (name.endsWith('_ratio')) return '1';
  if (name.endsWith('_celsius')) return 'Cel';
  return '';
}

function scaleOf(unit: string, rng: Rng): number {
  if (unit === 's') return rng.lognormal(0.05, 0.8);
  if (unit === 'By') return rng.lognormal(50_000, 1.5);
  if (unit === '1') return 0.2 + 0.6 * rng.nextFloat();
  if (unit === 'Cel') return 40 + 30 * rng.nextFloat();
  return rng.lognormal(40, 1.2);
}

function describe(name: string): string {
  return (
    name
      .replace(/_total$/, '')
      .replace(/_/g, ' ')
      .replace(/^./, (c) => c.toUpperCase()) + '.'
  );
}

/** Geometric bounds spanning about four decades around the metric's scale, rounded to 2 digits. */
function explicitBuckets(def: MetricDef, buckets: number): void {
  const boundCount = buckets - 1;
  const bounds = new Float64Array(boundCount);
  const low = def.scale / 100;
  const growth = boundCount > 1 ? 10 ** (4 / (boundCount - 1)) : 1;
  for (let b = 0; b < boundCount; b++) bounds[b] = roundSignificant(low * growth ** b, 2);
  // Rounding can make neighbours equal when buckets are many; bounds must strictly increase.
  for (let b = 1; b < boundCount; b++) if (bounds[b] <= bounds[b - 1]) bounds[b] = bounds[b - 1] * 1.01;
  def.bounds = bounds;
  def.profile = new Float64Array(buckets);
  def.bucketValue = new Float64Array(buckets);
  for (let b = 0; b < buckets; b++) {
    const lo = b === 0 ? 0 : bounds[b - 1];
    const hi = b === boundCount ? Number.POSITIVE_INFINITY : bounds[b];
    def.profile[b] = lognormalMass(lo, hi, def.scale, OBSERVATION_SIGMA);
    def.bucketValue[b] =
      b === 0
        ? boundCount > 0
          ? bounds[0] * 0.6
          : def.scale
        : hi === Number.POSITIVE_INFINITY
          ? lo * 1.5
          : Math.sqrt(lo * hi);
  }
}

/** EXP_BUCKETS consecutive buckets centred on the scale; mass beyond them folds into the edges. */
function exponentialBuckets(def: MetricDef): void {
  const base = 2 ** (2 ** -EXP_SCALE);
  const centre = Math.ceil(Math.log2(def.scale) * 2 ** EXP_SCALE) - 1;
  def.expOffset = centre - EXP_BUCKETS / 2;
  def.profile = new Float64Array(EXP_BUCKETS);
  def.bucketValue = new Float64Array(EXP_BUCKETS);
  for (let b = 0; b < EXP_BUCKETS; b++) {
    const index = def.expOffset + b;
    // Bucket `index` holds (base^index, base^(index+1)].
    const lo = b === 0 ? 0 : base ** index;
    const hi = b === EXP_BUCKETS - 1 ? Number.POSITIVE_INFINITY : base ** (index + 1);
    def.profile[b] = (1 - EXP_ZERO_SHARE) * lognormalMass(lo, hi, def.scale, OBSERVATION_SIGMA);
    def.bucketValue[b] = base ** (index + 0.5);
  }
}

export const EXP_ZERO_FRACTION = EXP_ZERO_SHARE;

/** P(lo < X <= hi) for X log-normal with the given median and sigma. */
function lognormalMass(lo: number, hi: number, median: number, sigma: number): number {
  const cdf = (x: number): number =>
    x <= 0 ? 0 : x === Number.POSITIVE_INFINITY ? 1 : normalCdf(Math.log(x / median) / sigma);
  return cdf(hi) - cdf(lo);
}

/** Abramowitz-Stegun 7.1.26 approximation; plenty for bucket shares. */
function normalCdf(z: number): number {
  const t = 1 / (1 + 0.3275911 * Math.abs(z / Math.SQRT2));
  const poly =
    t * (0.254829592 + t * (-0.284496736 + t * (1.421413741 + t * (-1.453152027 + t * 1.061405429))));
  const erf = 1 - poly * Math.exp(-(z * z) / 2);
  return z >= 0 ? 0.5 * (1 + erf) : 0.5 * (1 - erf);
}

function roundSignificant(value: number, digits: number): number {
  return Number(value.toPrecision(digits));
}
