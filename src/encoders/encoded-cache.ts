// Bounded caches of pre-encoded protobuf fragments. Telemetry repeats itself: attribute keys,
// span names and pooled attribute values recur in every batch, so encoding each distinct string
// (or key-value pair) once and copying its bytes afterwards beats re-encoding it per item.
// Fragments live back to back in an arena (a fixed region of the writer's memory) and a cache maps
// a value to a small integer reference, so a lookup touches no per-entry object. A full cache
// stops growing; if it then mostly misses (the values churned), it starts over.

import { internedAttributes, VALUE_BOOL, VALUE_INT, VALUE_STRING } from '../model/index.js';
import { varintSize32, varintSize64, writeVarint32, writeVarint64 } from './proto-primitives.js';
import { utf8ByteLength, writeUtf8 } from './utf8.js';

/** Strings up to this many UTF-16 units are cached (at most 126 bytes: one-byte length prefix). */
export const CACHED_STRING_MAX_CHARS = 42;
/** A fragment reference: arena offset << FRAGMENT_LENGTH_BITS | length; it stays a small integer. */
export const FRAGMENT_LENGTH_BITS = 9;
export const FRAGMENT_LENGTH_MASK = (1 << FRAGMENT_LENGTH_BITS) - 1;
/** Offsets must stay below 2^22 so that references stay 31-bit integers. */
export const MAX_ARENA_END = 1 << 22;
/** Lookups between hit-rate checks of a full cache. */
const HIT_RATE_WINDOW = 1 << 20;

// KeyValue: key = 1, value = 2. AnyValue: string_value = 1, bool_value = 2, int_value = 3,
// double_value = 4.
const TAG_KV_KEY = 0x0a;
const TAG_KV_VALUE = 0x12;
const TAG_ANY_STRING = 0x0a;
const TAG_ANY_BOOL = 0x10;
const TAG_ANY_INT = 0x18;
const TAG_ANY_DOUBLE = 0x21;
/** Little-endian doubles for the arena, which has no DataView of its own. */
const DOUBLE_SCRATCH = new DataView(new ArrayBuffer(8));

/** The memory that holds the arena; its view changes when the owner grows it. */
export interface ArenaHost {
  readonly memory: Uint8Array;
}

export function fragmentLength(ref: number): number {
  return ref & FRAGMENT_LENGTH_MASK;
}

export function fragmentOffset(ref: number): number {
  return ref >>> FRAGMENT_LENGTH_BITS;
}

abstract class ArenaCache {
  protected entries = 0;
  private used: number;
  private lookups = 0;
  private hits = 0;

  /** The arena is host.memory[arenaStart, arenaEnd). */
  constructor(
    private readonly host: ArenaHost,
    private readonly arenaStart: number,
    private readonly arenaEnd: number,
    private readonly maxEntries: number,
    private readonly windowLookups = HIT_RATE_WINDOW,
  ) {
    this.used = arenaStart;
  }

  /** Distinct entries held. */
  get size(): number {
    return this.entries;
  }

  protected hit(): void {
    this.lookups++;
    this.hits++;
  }

  /** Room for a new fragment of `length` bytes: its offset, or -1 when the cache is full. */
  protected allocate(length: number): number {
    this.lookups++;
    if (this.entries >= this.maxEntries || this.used + length > this.arenaEnd) return -1;
    const offset = this.used;
    this.used += length;
    this.entries++;
    return offset;
  }

  protected get memory(): Uint8Array {
    return this.host.memory;
  }

  /** Called once per batch: drops a full cache that mostly missed over the last window. */
  maintain(): void {
    if (this.lookups < this.windowLookups) return;
    const full = this.entries >= this.maxEntries || this.used > this.arenaEnd - 512;
    if (full && this.hits * 2 < this.lookups) {
      this.clear();
      this.entries = 0;
      this.used = this.arenaStart;
    }
    this.lookups = 0;
    this.hits = 0;
  }

  protected abstract clear(): void;
}

/** Short strings -> length prefix + UTF-8 bytes. */
export class StringFieldCache extends ArenaCache {
  private readonly map = new Map<string, number>();

  /** The fragment (length prefix + UTF-8) of a string of at most CACHED_STRING_MAX_CHARS, or -1 when full. */
  lookup(s: string): number {
    const cached = this.map.get(s);
    if (cached !== undefined) {
      this.hit();
      return cached;
    }
    const byteLength = utf8ByteLength(s);
    const offset = this.allocate(1 + byteLength);
    if (offset < 0) return -1;
    const memory = this.memory;
    memory[offset] = byteLength;
    writeUtf8(memory, offset + 1, s);
    const ref = (offset << FRAGMENT_LENGTH_BITS) | (1 + byteLength);
    this.map.set(s, ref);
    return ref;
  }

  protected clear(): void {
    this.map.clear();
  }
}

/**
 * A key's cached values; a key with too many distinct values (ids, paths) is bypassed instead.
 * String and int values live in separate maps (and lookups), so each map and each lookup sees one
 * key type: a map mixing strings and numbers is slower, and so is code shared by both.
 */
interface KeyEntry {
  readonly strings: Map<string, number>;
  readonly ints: Map<number, number>;
  bypass: boolean;
}

/**
 * (key, string or int value) -> a whole KeyValue message with its length prefix, ready to follow
 * the attribute field's tag. Keys and string values must be short (CACHED_STRING_MAX_CHARS).
 */
export class KeyValueCache extends ArenaCache {
  private readonly byKey = new Map<string, KeyEntry>();
  /**
   * Fragment per internedAttributes id: 0 not encoded yet, -1 not cached (too long, or the cache
   * was full; retried after the cache starts over).
   */
  private internedRefs = new Int32Array(1024);

  constructor(
    host: ArenaHost,
    arenaStart: number,
    arenaEnd: number,
    maxEntries: number,
    windowLookups?: number,
    /** Past this many distinct values a key is never cached again (until the cache starts over). */
    private readonly maxValuesPerKey = 4096,
  ) {
    super(host, arenaStart, arenaEnd, maxEntries, windowLookups);
  }

  /** The cached KeyValue for (key, value), or -1: cache full, or the key is bypassed. */
  lookup(key: string, type: number, value: string | number): number {
    return type === VALUE_STRING
      ? this.lookupString(key, value as string)
      : this.lookupInt(key, value as number);
  }

  /** lookup() for a string value. */
  lookupString(key: string, value: string): number {
    const entry = this.byKey.get(key);
    if (entry !== undefined) {
      if (entry.bypass) return -1;
      const cached = entry.strings.get(value);
      if (cached !== undefined) {
        this.hit();
        return cached;
      }
      if (this.tooManyValues(entry)) return -1;
    }
    const ref = this.encode(key, VALUE_STRING, value);
    if (ref >= 0) (entry ?? this.newEntry(key)).strings.set(value, ref);
    return ref;
  }

  /** lookup() for an int value (an integer within +-2^53). */
  lookupInt(key: string, value: number): number {
    const entry = this.byKey.get(key);
    if (entry !== undefined) {
      if (entry.bypass) return -1;
      const cached = entry.ints.get(value);
      if (cached !== undefined) {
        this.hit();
        return cached;
      }
      if (this.tooManyValues(entry)) return -1;
    }
    const ref = this.encode(key, VALUE_INT, value);
    if (ref >= 0) (entry ?? this.newEntry(key)).ints.set(value, ref);
    return ref;
  }

  /**
   * Bypasses a key past maxValuesPerKey distinct values: caching it would only fill the cache. Its
   * arena bytes stay until the cache starts over; the entries count is given back so repeating
   * values keep coming in.
   */
  private tooManyValues(entry: KeyEntry): boolean {
    const values = entry.strings.size + entry.ints.size;
    if (values < this.maxValuesPerKey) return false;
    entry.bypass = true;
    this.entries -= values;
    entry.strings.clear();
    entry.ints.clear();
    return true;
  }

  private newEntry(key: string): KeyEntry {
    const entry: KeyEntry = { strings: new Map(), ints: new Map(), bypass: false };
    this.byKey.set(key, entry);
    return entry;
  }

  /**
   * The cached KeyValue of the attribute interned as `id` (AttributeList.addInterned), or -1. An
   * array index instead of two string-keyed map lookups: the reason generators intern their pools.
   */
  lookupInterned(id: number): number {
    if (id < this.internedRefs.length) {
      const ref = this.internedRefs[id];
      // Not counted as a lookup: interned attributes are bounded, so they never churn the cache.
      if (ref > 0) return ref;
      if (ref < 0) return -1;
    } else {
      const grown = new Int32Array(Math.max(id + 1, this.internedRefs.length * 2));
      grown.set(this.internedRefs);
      this.internedRefs = grown;
    }
    const table = internedAttributes;
    const type = table.types[id];
    const ref = this.encode(
      table.keys[id],
      type,
      type === VALUE_STRING ? table.strings[id] : table.numbers[id],
    );
    this.internedRefs[id] = ref;
    return ref;
  }

  /** Encodes a whole KeyValue into the arena: its reference, or -1 (longer than a fragment, or full). */
  private encode(key: string, type: number, value: string | number): number {
    const keyBytes = utf8ByteLength(key);
    const valueBytes = type === VALUE_STRING ? utf8ByteLength(value as string) : 0;
    const anyValue =
      type === VALUE_STRING
        ? 1 + varintSize32(valueBytes) + valueBytes
        : type === VALUE_INT
          ? 1 + varintSize64(value as number)
          : type === VALUE_BOOL
            ? 2
            : 9;
    const kv = 1 + varintSize32(keyBytes) + keyBytes + 1 + varintSize32(anyValue) + anyValue;
    const length = varintSize32(kv) + kv;
    if (length > FRAGMENT_LENGTH_MASK) return -1;
    const offset = this.allocate(length);
    if (offset < 0) return -1;
    const out = this.memory;
    let p = writeVarint32(out, offset, kv);
    out[p++] = TAG_KV_KEY;
    p = writeVarint32(out, p, keyBytes);
    p = writeUtf8(out, p, key);
    out[p++] = TAG_KV_VALUE;
    p = writeVarint32(out, p, anyValue);
    if (type === VALUE_STRING) {
      out[p++] = TAG_ANY_STRING;
      p = writeVarint32(out, p, valueBytes);
      writeUtf8(out, p, value as string);
    } else if (type === VALUE_INT) {
      out[p++] = TAG_ANY_INT;
      writeVarint64(out, p, value as number);
    } else if (type === VALUE_BOOL) {
      out[p++] = TAG_ANY_BOOL;
      out[p] = value === 0 ? 0 : 1;
    } else {
      out[p++] = TAG_ANY_DOUBLE;
      DOUBLE_SCRATCH.setFloat64(0, value as number, true);
      for (let i = 0; i < 8; i++) out[p + i] = DOUBLE_SCRATCH.getUint8(i);
    }
    return (offset << FRAGMENT_LENGTH_BITS) | length;
  }

  protected clear(): void {
    this.byKey.clear();
    this.internedRefs.fill(0);
  }
}
