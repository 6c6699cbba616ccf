// The wire protocols obsbench speaks, one entry each: what a protocol carries (signals,
// encodings, compressions), how a request goes out (path, content type, headers), which answers
// are retried, how a 2xx body is read, and what the built-in sink matches and how it counts.
// The scenario rules, the sender factory and the sink's HTTP receiver read this table; the
// scenario defaults (protocol, encoding, compression) stay in src/scenario/defaults.ts.

import type { WireFormat } from '../encoders/encoder.js';
import { SIGNALS, type Signal } from '../model/index.js';
import type { Compression, Encoding, Protocol } from '../model/scenario.js';
import { type PartialSuccess, parsePartialSuccessJson, parsePartialSuccessProto } from './otlp-response.js';

/** How the compression of a body is made known to the receiver. */
type CompressionHeader =
  /** The HTTP Content-Encoding header names it (no header for none). */
  | 'content-encoding'
  /** gRPC's per-message compression, named in grpc-encoding. */
  | 'grpc-encoding'
  /** Not named: the body is snappy by definition (Loki's protobuf push, as Promtail sends it). */
  | 'none';

export interface EncodingSpec {
  readonly encoding: Encoding;
  /** The encoder's wire format (getEncoder); also what the sink counts a body of this encoding as. */
  readonly wireFormat: WireFormat;
  /** Content-Type the sender sets. */
  readonly contentType: string;
  /** Content-Type prefixes (lower case) the sink reads as this encoding. */
  readonly acceptedContentTypes: readonly string[];
  /** Compressions a scenario may choose with this protocol and encoding. */
  readonly compressions: readonly Compression[];
  readonly compressionHeader: CompressionHeader;
  /**
   * The body is snappy whatever the headers say: the sink decodes it as snappy when
   * Content-Encoding is absent or says snappy, and refuses any other Content-Encoding.
   */
  readonly snappyBody: boolean;
  /** Reads partial_success from a 2xx body; null when the protocol has none (2xx: all accepted). */
  readonly parsePartialSuccess: ((body: Uint8Array) => PartialSuccess) | null;
}

interface RetryRule {
  /** Answers retried with backoff: HTTP statuses, or gRPC status codes for a gRPC protocol. */
  readonly statuses: readonly number[];
  /** Every HTTP 5xx is retried as well (remote write's rule, and what Loki's clients do). */
  readonly allServerErrors: boolean;
  /** Retried only when the answer says when to retry (gRPC RetryInfo): RESOURCE_EXHAUSTED. */
  readonly statusesWithRetryDelay: readonly number[];
}

interface SinkRoute {
  /**
   * How the sink answers: 'otlp' as an OTLP receiver (200 and an empty Export*ServiceResponse
   * in the request's encoding, google.rpc.Status error bodies); 'push' as Prometheus and Loki
   * do (204, plain-text errors).
   */
  readonly answer: 'otlp' | 'push';
  /**
   * The encoding of a body whose Content-Type matches none of the protocol's encodings (Loki
   * reads any body that is not JSON as protobuf); null: such a body is refused with 415.
   */
  readonly otherContentType: Encoding | null;
}

export interface ProtocolSpec {
  readonly protocol: Protocol;
  /** Name for messages: 'OTLP/gRPC'. */
  readonly title: string;
  /** HTTP/1.1 requests, or gRPC unary calls over HTTP/2 (served by the sink's gRPC receiver). */
  readonly transport: 'http' | 'grpc';
  /** The signals it carries, in SIGNALS order: the keys of `paths`. */
  readonly signals: readonly Signal[];
  /** The path after the base URL for each signal it carries; for gRPC, the Export method's path. */
  readonly paths: Readonly<Partial<Record<Signal, string>>>;
  /** Its encodings, the first being what it is usually sent as. */
  readonly encodings: readonly EncodingSpec[];
  /** Headers every request carries (after the target's headers, so they win). */
  readonly headers: Readonly<Record<string, string>>;
  readonly retry: RetryRule;
  readonly sink: SinkRoute;
  /** The same protocol over the other transport, suggested for what this one cannot carry. */
  readonly sibling: Protocol | null;
}

const PROTOBUF_TYPE = 'application/x-protobuf';
const JSON_TYPE = 'application/json';
const PROTOBUF_TYPES: readonly string[] = ['application/x-protobuf', 'application/protobuf'];
const JSON_TYPES: readonly string[] = ['application/json'];
const ALL_COMPRESSIONS: readonly Compression[] = ['none', 'gzip', 'snappy', 'zstd'];
/** The OTLP/gRPC Export method of each signal's service. */
export const OTLP_GRPC_EXPORT_PATHS: Readonly<Record<Signal, string>> = {
  traces: '/opentelemetry.proto.collector.trace.v1.TraceService/Export',
  metrics: '/opentelemetry.proto.collector.metrics.v1.MetricsService/Export',
  logs: '/opentelemetry.proto.collector.logs.v1.LogsService/Export',
};

/** The OTLP spec's retryable HTTP statuses. */
const OTLP_HTTP_RETRYABLE: readonly number[] = [429, 502, 503, 504];
/**
 * The OTLP spec's retryable gRPC codes: CANCELLED 1, DEADLINE_EXCEEDED 4, ABORTED 10,
 * OUT_OF_RANGE 11, UNAVAILABLE 14, DATA_LOSS 15; RESOURCE_EXHAUSTED 8 only with RetryInfo.
 */
const OTLP_GRPC_RETRYABLE: readonly number[] = [1, 4, 10, 11, 14, 15];
const GRPC_RESOURCE_EXHAUSTED = 8;

type Entry = Omit<ProtocolSpec, 'protocol' | 'signals'>;

const ENTRIES: { readonly [P in Protocol]: Entry } = {
  'otlp-http': {
    title: 'OTLP/HTTP',
    transport: 'http',
    paths: { traces: '/v1/traces', metrics: '/v1/metrics', logs: '/v1/logs' },
    encodings: [
      {
        encoding: 'protobuf',
        wireFormat: 'otlp-proto',
        contentType: PROTOBUF_TYPE,
        acceptedContentTypes: PROTOBUF_TYPES,
        compressions: ALL_COMPRESSIONS,
        compressionHeader: 'content-encoding',
        snappyBody: false,
        parsePartialSuccess: parsePartialSuccessProto,
      },
      {
        encoding: 'json',
        wireFormat: 'otlp-json',
        contentType: JSON_TYPE,
        acceptedContentTypes: JSON_TYPES,
        compressions: ALL_COMPRESSIONS,
        compressionHeader: 'content-encoding',
        snappyBody: false,
        parsePartialSuccess: parsePartialSuccessJson,
      },
    ],
    headers: {},
    retry: { statuses: OTLP_HTTP_RETRYABLE, allServerErrors: false, statusesWithRetryDelay: [] },
    sink: { answer: 'otlp', otherContentType: null },
    sibling: 'otlp-grpc',
  },
  'otlp-grpc': {
    title: 'OTLP/gRPC',
    transport: 'grpc',
    paths: OTLP_GRPC_EXPORT_PATHS,
    encodings: [
      {
        encoding: 'protobuf',
        wireFormat: 'otlp-proto',
        contentType: 'application/grpc',
        acceptedContentTypes: ['application/grpc'],
        // gRPC message compression is gzip; snappy and zstd are OTLP/HTTP's.
        compressions: ['none', 'gzip'],
        compressionHeader: 'grpc-encoding',
        snappyBody: false,
        parsePartialSuccess: parsePartialSuccessProto,
      },
    ],
    headers: {},
    retry: {
      statuses: OTLP_GRPC_RETRYABLE,
      allServerErrors: false,
      statusesWithRetryDelay: [GRPC_RESOURCE_EXHAUSTED],
    },
    sink: { answer: 'otlp', otherContentType: null },
    sibling: 'otlp-http',
  },
  // Remote write 1.0: the path Prometheus and VictoriaMetrics serve, snappy block compression
  // (mandatory, and named in Content-Encoding) and the version header.
  'prometheus-remote-write': {
    title: 'Prometheus remote write',
    transport: 'http',
    paths: { metrics: '/api/v1/write' },
    encodings: [
      {
        encoding: 'protobuf',
        wireFormat: 'prom-remote-write',
        contentType: PROTOBUF_TYPE,
        acceptedContentTypes: PROTOBUF_TYPES,
        compressions: ['snappy'],
        compressionHeader: 'content-encoding',
        snappyBody: true,
        parsePartialSuccess: null,
      },
    ],
    headers: { 'x-prometheus-remote-write-version': '0.1.0' },
    retry: { statuses: [429], allServerErrors: true, statusesWithRetryDelay: [] },
    sink: { answer: 'push', otherContentType: null },
    sibling: null,
  },
  // Loki's push path, after the target's base (VictoriaLogs serves it under /insert). Protobuf
  // bodies are snappy by definition and go without a Content-Encoding header, as Promtail sends
  // them (Loki and VictoriaLogs both read a header-less protobuf body as snappy); JSON is plain
  // or gzip, which is what Loki decodes. Loki's clients retry every 5xx and 429.
  'loki-push': {
    title: 'Loki push',
    transport: 'http',
    paths: { logs: '/loki/api/v1/push' },
    encodings: [
      {
        encoding: 'protobuf',
        wireFormat: 'loki-push-proto',
        contentType: PROTOBUF_TYPE,
        acceptedContentTypes: PROTOBUF_TYPES,
        compressions: ['snappy'],
        compressionHeader: 'none',
        snappyBody: true,
        parsePartialSuccess: null,
      },
      {
        encoding: 'json',
        wireFormat: 'loki-push-json',
        contentType: JSON_TYPE,
        acceptedContentTypes: JSON_TYPES,
        compressions: ['none', 'gzip'],
        compressionHeader: 'content-encoding',
        snappyBody: false,
        parsePartialSuccess: null,
      },
    ],
    headers: {},
    retry: { statuses: [429], allServerErrors: true, statusesWithRetryDelay: [] },
    sink: { answer: 'push', otherContentType: 'protobuf' },
    sibling: null,
  },
};

function complete(protocol: Protocol, entry: Entry): ProtocolSpec {
  return { protocol, signals: SIGNALS.filter((signal) => entry.paths[signal] !== undefined), ...entry };
}

/** Every protocol's entry, in the order the scenario format lists them. */
export const PROTOCOL_TABLE: { readonly [P in Protocol]: ProtocolSpec } = {
  'otlp-http': complete('otlp-http', ENTRIES['otlp-http']),
  'otlp-grpc': complete('otlp-grpc', ENTRIES['otlp-grpc']),
  'prometheus-remote-write': complete('prometheus-remote-write', ENTRIES['prometheus-remote-write']),
  'loki-push': complete('loki-push', ENTRIES['loki-push']),
};

export const PROTOCOL_SPECS: readonly ProtocolSpec[] = Object.values(PROTOCOL_TABLE);

/** The protocol's entry for an encoding, or undefined when the protocol does not carry it. */
export function encodingSpec(protocol: Protocol, encoding: Encoding): EncodingSpec | undefined {
  return PROTOCOL_TABLE[protocol].encodings.find((spec) => spec.encoding === encoding);
}
