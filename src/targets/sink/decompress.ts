// Request-body decompression for the sink's OTLP/HTTP receiver: the Content-Encoding values
// OTLP receivers accept (the Collector's set: gzip, zstd, snappy block format, deflate).
// gzip, deflate and snappy run on the libuv thread pool, so in a one-process ceiling run the
// sink's decompression does not compete with the sender for the main thread.

import { gunzip, inflate } from 'node:zlib';
import { uncompress as snappyUncompress } from 'snappy';
import { decompress as zstdDecompress } from 'zstd-napi';

type DecodeDone = (error: Error | null, raw: Buffer | null) => void;
export type BodyDecoder = (wire: Buffer, done: DecodeDone) => void;

const identity: BodyDecoder = (wire, done) => done(null, wire);

const gzipDecoder: BodyDecoder = (wire, done) =>
  gunzip(wire, (error, raw) => done(error, error ? null : raw));

const DECODERS: ReadonlyMap<string, BodyDecoder> = new Map<string, BodyDecoder>([
  ['', identity],
  ['identity', identity],
  ['gzip', gzipDecoder],
  ['x-gzip', gzipDecoder],
  ['deflate', (wire, done) => inflate(wire, (error, raw) => done(error, error ? null : raw))],
  [
    'zstd',
    (wire, done) => {
      // zstd-napi's one-shot API is synchronous; zstd decodes several times faster than gzip.
      let raw: Buffer;
      try {
        raw = zstdDecompress(wire);
      } catch (error) {
        done(error as Error, null);
        return;
      }
      done(null, raw);
    },
  ],
  [
    'snappy',
    (wire, done) => {
      snappyUncompress(wire, { asBuffer: true }).then(
        (raw) => done(null, raw as Buffer),
        (error: Error) => done(error, null),
      );
    },
  ],
]);

/** The decoder for a Content-Encoding header value, or undefined when unsupported. */
export function bodyDecoderFor(contentEncoding: string | undefined): BodyDecoder | undefined {
  return DECODERS.get((contentEncoding ?? '').trim().toLowerCase());
}
