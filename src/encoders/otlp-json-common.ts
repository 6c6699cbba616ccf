// Shared pieces of the OTLP/JSON encoders: attribute lists, resource and scope. OTLP/JSON is
// protobuf's JSON mapping with lowerCamelCase names, enums as numbers and 64-bit integers as
// decimal strings, except that trace and span ids are hex, not base64.

import { type AttributeList, VALUE_BOOL, VALUE_INT, VALUE_STRING } from '../model/index.js';
import type { JsonWriter } from './json-writer.js';

/** `[{"key":...,"value":{...}}, ...]` for an attribute list. */
export function writeJsonAttributes(w: JsonWriter, list: AttributeList): void {
  w.raw('[');
  for (let i = 0; i < list.count; i++) {
    w.raw(i === 0 ? '{"key":' : ',{"key":');
    w.string(list.keys[i]);
    const type = list.types[i];
    if (type === VALUE_STRING) {
      w.raw(',"value":{"stringValue":');
      w.string(list.strings[i]);
    } else if (type === VALUE_INT) {
      w.raw(',"value":{"intValue":');
      w.quotedInt(list.numbers[i]);
    } else if (type === VALUE_BOOL) {
      w.raw(',"value":{"boolValue":');
      w.bool(list.numbers[i] !== 0);
    } else {
      w.raw(',"value":{"doubleValue":');
      w.double(list.numbers[i]);
    }
    w.raw('}}');
  }
  w.raw(']');
}

/**
 * Opens one Resource* element up to its item array, e.g. for traces
 * `{"resource":{"attributes":[...]},"scopeSpans":[{"scope":{...},"spans":[`.
 */
export function openJsonResource(
  w: JsonWriter,
  resource: AttributeList,
  scopeName: string,
  scopeVersion: string,
  scopeArrayName: string,
  itemArrayName: string,
): void {
  w.raw('{"resource":{"attributes":');
  writeJsonAttributes(w, resource);
  w.raw(`},"${scopeArrayName}":[{"scope":{`);
  if (scopeName.length > 0) {
    w.raw('"name":');
    w.string(scopeName);
  }
  if (scopeVersion.length > 0) {
    w.raw(scopeName.length > 0 ? ',"version":' : '"version":');
    w.string(scopeVersion);
  }
  w.raw(`},"${itemArrayName}":[`);
}

/** Closes what openJsonResource opened, after the items. */
export function closeJsonResource(w: JsonWriter): void {
  w.raw(']}]}');
}
