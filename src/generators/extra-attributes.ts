// The shape's extra, non-semantic-convention span attributes: `count` keys, each taking one of
// `cardinality` values (popular values more often). Small value sets are built and interned once
// (encoders then reuse their encoded bytes); large ones are rendered per item from a fixed stem
// plus a base-36 index, so they stay cheap and distinct.

import {
  type AttributeList,
  internedAttributes,
  VALUE_BOOL,
  VALUE_DOUBLE,
  VALUE_INT,
  VALUE_STRING,
} from '../model/index.js';
import { base36 } from './ids.js';
import type { Rng } from './random.js';

const KEYS: readonly string[] = [
  'app.tenant.id',
  'app.user.tier',
  'app.cart.item_count',
  'app.feature_flag.variant',
  'app.cache.hit',
  'app.experiment.id',
  'app.payload.size_bytes',
  'app.customer.segment',
  'app.order.value',
  'app.session.id',
  'app.retry.count',
  'app.client.version',
  'app.locale',
  'app.shard',
  'app.ab_bucket',
];

const TYPE_STRING = 0;
const TYPE_INT = 1;
const TYPE_BOOL = 2;
const TYPE_DOUBLE = 3;

/** Values prebuilt per key up to this cardinality; above it they are rendered per item. */
const POOL_LIMIT = 4096;
const ALPHABET = 'abcdefghijklmnopqrstuvwxyz0123456789';

function typeOfKey(key: string): number {
  if (key.endsWith('_count') || key.endsWith('size_bytes')) return TYPE_INT;
  if (key.endsWith('.hit')) return TYPE_BOOL;
  if (key.endsWith('.value')) return TYPE_DOUBLE;
  return TYPE_STRING;
}

export class ExtraAttributes {
  readonly count: number;
  private readonly keys: string[] = [];
  private readonly types: Uint8Array;
  /** Prebuilt values per string key (empty when rendered per item). */
  private readonly pools: string[][] = [];
  private readonly stems: string[] = [];
  private readonly cardinality: number;
  private readonly indexWidth: number;
  /** Interned id of value v of key k at [k * cardinality + v]; empty above POOL_LIMIT. */
  private readonly ids: Int32Array;

  constructor(count: number, cardinality: number, valueLength: number, rng: Rng) {
    this.count = count;
    this.cardinality = Math.max(1, cardinality);
    this.types = new Uint8Array(count);
    this.indexWidth = Math.max(1, Math.ceil(Math.log(this.cardinality) / Math.log(36)));
    const stemLength = Math.max(0, valueLength - this.indexWidth);
    for (let k = 0; k < count; k++) {
      const base = KEYS[k % KEYS.length];
      const key = k < KEYS.length ? base : `${base}_${Math.floor(k / KEYS.length) + 1}`;
      this.keys.push(key);
      this.types[k] = typeOfKey(base);
      this.stems.push(randomText(stemLength, rng));
      const pool: string[] = [];
      if (this.types[k] === TYPE_STRING && this.cardinality <= POOL_LIMIT) {
        for (let v = 0; v < this.cardinality; v++)
          pool.push(randomText(stemLength, rng) + base36(v, this.indexWidth));
      }
      this.pools.push(pool);
    }
    this.ids = new Int32Array(this.cardinality <= POOL_LIMIT ? count * this.cardinality : 0);
    for (let k = 0; k < this.ids.length / this.cardinality; k++) {
      for (let v = 0; v < this.cardinality; v++) this.ids[k * this.cardinality + v] = this.intern(k, v);
    }
  }

  /** The interned attribute `fill` adds for value index v of key k. */
  private intern(k: number, v: number): number {
    const key = this.keys[k];
    const type = this.types[k];
    if (type === TYPE_STRING) return internedAttributes.intern(key, VALUE_STRING, this.pools[k][v]);
    if (type === TYPE_INT) return internedAttributes.intern(key, VALUE_INT, v);
    if (type === TYPE_BOOL) return internedAttributes.intern(key, VALUE_BOOL, v & 1);
    return internedAttributes.intern(key, VALUE_DOUBLE, doubleValue(v));
  }

  fill(attributes: AttributeList, rng: Rng): void {
    const ids = this.ids;
    if (ids.length > 0) {
      for (let k = 0; k < this.count; k++) {
        attributes.addInterned(ids[k * this.cardinality + rng.skewedInt(this.cardinality)]);
      }
      return;
    }
    for (let k = 0; k < this.count; k++) {
      const v = rng.skewedInt(this.cardinality);
      const type = this.types[k];
      if (type === TYPE_STRING) {
        const pool = this.pools[k];
        attributes.addString(
          this.keys[k],
          pool.length > 0 ? pool[v] : this.stems[k] + base36(v, this.indexWidth),
        );
      } else if (type === TYPE_INT) {
        attributes.addInt(this.keys[k], v);
      } else if (type === TYPE_BOOL) {
        attributes.addBool(this.keys[k], (v & 1) === 1);
      } else {
        attributes.addDouble(this.keys[k], doubleValue(v));
      }
    }
  }
}

function doubleValue(v: number): number {
  return v * 0.01 + 0.99;
}

function randomText(length: number, rng: Rng): string {
  let out = '';
  for (let i = 0; i < length; i++) out += ALPHABET[rng.nextInt(ALPHABET.length)];
  return out;
}
