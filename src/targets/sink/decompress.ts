// Request-body decompression for the sink's OTLP/HTTP receiver: the Content-Encoding values
// OTLP receivers accept (the Collector's set: gzip, zstd, snappy block format, deflate).

import { gunzipSync, inflateSync } from 'node:zlib';
import { uncompressSync } from 'snappy';
import { decompress as zstdDecompress } from 'zstd-napi';

export type BodyDecoder = (wire: Buffer) => Buffer;

const identity: BodyDecoder = (wire) => wire;

const DECODERS: ReadonlyMap<string, BodyDecoder> = new Map<string, BodyDecoder>([
  ['', identity],
  ['identity', identity],
  ['gzip', (wire) => gunzipSync(wire)],
  ['x-gzip', (wire) => gunzipSync(wire)],
  ['deflate', (wire) => inflateSync(wire)],
  ['zstd', (wire) => zstdDecompress(wire)],
  ['snappy', (wire) => uncompressSync(wire, { asBuffer: true }) as Buffer],
]);

/** The decoder for a Content-Encoding header value, or undefined when unsupported. */
export function bodyDecoderFor(contentEncoding: string | undefined): BodyDecoder | undefined {
  return DECODERS.get((contentEncoding ?? '').trim().toLowerCase());
}
