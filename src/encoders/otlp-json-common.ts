// Shared pieces of the OTLP/JSON encoders: attribute lists, resource and scope, the JSON forms of
// ids, 64-bit integers and doubles, and the owned output buffer. OTLP/JSON is protobuf's JSON
// mapping with lowerCamelCase names, except that trace and span ids are hex, not base64.
// JSON is the slow path: it builds a string, then copies it once into a reused buffer.

import { type AttributeList, VALUE_BOOL, VALUE_INT, VALUE_STRING } from '../model/index.js';

const HEX_BYTE: readonly string[] = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));

/** Lowercase hex of an id (16-byte trace id or 8-byte span id). */
export function hexId(bytes: Uint8Array): string {
  let out = '';
  for (let i = 0; i < bytes.length; i++) out += HEX_BYTE[bytes[i]];
  return out;
}

/** A double as proto3 JSON: a number, or "NaN" / "Infinity" / "-Infinity" as strings. */
export function jsonDouble(v: number): string {
  if (Number.isFinite(v)) return Object.is(v, -0) ? '-0' : String(v);
  return Number.isNaN(v) ? '"NaN"' : v > 0 ? '"Infinity"' : '"-Infinity"';
}

/** A 64-bit integer (int64, uint64, fixed64) as proto3 JSON: a decimal string. */
export function jsonInt64(v: number): string {
  return `"${v}"`;
}

/** `[{"key":...,"value":{...}}, ...]` for an attribute list. */
export function jsonAttributes(list: AttributeList): string {
  let out = '[';
  for (let i = 0; i < list.count; i++) {
    if (i > 0) out += ',';
    out += `{"key":${JSON.stringify(list.keys[i])},"value":`;
    const type = list.types[i];
    if (type === VALUE_STRING) out += `{"stringValue":${JSON.stringify(list.strings[i])}}}`;
    else if (type === VALUE_INT) out += `{"intValue":${jsonInt64(list.numbers[i])}}}`;
    else if (type === VALUE_BOOL) out += `{"boolValue":${list.numbers[i] !== 0}}}`;
    else out += `{"doubleValue":${jsonDouble(list.numbers[i])}}}`;
  }
  return `${out}]`;
}

/** `"resource":{...},"scope...":[{"scope":{...},"` up to the name of the item array. */
export function jsonResourceAndScope(
  resource: AttributeList,
  scopeName: string,
  scopeVersion: string,
  scopeArrayName: string,
): string {
  let scope = '';
  if (scopeName.length > 0) scope += `"name":${JSON.stringify(scopeName)}`;
  if (scopeVersion.length > 0)
    scope += `${scope.length > 0 ? ',' : ''}"version":${JSON.stringify(scopeVersion)}`;
  return `"resource":{"attributes":${jsonAttributes(resource)}},"${scopeArrayName}":[{"scope":{${scope}},`;
}

/** The reused output buffer of a JSON encoder. */
export class JsonOutput {
  private buf = Buffer.allocUnsafeSlow(64 * 1024);

  /** Copies `text` as UTF-8 into the owned buffer; the view is valid until the next call. */
  write(text: string): Uint8Array {
    const byteLength = Buffer.byteLength(text, 'utf8');
    if (byteLength > this.buf.length)
      this.buf = Buffer.allocUnsafeSlow(Math.max(byteLength, this.buf.length * 2));
    const written = this.buf.write(text, 0, byteLength, 'utf8');
    return new Uint8Array(this.buf.buffer, this.buf.byteOffset, written);
  }
}
