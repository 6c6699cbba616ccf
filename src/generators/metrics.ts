// The data-point generator. Series i (metric i % names, resource (i / names) % resources) belongs
// to worker i % workerCount; each batch walks this worker's series round-robin, grouped by
// resource then metric, with per-series timestamps that strictly increase in whole milliseconds.
// Values: noisy gauges, monotonic int counters, cumulative explicit and exponential histograms.

import {
  AttributeList,
  DataPointRecord,
  METRIC_EXP_HISTOGRAM,
  METRIC_GAUGE,
  METRIC_HISTOGRAM,
  METRIC_SUM,
  MetricBatch,
  MetricRecord,
  newLabelSetId,
  ResourceMetricsRecord,
  TEMPORALITY_CUMULATIVE,
  TEMPORALITY_UNSPECIFIED,
} from '../model/index.js';
import type { MetricShape } from '../model/shapes.js';
import type { Generator, GeneratorContext } from './generator.js';
import { base36 } from './ids.js';
import { buildCatalog, EXP_BUCKETS, EXP_SCALE, EXP_ZERO_FRACTION, type MetricDef } from './metric-catalog.js';
import { SeriesLabels } from './metric-labels.js';
import { mix32, Rng } from './random.js';
import { validateContext, validateMetricShape } from './validate.js';
import { distinctServiceNames, hostName } from './vocabulary.js';

const STREAM_SHARED = 11;
const STREAM_SERIES = 12;
const STREAM_RESOURCE = 13;
/** A series' first point counts this much activity since its (re)start. */
const FIRST_INTERVAL_S = 10;
const MS_US = 1000;
const SCOPES = [
  'github.com/prometheus/client_golang',
  'io.opentelemetry.runtime-telemetry-java17',
  '@opentelemetry/sdk-metrics',
  'opentelemetry-instrumentation-system-metrics',
];

class MetricGenerator implements Generator<'metrics'> {
  readonly signal = 'metrics' as const;
  itemsGenerated = 0;
  private readonly batch = new MetricBatch();
  private readonly catalog: MetricDef[];
  private readonly labels: SeriesLabels;
  private readonly labelCount: number;
  private readonly rng: Rng;
  private readonly churnRate: number;
  private readonly churnIntervalUs: number;
  private readonly bucketCapacity: number;
  /** Owned series, in walk order (sorted by resource, metric, index in group). */
  private readonly ownedCount: number;
  private readonly metricOf: Int32Array;
  private readonly groupOf: Int32Array;
  private readonly indexInGroup: Int32Array;
  private readonly resourceOf: Int32Array;
  private readonly generation: Int32Array;
  /** Per series: the label-set identity its points carry (model newLabelSetId). */
  private readonly labelSetIds: Float64Array;
  private readonly labelValues: string[];
  /** Per series: its attributes, built when its labels are set; every point of it shares the list. */
  private readonly seriesAttributes: AttributeList[];
  private readonly lastTimeUs: Float64Array;
  private readonly startTimeUs: Float64Array;
  /** Gauge value or counter total. */
  private readonly value: Float64Array;
  /** Gauge: level it reverts to; counter and histograms: events per second. */
  private readonly level: Float64Array;
  private readonly rate: Float64Array;
  private readonly count: Float64Array;
  private readonly sum: Float64Array;
  private readonly min: Float64Array;
  private readonly max: Float64Array;
  private readonly zeroCount: Float64Array;
  /** Offset of a histogram series' cumulative bucket counts in `buckets` (-1 for other kinds). */
  private readonly bucketBase: Int32Array;
  private readonly buckets: Float64Array;
  /** Per (resource, metric) group owned by this worker. */
  private readonly groupRecords: MetricRecord[] = [];
  private readonly groupResource: Int32Array;
  private readonly groupStamp: Int32Array;
  private readonly resourceRecords: ResourceMetricsRecord[] = [];
  private readonly resourceStamp: Int32Array;
  private readonly identityStems: string[] = [];
  private readonly identitySalts: number[] = [];
  private readonly serviceNames: string[];
  private cursor = 0;
  private batchNumber = 0;
  /** Largest timestamp emitted so far: the generated time churn is scheduled on. */
  private watermarkUs = 0;
  private nextChurnAtUs = -1;
  private churnCarry = 0;
  private readonly churnOrder: Int32Array;

  constructor(shape: MetricShape, ctx: GeneratorContext) {
    validateContext(ctx);
    validateMetricShape(shape, ctx);
    const root = new Rng(ctx.seed);
    const shared = root.fork(STREAM_SHARED);
    this.rng = root.fork(STREAM_SERIES * 65536 + ctx.workerIndex);
    const names = shape.metricNames;
    const resources = shape.resources;
    const perGroup = Math.ceil(shape.series / (names * resources));
    this.catalog = buildCatalog(shape, shared);
    this.labels = new SeriesLabels(names, shape.labelsPerSeries, perGroup, shared);
    this.labelCount = shape.labelsPerSeries;
    this.churnRate = shape.churnRate;
    this.churnIntervalUs = Math.max(MS_US, Math.round(shape.churnIntervalS * 1e6));
    this.bucketCapacity = Math.max(shape.histogramBuckets, EXP_BUCKETS);
    this.serviceNames = distinctServiceNames(Math.min(resources, 16), shared.fork(STREAM_RESOURCE));

    const owned = Math.floor((shape.series - 1 - ctx.workerIndex) / ctx.workerCount) + 1;
    this.ownedCount = owned;
    const keys = new Float64Array(owned);
    for (let j = 0; j < owned; j++) {
      const i = ctx.workerIndex + j * ctx.workerCount;
      const m = i % names;
      const r = Math.floor(i / names) % resources;
      const q = Math.floor(i / (names * resources));
      keys[j] = (r * names + m) * perGroup + q;
    }
    keys.sort();
    this.metricOf = new Int32Array(owned);
    this.groupOf = new Int32Array(owned);
    this.indexInGroup = new Int32Array(owned);
    this.resourceOf = new Int32Array(owned);
    this.generation = new Int32Array(owned);
    this.labelSetIds = new Float64Array(owned);
    this.labelValues = new Array<string>(owned * this.labelCount).fill('');
    this.seriesAttributes = Array.from({ length: owned }, () => new AttributeList(this.labelCount));
    this.lastTimeUs = new Float64Array(owned).fill(-1);
    this.startTimeUs = new Float64Array(owned);
    this.value = new Float64Array(owned);
    this.level = new Float64Array(owned);
    this.rate = new Float64Array(owned);
    this.count = new Float64Array(owned);
    this.sum = new Float64Array(owned);
    this.min = new Float64Array(owned);
    this.max = new Float64Array(owned);
    this.zeroCount = new Float64Array(owned);
    this.bucketBase = new Int32Array(owned).fill(-1);
    this.churnOrder = new Int32Array(owned);

    const groupResource: number[] = [];
    const localResource = new Map<number, number>();
    let bucketTotal = 0;
    let previousGroupKey = -1;
    for (let k = 0; k < owned; k++) {
      const groupKey = Math.floor(keys[k] / perGroup);
      const m = groupKey % names;
      const r = Math.floor(groupKey / names);
      if (groupKey !== previousGroupKey) {
        previousGroupKey = groupKey;
        let lr = localResource.get(r);
        if (lr === undefined) {
          lr = this.resourceRecords.length;
          localResource.set(r, lr);
          this.resourceRecords.push(this.buildResource(r, shared));
        }
        groupResource.push(lr);
        this.groupRecords.push(this.buildMetricRecord(this.catalog[m]));
      }
      this.metricOf[k] = m;
      this.groupOf[k] = this.groupRecords.length - 1;
      this.indexInGroup[k] = keys[k] - groupKey * perGroup;
      this.resourceOf[k] = localResource.get(r)!;
      this.churnOrder[k] = k;
      const type = this.catalog[m].type;
      if (type === METRIC_HISTOGRAM || type === METRIC_EXP_HISTOGRAM) {
        this.bucketBase[k] = bucketTotal;
        bucketTotal += this.catalog[m].profile.length;
      }
    }
    this.groupResource = Int32Array.from(groupResource);
    this.groupStamp = new Int32Array(this.groupRecords.length);
    this.resourceStamp = new Int32Array(this.resourceRecords.length);
    this.buckets = new Float64Array(bucketTotal);
    const bornBeforeUs = Math.floor(ctx.startTimeUnixUs / MS_US) * MS_US;
    for (let k = 0; k < owned; k++) this.resetSeries(k, bornBeforeUs - this.rng.nextInt(3600) * 1e6, true);
  }

  next(itemCount: number, nowUnixUs: number): MetricBatch {
    const batch = this.batch;
    const nowMs = Math.floor(nowUnixUs / MS_US) * MS_US;
    this.batchNumber++;
    batch.resourceCount = 0;
    this.maybeChurn(Math.max(nowMs, this.watermarkUs));
    const owned = this.ownedCount;
    let cursor = this.cursor;
    for (let n = 0; n < itemCount; n++) {
      const k = cursor;
      cursor = cursor + 1 === owned ? 0 : cursor + 1;
      const previousUs = this.lastTimeUs[k];
      let timeUs = previousUs + MS_US;
      if (nowMs > timeUs) timeUs = nowMs;
      this.lastTimeUs[k] = timeUs;
      if (timeUs > this.watermarkUs) this.watermarkUs = timeUs;
      const record = this.metricFor(this.groupOf[k]);
      if (record.pointCount === record.points.length) {
        record.points.push(new DataPointRecord(this.labelCount, this.bucketCapacity));
      }
      const point = record.points[record.pointCount++];
      point.timeUnixUs = timeUs;
      point.labelSetId = this.labelSetIds[k];
      point.attributes = this.seriesAttributes[k];
      const intervalS = previousUs < 0 ? FIRST_INTERVAL_S : (timeUs - previousUs) / 1e6;
      const type = record.type;
      if (type === METRIC_GAUGE) this.gaugePoint(k, point);
      else if (type === METRIC_SUM) this.sumPoint(k, point, intervalS);
      else
        this.histogramPoint(
          k,
          point,
          intervalS,
          this.catalog[this.metricOf[k]],
          type === METRIC_EXP_HISTOGRAM,
        );
    }
    this.cursor = cursor;
    batch.itemCount = itemCount;
    this.itemsGenerated += itemCount;
    return batch;
  }

  private metricFor(group: number): MetricRecord {
    const record = this.groupRecords[group];
    if (this.groupStamp[group] === this.batchNumber) return record;
    this.groupStamp[group] = this.batchNumber;
    record.pointCount = 0;
    const lr = this.groupResource[group];
    const resource = this.resourceRecords[lr];
    if (this.resourceStamp[lr] !== this.batchNumber) {
      this.resourceStamp[lr] = this.batchNumber;
      resource.metricCount = 0;
      this.batch.resources[this.batch.resourceCount++] = resource;
    }
    resource.metrics[resource.metricCount++] = record;
    return record;
  }

  private gaugePoint(k: number, point: DataPointRecord): void {
    const level = this.level[k];
    let value = this.value[k] + 0.03 * level * this.rng.normal() + 0.1 * (level - this.value[k]);
    if (value < 0) value = -value * 0.5;
    this.value[k] = value;
    point.value = value;
    point.isInt = false;
    point.startTimeUnixUs = 0;
  }

  private sumPoint(k: number, point: DataPointRecord, intervalS: number): void {
    const rng = this.rng;
    const increment = Math.floor(this.rate[k] * intervalS * (0.5 + rng.nextFloat()) + rng.nextFloat());
    this.value[k] += increment;
    point.value = this.value[k];
    point.isInt = true;
    point.startTimeUnixUs = this.startTimeUs[k];
  }

  private histogramPoint(
    k: number,
    point: DataPointRecord,
    intervalS: number,
    def: MetricDef,
    exponential: boolean,
  ): void {
    const rng = this.rng;
    const observations = Math.floor(this.rate[k] * intervalS * (0.5 + rng.nextFloat()) + rng.nextFloat());
    const base = this.bucketBase[k];
    const buckets = this.buckets;
    const profile = def.profile;
    const size = profile.length;
    if (observations > 0) {
      let added = 0;
      let addedSum = 0;
      let lowest = -1;
      let highest = -1;
      for (let b = 0; b < size; b++) {
        const increment = Math.floor(observations * profile[b] + rng.nextFloat());
        if (increment === 0) continue;
        buckets[base + b] += increment;
        added += increment;
        addedSum += increment * def.bucketValue[b];
        if (lowest < 0) lowest = b;
        highest = b;
      }
      if (exponential) {
        const zeros = Math.floor(observations * EXP_ZERO_FRACTION + rng.nextFloat());
        this.zeroCount[k] += zeros;
        this.count[k] += zeros;
        if (zeros > 0) this.min[k] = 0;
      }
      if (added > 0) {
        const jitter = 0.9 + 0.2 * rng.nextFloat();
        const hadNone = this.count[k] === 0;
        this.count[k] += added;
        this.sum[k] += addedSum * jitter;
        const low = def.bucketValue[lowest] * 0.9;
        const high = def.bucketValue[highest] * 1.1;
        if (hadNone || low < this.min[k]) this.min[k] = low;
        if (hadNone || high > this.max[k]) this.max[k] = high;
      }
    }
    point.startTimeUnixUs = this.startTimeUs[k];
    point.count = this.count[k];
    point.sum = this.sum[k];
    point.min = this.min[k];
    point.max = this.max[k];
    const counts = exponential ? point.positiveBucketCounts : point.bucketCounts;
    for (let b = 0; b < size; b++) counts[b] = buckets[base + b];
    if (exponential) {
      point.scale = EXP_SCALE;
      point.zeroCount = this.zeroCount[k];
      point.positiveOffset = def.expOffset;
      point.positiveBucketCount = size;
      point.bucketCount = 0;
    } else {
      point.bucketCount = size;
      point.positiveBucketCount = 0;
    }
  }

  private maybeChurn(generatedUs: number): void {
    if (this.churnRate <= 0) return;
    if (this.nextChurnAtUs < 0) {
      this.nextChurnAtUs = generatedUs + this.churnIntervalUs;
      return;
    }
    while (generatedUs >= this.nextChurnAtUs) {
      this.churn(this.nextChurnAtUs);
      this.nextChurnAtUs += this.churnIntervalUs;
    }
  }

  /** Replaces churnRate of the owned series (distinct, chosen at random) with new identities. */
  private churn(atUs: number): void {
    const owned = this.ownedCount;
    const wanted = owned * this.churnRate + this.churnCarry;
    const replaced = Math.min(owned, Math.floor(wanted));
    this.churnCarry = wanted - replaced;
    const order = this.churnOrder;
    for (let j = 0; j < replaced; j++) {
      const pick = j + this.rng.nextInt(owned - j);
      const k = order[pick];
      order[pick] = order[j];
      order[j] = k;
      this.generation[k]++;
      this.resetSeries(k, atUs, false);
    }
  }

  private resetSeries(k: number, startUs: number, initial: boolean): void {
    const rng = this.rng;
    const def = this.catalog[this.metricOf[k]];
    const lr = this.resourceOf[k];
    this.labels.write(
      this.labelValues,
      k * this.labelCount,
      this.metricOf[k],
      this.indexInGroup[k],
      this.generation[k],
      this.identityStems[lr],
      this.identitySalts[lr],
    );
    this.labelSetIds[k] = newLabelSetId();
    const attributes = this.seriesAttributes[k];
    attributes.clear();
    const keys = this.labels.keys[this.metricOf[k]];
    const first = k * this.labelCount;
    for (let j = 0; j < this.labelCount; j++) attributes.addString(keys[j], this.labelValues[first + j]);
    this.startTimeUs[k] = startUs;
    this.level[k] = def.type === METRIC_GAUGE ? def.scale * (0.5 + rng.nextFloat()) : 0;
    this.rate[k] = rng.lognormal(def.unit === 'By' ? 20_000 : 20, 1.2);
    this.value[k] = def.type === METRIC_GAUGE ? this.level[k] : initial ? rng.nextInt(100_000) : 0;
    this.count[k] = 0;
    this.sum[k] = 0;
    this.min[k] = 0;
    this.max[k] = 0;
    this.zeroCount[k] = 0;
    const base = this.bucketBase[k];
    if (base >= 0) this.buckets.fill(0, base, base + def.profile.length);
  }

  private buildMetricRecord(def: MetricDef): MetricRecord {
    const record = new MetricRecord();
    record.name = def.name;
    record.description = def.description;
    record.unit = def.unit;
    record.type = def.type;
    record.temporality = def.type === METRIC_GAUGE ? TEMPORALITY_UNSPECIFIED : TEMPORALITY_CUMULATIVE;
    record.isMonotonic = def.type === METRIC_SUM;
    record.explicitBounds = def.bounds;
    return record;
  }

  /** Resource `r` looks the same in every worker: its values come from a fork keyed by `r`. */
  private buildResource(r: number, shared: Rng): ResourceMetricsRecord {
    const rng = shared.fork(STREAM_RESOURCE * 1_000_003 + r);
    const service = this.serviceNames[r % this.serviceNames.length];
    const record = new ResourceMetricsRecord(3);
    record.resource.addString('service.name', service);
    record.resource.addString(
      'service.instance.id',
      `${base36(rng.nextUint32(), 7)}-${base36(rng.nextUint32(), 7)}`,
    );
    record.resource.addString('host.name', hostName(r, rng));
    record.scopeName = SCOPES[r % SCOPES.length];
    record.scopeVersion = `1.${rng.nextInt(30)}.${rng.nextInt(5)}`;
    this.identityStems.push(service);
    this.identitySalts.push(mix32(r + 0x3c6ef372));
    return record;
  }
}

export function createMetricGenerator(shape: MetricShape, ctx: GeneratorContext): Generator<'metrics'> {
  return new MetricGenerator(shape, ctx);
}
