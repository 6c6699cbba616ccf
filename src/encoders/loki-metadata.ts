// Loki structured metadata for one log record, named as Loki's own OTLP ingestion names them:
// severity_text, severity_number, trace_id, span_id (hex), then the record's attributes under
// Prometheus-valid names. The names a record's attribute list yields are planned once per key
// sequence: generators refill reused records with the same keys, so a batch plans once.

import type { AttributeList } from '../model/index.js';
import { LabelNameCache } from './loki-labels.js';

export const METADATA_SEVERITY_TEXT = 'severity_text';
export const METADATA_SEVERITY_NUMBER = 'severity_number';
export const METADATA_TRACE_ID = 'trace_id';
export const METADATA_SPAN_ID = 'span_id';
/** Names the record's own fields take first; an attribute sanitised to one of them is left out. */
const RESERVED_NAMES: readonly string[] = [
  METADATA_SEVERITY_TEXT,
  METADATA_SEVERITY_NUMBER,
  METADATA_TRACE_ID,
  METADATA_SPAN_ID,
];

/**
 * Which attributes of a list become metadata, and under which names: the first attribute of a
 * sanitised name wins. `prepare` is cheap when the keys are those of the previous call.
 */
export class MetadataPlan {
  count = 0;
  /** Sanitised name per attribute index. */
  names: string[] = [];
  /** 1 when the attribute at that index is written. */
  keep = new Uint8Array(16);
  /** `"name":` per attribute index, for the JSON encoder (sanitised names are ASCII). */
  jsonKeys: string[] = [];
  private readonly cache = new LabelNameCache();
  private lastKeys: string[] = [];

  prepare(list: AttributeList): void {
    const n = list.count;
    const keys = list.keys;
    if (n === this.count) {
      let same = true;
      const last = this.lastKeys;
      for (let i = 0; i < n; i++) {
        if (keys[i] !== last[i]) {
          same = false;
          break;
        }
      }
      if (same) return;
    }
    this.plan(list);
  }

  private plan(list: AttributeList): void {
    const n = list.count;
    if (this.keep.length < n) this.keep = new Uint8Array(n * 2);
    this.count = n;
    this.lastKeys = list.keys.slice(0, n);
    this.names = new Array<string>(n);
    this.jsonKeys = new Array<string>(n);
    for (let i = 0; i < n; i++) {
      const name = this.cache.get(list.keys[i]);
      this.names[i] = name;
      this.jsonKeys[i] = `"${name}":`;
      let taken = RESERVED_NAMES.includes(name);
      for (let j = 0; j < i && !taken; j++) taken = this.keep[j] === 1 && this.names[j] === name;
      this.keep[i] = taken ? 0 : 1;
    }
  }
}

/** ASCII digits of an integer within +-2^53 (what String() gives, without allocating). */
export function decimalLength(v: number): number {
  let digits = v < 0 ? 2 : 1;
  for (let t = Math.abs(v); t >= 10; t = Math.floor(t / 10)) digits++;
  return digits;
}

/** Writes an integer within +-2^53 as ASCII digits at `p`; returns the position after it. */
export function writeDecimal(b: Uint8Array, p: number, v: number): number {
  if (v < 0) {
    b[p++] = 0x2d;
    v = -v;
  }
  const end = p + decimalLength(v);
  let q = end;
  do {
    const next = Math.floor(v / 10);
    b[--q] = 0x30 + (v - next * 10);
    v = next;
  } while (v > 0);
  return end;
}

const HEX = new Uint8Array([...'0123456789abcdef'].map((c) => c.charCodeAt(0)));

/** Writes `id` as lowercase hex at `p`; returns the position after it. */
export function writeHex(b: Uint8Array, p: number, id: Uint8Array): number {
  for (let i = 0; i < id.length; i++) {
    const v = id[i];
    b[p++] = HEX[v >> 4];
    b[p++] = HEX[v & 15];
  }
  return p;
}
