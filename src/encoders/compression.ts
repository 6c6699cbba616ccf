// Request body compression for every transport: gzip (node:zlib, fast level), snappy (raw block
// format, as Prometheus remote write and Loki push use; not the framed stream format) and zstd.

import { gunzipSync, gzipSync } from 'node:zlib';
import snappy from 'snappy';
import { compress as zstdCompress, decompress as zstdDecompress } from 'zstd-napi';
import { ObsbenchError } from '../errors.js';

export type CompressionCodec = 'none' | 'gzip' | 'snappy' | 'zstd';
export const COMPRESSION_CODECS: readonly CompressionCodec[] = ['none', 'gzip', 'snappy', 'zstd'];

/**
 * gzip settings for request bodies. Level 1: a load generator wants cheap compression, and the
 * ratio matters less than CPU (the Collector's and the OpenTelemetry JS SDK's default is zlib's
 * level 6: ~2.5x the CPU for ~10% smaller OTLP trace bodies). memLevel 9 (zlib's default is 8):
 * a larger match hash table, ~18% less CPU on ~480 B spans at the same level with a ratio as good
 * or better (measured on 1000-span OTLP batches), for 128 KiB more deflate state.
 */
export const GZIP_OPTIONS: Readonly<{ level: number; memLevel: number }> = { level: 1, memLevel: 9 };
/** zstd level 1 for the same reason (the library default is 3). */
const ZSTD_LEVEL = 1;

/**
 * Compresses a request body. Always returns a Buffer that owns its bytes ('none' copies), so the
 * caller may keep it after the encoder reuses its buffer.
 */
export function compressBody(codec: CompressionCodec, bytes: Uint8Array): Buffer {
  switch (codec) {
    case 'none':
      return Buffer.from(bytes);
    case 'gzip':
      return gzipSync(bytes, GZIP_OPTIONS);
    case 'snappy':
      return snappy.compressSync(bytes);
    case 'zstd':
      return zstdCompress(bytes, { compressionLevel: ZSTD_LEVEL });
    default:
      throw unknownCodec(codec);
  }
}

/** Inverse of compressBody, for the sink and tests. */
export function decompressBody(codec: CompressionCodec, bytes: Uint8Array): Buffer {
  switch (codec) {
    case 'none':
      return Buffer.from(bytes);
    case 'gzip':
      return gunzipSync(bytes);
    case 'snappy':
      return snappy.uncompressSync(bytes, { asBuffer: true }) as Buffer;
    case 'zstd':
      return zstdDecompress(bytes);
    default:
      throw unknownCodec(codec);
  }
}

/** The HTTP Content-Encoding value for a codec; undefined for 'none'. */
export function contentEncodingHeader(codec: CompressionCodec): string | undefined {
  return codec === 'none' ? undefined : codec;
}

function unknownCodec(codec: never): ObsbenchError {
  return new ObsbenchError(
    'E_USAGE',
    `unknown compression codec ${JSON.stringify(codec)}; use one of ${COMPRESSION_CODECS.join(', ')}`,
  );
}
