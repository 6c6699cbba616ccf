// Small deterministic batch builders for the encoder micro-benchmarks, shaped like the default
// scenario shapes (services, attributes, events, links, metric kinds, log lines). Not the real
// generators: those live in src/generators; this only needs stable, realistic-looking batches.

import {
  DataPointRecord,
  LogBatch,
  LogRecordRecord,
  METRIC_EXP_HISTOGRAM,
  METRIC_GAUGE,
  METRIC_HISTOGRAM,
  METRIC_SUM,
  MetricBatch,
  MetricRecord,
  type MetricType,
  ResourceLogsRecord,
  ResourceMetricsRecord,
  ResourceSpansRecord,
  SpanRecord,
  TEMPORALITY_CUMULATIVE,
  TEMPORALITY_DELTA,
  TraceBatch,
} from '../src/model/index.js';

const START_UNIX_US = 1_760_000_000_000_000;

/** mulberry32: a tiny seeded PRNG, enough for fixtures. */
export function createRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function pick<T>(random: () => number, values: readonly T[]): T {
  return values[Math.floor(random() * values.length)];
}

function fillRandomBytes(random: () => number, bytes: Uint8Array): void {
  for (let i = 0; i < bytes.length; i++) bytes[i] = Math.floor(random() * 256);
}

function valuePool(random: () => number, count: number, length: number): string[] {
  const alphabet = 'abcdefghijklmnopqrstuvwxyz0123456789';
  return Array.from({ length: count }, () => {
    let s = '';
    for (let i = 0; i < length; i++) s += alphabet[Math.floor(random() * alphabet.length)];
    return s;
  });
}

const METHODS = ['GET', 'POST', 'PUT', 'DELETE'];
const ROUTES = ['/api/v1/orders/{id}', '/api/v1/users', '/api/v1/cart/items', '/healthz', '/api/v2/search'];

/** Traces: 10 services x 8 operations, ~9 attributes per span, 0.2 events and 0.02 links per span. */
export function buildTraceBatch(spanCount: number, seed = 1): TraceBatch {
  const random = createRandom(seed);
  const services = 10;
  const extraValues = valuePool(random, 1000, 16);
  const batch = new TraceBatch();
  const capacity = { attributes: 12, events: 1, eventAttributes: 2, links: 1, linkAttributes: 1 };
  for (let r = 0; r < services; r++) {
    const rs = new ResourceSpansRecord(8);
    rs.resource.addString('service.name', `service-${r}`);
    rs.resource.addString('service.namespace', 'obsbench');
    rs.resource.addString('service.version', '1.4.2');
    rs.resource.addString('host.name', `host-${r % 3}.example.internal`);
    rs.resource.addString('deployment.environment.name', 'bench');
    rs.scopeName = 'obsbench.fixtures';
    rs.scopeVersion = '0.1.0';
    batch.resources.push(rs);
  }
  batch.resourceCount = services;
  let t = START_UNIX_US;
  for (let i = 0; i < spanCount; i++) {
    const rs = batch.resources[i % services];
    const span = new SpanRecord(capacity);
    fillRandomBytes(random, span.traceId);
    fillRandomBytes(random, span.spanId);
    span.hasParent = random() < 0.875;
    if (span.hasParent) fillRandomBytes(random, span.parentSpanId);
    span.name = `operation-${Math.floor(random() * 8)}`;
    span.kind = 1 + Math.floor(random() * 3);
    t += 137;
    span.startTimeUnixUs = t;
    span.endTimeUnixUs = t + Math.floor(random() * 40_000);
    span.statusCode = random() < 0.01 ? 2 : 0;
    if (span.statusCode === 2) span.statusMessage = 'upstream timed out';
    const a = span.attributes;
    a.addString('http.request.method', pick(random, METHODS));
    a.addString('http.route', pick(random, ROUTES));
    a.addInt('http.response.status_code', span.statusCode === 2 ? 503 : 200);
    a.addString('server.address', 'api.example.internal');
    a.addInt('server.port', 8080);
    for (let e = 0; e < 4; e++) a.addString(`attr.extra.${e}`, pick(random, extraValues));
    if (random() < 0.2) {
      const event = span.events[0];
      event.name = 'exception';
      event.timeUnixUs = t + 10;
      event.attributes.clear();
      event.attributes.addString('exception.type', 'TimeoutError');
      event.attributes.addString('exception.message', 'deadline exceeded after 30s');
      span.eventCount = 1;
    }
    if (random() < 0.02) {
      const link = span.links[0];
      fillRandomBytes(random, link.traceId);
      fillRandomBytes(random, link.spanId);
      link.attributes.clear();
      link.attributes.addString('link.kind', 'follows_from');
      span.linkCount = 1;
    }
    rs.spans.push(span);
    rs.spanCount++;
  }
  batch.itemCount = spanCount;
  return batch;
}

const KINDS: readonly MetricType[] = [
  METRIC_GAUGE,
  METRIC_GAUGE,
  METRIC_GAUGE,
  METRIC_GAUGE,
  METRIC_SUM,
  METRIC_SUM,
  METRIC_SUM,
  METRIC_SUM,
  METRIC_HISTOGRAM,
  METRIC_HISTOGRAM,
  METRIC_HISTOGRAM,
  METRIC_EXP_HISTOGRAM,
];

/** Metrics: 20 resources, 50 metric names, 10 series per (resource, metric), 4 labels, 12 buckets. */
export function buildMetricBatch(pointCount: number, seed = 1): MetricBatch {
  const random = createRandom(seed);
  const buckets = 12;
  const bounds = new Float64Array(buckets - 1);
  for (let i = 0; i < bounds.length; i++) bounds[i] = 0.005 * 2 ** i;
  const batch = new MetricBatch();
  const seriesPerMetric = 10;
  const metricsPerResource = Math.ceil(pointCount / seriesPerMetric / 20);
  let made = 0;
  for (let r = 0; r < 20 && made < pointCount; r++) {
    const rm = new ResourceMetricsRecord(4);
    rm.resource.addString('service.name', `service-${r}`);
    rm.resource.addString('service.instance.id', `instance-${r}`);
    rm.resource.addString('host.name', `host-${r % 5}`);
    rm.scopeName = 'obsbench.fixtures';
    rm.scopeVersion = '0.1.0';
    for (let m = 0; m < metricsPerResource && made < pointCount; m++) {
      const metric = new MetricRecord();
      const nameIndex = (r * metricsPerResource + m) % 50;
      metric.type = KINDS[nameIndex % KINDS.length];
      metric.name = `obsbench_metric_${nameIndex}`;
      metric.unit = metric.type === METRIC_GAUGE ? '1' : 's';
      metric.temporality = nameIndex % 7 === 0 ? TEMPORALITY_DELTA : TEMPORALITY_CUMULATIVE;
      metric.isMonotonic = metric.type === METRIC_SUM;
      metric.explicitBounds = bounds;
      for (let s = 0; s < seriesPerMetric && made < pointCount; s++) {
        const point = new DataPointRecord(4, buckets);
        point.attributes.addString('method', pick(random, METHODS));
        point.attributes.addString('route', pick(random, ROUTES));
        point.attributes.addString('status', pick(random, ['200', '404', '500']));
        point.attributes.addString('series', `s${s}`);
        point.startTimeUnixUs = START_UNIX_US;
        point.timeUnixUs = START_UNIX_US + 15_000_000 + made;
        point.isInt = metric.type === METRIC_SUM;
        point.value = point.isInt ? Math.floor(random() * 1e6) : random() * 100;
        if (metric.type === METRIC_HISTOGRAM || metric.type === METRIC_EXP_HISTOGRAM) {
          let count = 0;
          const used = metric.type === METRIC_HISTOGRAM ? buckets : 8;
          const counts = metric.type === METRIC_HISTOGRAM ? point.bucketCounts : point.positiveBucketCounts;
          for (let b = 0; b < used; b++) {
            counts[b] = Math.floor(random() * 50);
            count += counts[b];
          }
          point.bucketCount = buckets;
          point.positiveBucketCount = 8;
          point.positiveOffset = -3;
          point.scale = 3;
          point.zeroCount = 1;
          point.count = count + (metric.type === METRIC_EXP_HISTOGRAM ? 1 : 0);
          point.sum = random() * count;
          point.min = 0.001;
          point.max = 9.5;
        }
        metric.points.push(point);
        metric.pointCount++;
        made++;
      }
      rm.metrics.push(metric);
      rm.metricCount++;
    }
    batch.resources.push(rm);
    batch.resourceCount++;
  }
  batch.itemCount = made;
  return batch;
}

const WORDS = [
  'request',
  'completed',
  'user',
  'order',
  'cache',
  'miss',
  'upstream',
  'latency',
  'retry',
  'ok',
];

/** Logs: 100 streams (4 labels each), ~180-character lines, 30% with trace context, 2 attributes. */
export function buildLogBatch(recordCount: number, seed = 1): LogBatch {
  const random = createRandom(seed);
  const streams = 100;
  const batch = new LogBatch();
  for (let r = 0; r < streams; r++) {
    const rl = new ResourceLogsRecord(4);
    rl.resource.addString('service.name', `service-${r % 10}`);
    rl.resource.addString('k8s.namespace.name', `ns-${r % 4}`);
    rl.resource.addString('k8s.pod.name', `pod-${r}`);
    rl.resource.addString('host.name', `host-${r % 7}`);
    rl.scopeName = 'obsbench.fixtures';
    batch.resources.push(rl);
  }
  batch.resourceCount = streams;
  const severities: Array<[number, string]> = [
    [5, 'DEBUG'],
    [9, 'INFO'],
    [9, 'INFO'],
    [9, 'INFO'],
    [13, 'WARN'],
    [17, 'ERROR'],
  ];
  let t = START_UNIX_US;
  for (let i = 0; i < recordCount; i++) {
    const rl = batch.resources[i % streams];
    const record = new LogRecordRecord(2);
    t += 53;
    record.timeUnixUs = t;
    record.observedTimeUnixUs = t + 120;
    const [severityNumber, severityText] = pick(random, severities);
    record.severityNumber = severityNumber;
    record.severityText = severityText;
    const lineLength = Math.round(180 * Math.exp(0.5 * (random() + random() + random() - 1.5)));
    let body = `ts=${t} level=${severityText.toLowerCase()} msg="`;
    while (body.length < lineLength) body += `${pick(random, WORDS)} `;
    record.body = `${body}"`;
    record.attributes.addString('logger', 'http.access');
    record.attributes.addInt('thread.id', Math.floor(random() * 64));
    if (random() < 0.3) {
      record.hasTraceContext = true;
      fillRandomBytes(random, record.traceId);
      fillRandomBytes(random, record.spanId);
      record.flags = 1;
    }
    rl.records.push(record);
    rl.recordCount++;
  }
  batch.itemCount = recordCount;
  return batch;
}
