// Picks the transport for a scenario's protocol and turns its settings into sender options.

import { contentEncodingHeader } from '../encoders/compression.js';
import type { Scenario } from '../scenario/types.js';
import { createOtlpGrpcSender, createOtlpHttpSender } from '../transport/index.js';
import type { Sender } from '../transport/sender.js';

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
