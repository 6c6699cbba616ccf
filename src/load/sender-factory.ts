// Picks the transport for a scenario's protocol and turns its settings into sender options.

import { contentEncodingHeader } from '../encoders/compression.js';
import type { WireFormat } from '../encoders/encoder.js';
import type { Scenario } from '../scenario/types.js';
import { createOtlpGrpcSender, createOtlpHttpSender } from '../transport/index.js';
import type { Sender } from '../transport/sender.js';

/** Remote write 1.0: the path Prometheus and VictoriaMetrics serve and the version header value. */
const REMOTE_WRITE_PATH = '/api/v1/write';
const REMOTE_WRITE_VERSION = '0.1.0';
/**
 * Loki's push path, after the target's base (VictoriaLogs serves it under /insert). Protobuf
 * bodies are snappy by definition and go without a Content-Encoding header, as Promtail sends
 * them (Loki and VictoriaLogs both read a header-less protobuf body as snappy).
 */
export const LOKI_PUSH_PATH = '/loki/api/v1/push';

/** The encoder's wire format for a scenario's protocol and encoding. */
export function wireFormatOf(scenario: Scenario): WireFormat {
  if (scenario.protocol === 'prometheus-remote-write') return 'prom-remote-write';
  if (scenario.protocol === 'loki-push')
    return scenario.encoding === 'json' ? 'loki-push-json' : 'loki-push-proto';
  return scenario.encoding === 'json' ? 'otlp-json' : 'otlp-proto';
}

export function createSender(
  scenario: Scenario,
  endpoint: string,
  contentType: string,
  planEndEpochMs: number,
): Sender {
  const load = scenario.load;
  // Senders take deadlines on their own performance.now() clock.
  const deadlineMs = planEndEpochMs - performance.timeOrigin + load.requestTimeoutMs;
  if (scenario.protocol === 'otlp-grpc') {
    return createOtlpGrpcSender({
      endpoint,
      signal: scenario.signal,
      headers: scenario.target.headers,
      requestTimeoutMs: load.requestTimeoutMs,
      maxRetries: load.maxRetries,
      deadlineMs,
    });
  }
  if (scenario.protocol === 'prometheus-remote-write') {
    return createOtlpHttpSender({
      baseUrl: endpoint,
      signal: scenario.signal,
      path: REMOTE_WRITE_PATH,
      retryAllServerErrors: true,
      contentType,
      contentEncoding: 'snappy',
      headers: { ...scenario.target.headers, 'x-prometheus-remote-write-version': REMOTE_WRITE_VERSION },
      connections: load.connections,
      requestTimeoutMs: load.requestTimeoutMs,
      maxRetries: load.maxRetries,
      deadlineMs,
    });
  }
  if (scenario.protocol === 'loki-push') {
    return createOtlpHttpSender({
      baseUrl: endpoint,
      signal: scenario.signal,
      path: LOKI_PUSH_PATH,
      // Loki's clients retry every 5xx (and 429), like remote write.
      retryAllServerErrors: true,
      contentType,
      contentEncoding: scenario.encoding === 'json' ? contentEncodingHeader(scenario.compression) : undefined,
      headers: scenario.target.headers,
      connections: load.connections,
      requestTimeoutMs: load.requestTimeoutMs,
      maxRetries: load.maxRetries,
      deadlineMs,
    });
  }
  return createOtlpHttpSender({
    baseUrl: endpoint,
    signal: scenario.signal,
    contentType,
    contentEncoding: contentEncodingHeader(scenario.compression),
    headers: scenario.target.headers,
    connections: load.connections,
    requestTimeoutMs: load.requestTimeoutMs,
    maxRetries: load.maxRetries,
    deadlineMs,
  });
}
