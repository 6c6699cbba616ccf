// Picks the transport for a scenario's protocol and turns its settings into sender options.

import { contentEncodingHeader } from '../encoders/compression.js';
import type { WireFormat } from '../encoders/encoder.js';
import type { Scenario } from '../scenario/types.js';
import { createOtlpGrpcSender, createOtlpHttpSender } from '../transport/index.js';
import type { Sender } from '../transport/sender.js';

/** Remote write 1.0: the path Prometheus and VictoriaMetrics serve and the version header value. */
const REMOTE_WRITE_PATH = '/api/v1/write';
const REMOTE_WRITE_VERSION = '0.1.0';

/** The encoder's wire format for a scenario's protocol and encoding. */
export function wireFormatOf(scenario: Scenario): WireFormat {
  if (scenario.protocol === 'prometheus-remote-write') return 'prom-remote-write';
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
