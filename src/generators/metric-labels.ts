// Series label sets. Each metric has `labelsPerSeries` keys: low-cardinality ones (method, status,
// region...) and a last, unbounded identity label (pod, instance...). A series' labels encode its
// index within its (metric, resource) group and its churn generation, so label sets are distinct
// by construction and a churned series gets a label set no series had before.

import { base36, scramble32 } from './ids.js';
import type { Rng } from './random.js';
import { NAMESPACES, REGIONS } from './vocabulary.js';

interface LabelDef {
  key: string;
  values: readonly string[];
}

const LOW_CARDINALITY: readonly LabelDef[] = [
  { key: 'method', values: ['GET', 'POST', 'PUT', 'DELETE', 'PATCH', 'HEAD', 'OPTIONS'] },
  {
    key: 'status_code',
    values: [
      '200',
      '201',
      '204',
      '301',
      '302',
      '304',
      '400',
      '401',
      '403',
      '404',
      '409',
      '422',
      '429',
      '500',
      '502',
      '503',
      '504',
    ],
  },
  {
    key: 'route',
    values: [
      '/api/v1/users/:id',
      '/api/v1/orders',
      '/api/v1/orders/:id',
      '/api/v1/carts/:id/items',
      '/api/v1/products',
      '/api/v1/products/:sku',
      '/api/v1/search',
      '/api/v1/payments',
      '/api/v2/checkout',
      '/healthz',
      '/metrics',
      '/api/v1/sessions',
      '/api/v1/shipments/:id',
      '/api/v1/recommendations',
      '/login',
      '/logout',
    ],
  },
  { key: 'region', values: REGIONS },
  { key: 'zone', values: ['a', 'b', 'c', 'd'] },
  { key: 'namespace', values: NAMESPACES },
  { key: 'state', values: ['user', 'system', 'idle', 'iowait', 'irq', 'softirq', 'steal', 'nice'] },
  { key: 'cpu', values: Array.from({ length: 32 }, (_, i) => String(i)) },
  { key: 'device', values: ['sda', 'sdb', 'nvme0n1', 'nvme1n1', 'eth0', 'eth1', 'lo', 'dm-0'] },
  { key: 'direction', values: ['read', 'write'] },
  { key: 'operation', values: ['select', 'insert', 'update', 'delete', 'upsert', 'scan'] },
  {
    key: 'grpc_code',
    values: [
      'OK',
      'CANCELLED',
      'INVALID_ARGUMENT',
      'DEADLINE_EXCEEDED',
      'NOT_FOUND',
      'UNAVAILABLE',
      'INTERNAL',
    ],
  },
  {
    key: 'topic',
    values: ['orders.created', 'payments.settled', 'stock.reserved', 'emails.outbound', 'carts.updated'],
  },
  { key: 'cache', values: ['l1', 'l2', 'redis', 'cdn'] },
  { key: 'tier', values: ['free', 'pro', 'business', 'enterprise'] },
  { key: 'version', values: ['v1.8.2', 'v1.9.0', 'v1.9.1', 'v2.0.0-rc1', 'v2.0.3'] },
];

const IDENTITY_KEYS: readonly string[] = ['pod', 'instance', 'container', 'target'];
const EXTRA_VALUE_WORDS: readonly string[] = [
  'alpha',
  'beta',
  'gamma',
  'delta',
  'omega',
  'blue',
  'green',
  'red',
  'amber',
];

export class SeriesLabels {
  readonly labelCount: number;
  /** Per metric: its label keys (labelCount of them; the last is the identity label). */
  readonly keys: string[][] = [];
  private readonly defs: LabelDef[][] = [];
  /** Per metric: product of its low-cardinality label sizes. */
  private readonly lowProduct: number[] = [];
  private readonly seriesPerGroup: number;

  constructor(metricCount: number, labelCount: number, seriesPerGroup: number, rng: Rng) {
    this.labelCount = labelCount;
    this.seriesPerGroup = seriesPerGroup;
    for (let m = 0; m < metricCount; m++) {
      const defs = rng.shuffle(LOW_CARDINALITY.slice()).slice(0, Math.max(0, labelCount - 1));
      for (let j = defs.length; j < labelCount - 1; j++) {
        defs.push({
          key: `tag_${j}`,
          values: rng.shuffle(EXTRA_VALUE_WORDS.slice()).slice(0, 2 + rng.nextInt(6)),
        });
      }
      const keys = defs.map((d) => d.key);
      if (labelCount > 0) keys.push(rng.pick(IDENTITY_KEYS));
      let product = 1;
      for (const def of defs) product *= def.values.length;
      this.defs.push(defs);
      this.keys.push(keys);
      this.lowProduct.push(product);
    }
  }

  /**
   * Writes the label values of series `indexInGroup` (generation `generation`) of `metric` into
   * out[offset .. offset + labelCount). `identityStem` and `salt` make identity values per resource.
   */
  write(
    out: string[],
    offset: number,
    metric: number,
    indexInGroup: number,
    generation: number,
    identityStem: string,
    salt: number,
  ): void {
    if (this.labelCount === 0) return;
    const defs = this.defs[metric];
    const product = this.lowProduct[metric];
    let rest = indexInGroup;
    for (let j = 0; j < defs.length; j++) {
      const size = defs[j].values.length;
      out[offset + j] = defs[j].values[rest % size];
      rest = Math.floor(rest / size);
    }
    // Unique per (indexInGroup, generation): the low digits repeat only across generations, and
    // the identity index separates generations by a stride larger than any group's remainder.
    const stride = Math.ceil(this.seriesPerGroup / product);
    const identity = rest + generation * stride;
    out[offset + defs.length] = identityStem + '-' + base36(scramble32((identity ^ salt) >>> 0), 7);
  }
}
