// Protobuf size and write passes for the messages every OTLP signal shares: KeyValue / AnyValue
// attribute lists, Resource and InstrumentationScope (opentelemetry.proto.common.v1, resource.v1).
// Every size function reserves size entries in exactly the order its write twin consumes them.

import { type AttributeList, VALUE_DOUBLE, VALUE_INT, VALUE_STRING } from '../model/index.js';
import { CACHED_STRING_MAX_CHARS, FRAGMENT_LENGTH_MASK } from './encoded-cache.js';
import { delimitedSize, fieldSize, varintSize64, writeVarint32, writeVarint64 } from './proto-primitives.js';
import type { ProtoWriter } from './proto-writer.js';

// KeyValue: key = 1, value = 2. AnyValue: string_value = 1, bool_value = 2, int_value = 3, double_value = 4.
const TAG_KV_KEY = 0x0a;
const TAG_KV_VALUE = 0x12;
const TAG_ANY_STRING = 0x0a;
const TAG_ANY_BOOL = 0x10;
const TAG_ANY_INT = 0x18;
const TAG_ANY_DOUBLE = 0x21;
// Resource.attributes = 1; InstrumentationScope.name = 1, version = 2.
const TAG_RESOURCE_ATTRIBUTES = 0x0a;
const TAG_SCOPE_NAME = 0x0a;
const TAG_SCOPE_VERSION = 0x12;

/**
 * Bytes of `list` as a repeated KeyValue field with a one-byte tag (every attribute field number
 * in OTLP is below 16), tags included. Records one fragment per attribute: the cached KeyValue, or
 * null followed by the records of an attribute encoded in place.
 */
export function sizeAttributes(w: ProtoWriter, list: AttributeList): number {
  let total = 0;
  const n = list.count;
  const keys = list.keys;
  const types = list.types;
  const ids = list.ids;
  const cache = w.keyValueCache;
  for (let i = 0; i < n; i++) {
    // An interned attribute needs nothing but its id: the list's other arrays stay out of the CPU
    // cache (a batch of span records is far larger than L2).
    // A volatile attribute (id -1, the send-time stamp) skips both caches: it is never repeated.
    const id = ids[i];
    if (id > 0) {
      const ref = cache.lookupInterned(id);
      if (ref >= 0) {
        w.pushFragment(ref);
        total += 1 + (ref & FRAGMENT_LENGTH_MASK);
        continue;
      }
    }
    const key = keys[i];
    const type = types[i];
    let kvRef = -1;
    if (id === 0 && key.length <= CACHED_STRING_MAX_CHARS) {
      if (type === VALUE_STRING) {
        const value = list.strings[i];
        if (value.length <= CACHED_STRING_MAX_CHARS) kvRef = cache.lookupString(key, value);
      } else if (type === VALUE_INT) {
        kvRef = cache.lookupInt(key, list.numbers[i]);
      }
    }
    w.pushFragment(kvRef);
    if (kvRef >= 0) {
      total += 1 + (kvRef & FRAGMENT_LENGTH_MASK);
      continue;
    }
    const kvSlot = w.reserveSize();
    const keyField = 1 + w.sizeString(key);
    let anyValue: number;
    if (type === VALUE_STRING) {
      const anyValueSlot = w.reserveSize();
      anyValue = 1 + w.sizeStringUncached(list.strings[i]);
      w.sizes[anyValueSlot] = anyValue;
    } else if (type === VALUE_INT) {
      anyValue = 1 + varintSize64(list.numbers[i]);
    } else if (type === VALUE_DOUBLE) {
      anyValue = 9;
    } else {
      anyValue = 2;
    }
    const kv = keyField + 1 + delimitedSize(anyValue);
    w.sizes[kvSlot] = kv;
    total += fieldSize(kv);
  }
  return total;
}

/** Writes `list` as repeated KeyValue with field tag `tag` at `p`; returns the position after it. */
export function writeAttributes(w: ProtoWriter, p: number, list: AttributeList, tag: number): number {
  const b = w.bytes;
  const n = list.count;
  for (let i = 0; i < n; i++) {
    b[p++] = tag;
    const kvRef = w.nextFragment();
    if (kvRef >= 0) {
      p = w.writeFragment(p, kvRef);
      continue;
    }
    p = writeVarint32(b, p, w.nextSize());
    b[p++] = TAG_KV_KEY;
    p = w.writeString(p, list.keys[i]);
    b[p++] = TAG_KV_VALUE;
    const type = list.types[i];
    if (type === VALUE_STRING) {
      p = writeVarint32(b, p, w.nextSize());
      b[p++] = TAG_ANY_STRING;
      p = w.writeStringUncached(p, list.strings[i]);
    } else if (type === VALUE_INT) {
      const v = list.numbers[i];
      b[p++] = 1 + varintSize64(v);
      b[p++] = TAG_ANY_INT;
      p = writeVarint64(b, p, v);
    } else if (type === VALUE_DOUBLE) {
      b[p++] = 9;
      b[p++] = TAG_ANY_DOUBLE;
      p = w.writeDouble(p, list.numbers[i]);
    } else {
      b[p++] = 2;
      b[p++] = TAG_ANY_BOOL;
      b[p++] = list.numbers[i] === 0 ? 0 : 1;
    }
  }
  return p;
}

/** Bytes of a Resource message field with a one-byte tag, tag included. */
export function sizeResourceField(w: ProtoWriter, attributes: AttributeList): number {
  const slot = w.reserveSize();
  const content = sizeAttributes(w, attributes);
  w.sizes[slot] = content;
  return 1 + delimitedSize(content);
}

export function writeResourceField(
  w: ProtoWriter,
  p: number,
  tag: number,
  attributes: AttributeList,
): number {
  const b = w.bytes;
  b[p++] = tag;
  p = writeVarint32(b, p, w.nextSize());
  return writeAttributes(w, p, attributes, TAG_RESOURCE_ATTRIBUTES);
}

/** Bytes of an InstrumentationScope message field with a one-byte tag, tag included. */
export function sizeScopeField(w: ProtoWriter, name: string, version: string): number {
  const slot = w.reserveSize();
  let content = 0;
  if (name.length > 0) content += 1 + w.sizeString(name);
  if (version.length > 0) content += 1 + w.sizeString(version);
  w.sizes[slot] = content;
  return 1 + delimitedSize(content);
}

export function writeScopeField(
  w: ProtoWriter,
  p: number,
  tag: number,
  name: string,
  version: string,
): number {
  const b = w.bytes;
  b[p++] = tag;
  p = writeVarint32(b, p, w.nextSize());
  if (name.length > 0) {
    b[p++] = TAG_SCOPE_NAME;
    p = w.writeString(p, name);
  }
  if (version.length > 0) {
    b[p++] = TAG_SCOPE_VERSION;
    p = w.writeString(p, version);
  }
  return p;
}
