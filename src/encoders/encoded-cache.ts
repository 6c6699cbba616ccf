// Bounded caches of pre-encoded protobuf fragments. Telemetry repeats itself: attribute keys,
// span names and pooled attribute values recur in every batch, so encoding each distinct string
// (or key-value pair) once and copying its bytes afterwards beats re-encoding it per item.
// A full cache stops growing; if it then mostly misses (the values churned), it starts over.

import { VALUE_STRING } from '../model/index.js';
import { varintSize64, writeVarint64 } from './proto-primitives.js';
import { utf8ByteLength, writeUtf8 } from './utf8.js';

/** Strings up to this many UTF-16 units are cached (at most 126 bytes: one-byte length prefix). */
export const CACHED_STRING_MAX_CHARS = 42;
/** Lookups between hit-rate checks of a full cache. */
const HIT_RATE_WINDOW = 1 << 20;

// KeyValue: key = 1, value = 2. AnyValue: string_value = 1, int_value = 3.
const TAG_KV_KEY = 0x0a;
const TAG_KV_VALUE = 0x12;
const TAG_ANY_STRING = 0x0a;
const TAG_ANY_INT = 0x18;

abstract class BoundedCache {
  protected entries = 0;
  private lookups = 0;
  private hits = 0;

  constructor(
    protected readonly maxEntries: number,
    private readonly windowLookups = HIT_RATE_WINDOW,
  ) {}

  /** Distinct entries held. */
  get size(): number {
    return this.entries;
  }

  protected hit(): void {
    this.lookups++;
    this.hits++;
  }

  protected miss(): boolean {
    this.lookups++;
    return this.entries < this.maxEntries;
  }

  /** Called once per batch: drops a full cache that mostly missed over the last window. */
  maintain(): void {
    if (this.lookups < this.windowLookups) return;
    if (this.entries >= this.maxEntries && this.hits * 2 < this.lookups) {
      this.clear();
      this.entries = 0;
    }
    this.lookups = 0;
    this.hits = 0;
  }

  protected abstract clear(): void;
}

/** Short strings -> length prefix + UTF-8 bytes. */
export class StringFieldCache extends BoundedCache {
  private readonly map = new Map<string, Uint8Array>();

  /** The encoded field (without tag) for a string of at most CACHED_STRING_MAX_CHARS, or null when full. */
  lookup(s: string): Uint8Array | null {
    const cached = this.map.get(s);
    if (cached !== undefined) {
      this.hit();
      return cached;
    }
    if (!this.miss()) return null;
    const byteLength = utf8ByteLength(s);
    const encoded = new Uint8Array(1 + byteLength);
    encoded[0] = byteLength;
    writeUtf8(encoded, 1, s);
    this.map.set(s, encoded);
    this.entries++;
    return encoded;
  }

  protected clear(): void {
    this.map.clear();
  }
}

/** A key's cached values; a key with too many distinct values (ids, paths) is bypassed instead. */
interface KeyEntry {
  readonly values: Map<string | number, Uint8Array>;
  bypass: boolean;
}

/**
 * (key, string or int value) -> a whole KeyValue message with its length prefix, ready to follow
 * the attribute field's tag. Keys and string values must be short (CACHED_STRING_MAX_CHARS).
 */
export class KeyValueCache extends BoundedCache {
  private readonly byKey = new Map<string, KeyEntry>();

  constructor(
    maxEntries: number,
    windowLookups?: number,
    /** Past this many distinct values a key is never cached again (until the cache starts over). */
    private readonly maxValuesPerKey = 4096,
  ) {
    super(maxEntries, windowLookups);
  }

  /** The cached KeyValue for (key, value), or null: cache full, or the key is bypassed. */
  lookup(key: string, type: number, value: string | number): Uint8Array | null {
    let entry = this.byKey.get(key);
    if (entry !== undefined) {
      if (entry.bypass) return null;
      const cached = entry.values.get(value);
      if (cached !== undefined) {
        this.hit();
        return cached;
      }
    }
    if (!this.miss()) return null;
    if (entry === undefined) {
      entry = { values: new Map(), bypass: false };
      this.byKey.set(key, entry);
    } else if (entry.values.size >= this.maxValuesPerKey) {
      // High cardinality: caching would only fill the cache; free its room for repeating values.
      entry.bypass = true;
      this.entries -= entry.values.size;
      entry.values.clear();
      return null;
    }
    const encoded = encodeKeyValue(key, type, value);
    entry.values.set(value, encoded);
    this.entries++;
    return encoded;
  }

  protected clear(): void {
    this.byKey.clear();
  }
}

function encodeKeyValue(key: string, type: number, value: string | number): Uint8Array {
  const keyBytes = utf8ByteLength(key);
  let anyValue: number;
  if (type === VALUE_STRING) {
    anyValue = 2 + utf8ByteLength(value as string);
  } else {
    anyValue = 1 + varintSize64(value as number);
  }
  // Both short strings: every length below fits one byte except the KeyValue's (up to ~260).
  const kv = 2 + keyBytes + 2 + anyValue;
  const prefix = kv < 0x80 ? 1 : 2;
  const out = new Uint8Array(prefix + kv);
  let p = 0;
  if (prefix === 1) {
    out[p++] = kv;
  } else {
    out[p++] = (kv & 0x7f) | 0x80;
    out[p++] = kv >>> 7;
  }
  out[p++] = TAG_KV_KEY;
  out[p++] = keyBytes;
  p = writeUtf8(out, p, key);
  out[p++] = TAG_KV_VALUE;
  out[p++] = anyValue;
  if (type === VALUE_STRING) {
    out[p++] = TAG_ANY_STRING;
    out[p++] = anyValue - 2;
    writeUtf8(out, p, value as string);
  } else {
    out[p++] = TAG_ANY_INT;
    writeVarint64(out, p, value as number);
  }
  return out;
}
