// Picks the transport for a scenario's protocol and turns its settings, with the protocol
// table's entry (src/transport/protocols.ts), into sender options.

import { contentEncodingHeader } from '../encoders/compression.js';
import type { WireFormat } from '../encoders/encoder.js';
import { ObsbenchError } from '../errors.js';
import type { Scenario } from '../model/scenario.js';
import { createOtlpGrpcSender, createOtlpHttpSender } from '../transport/index.js';
import { type EncodingSpec, encodingSpec, PROTOCOL_TABLE } from '../transport/protocols.js';
import type { Sender } from '../transport/sender.js';

/** The protocol table's entry for the scenario's encoding; the loader accepts no other. */
function encodingOf(scenario: Scenario): EncodingSpec {
  const spec = encodingSpec(scenario.protocol, scenario.encoding);
  if (spec === undefined) {
    throw new ObsbenchError(
      'E_INTERNAL',
      `protocol ${scenario.protocol} does not carry encoding ${scenario.encoding}, yet the scenario was accepted; please report this bug`,
    );
  }
  return spec;
}

/** The encoder's wire format for a scenario's protocol and encoding. */
export function wireFormatOf(scenario: Scenario): WireFormat {
  return encodingOf(scenario).wireFormat;
}

/**
 * The sender for the scenario's protocol, configured from its protocol table entry: path,
 * content type, the protocol's own headers, whether Content-Encoding names the compression, and
 * whether every 5xx is retried. The content type comes from the table (`_contentType`, the
 * encoder's, is the same value; see test/unit/transport/protocols.test.ts).
 */
export function createSender(
  scenario: Scenario,
  endpoint: string,
  _contentType: string,
  planEndEpochMs: number,
): Sender {
  const load = scenario.load;
  const protocol = PROTOCOL_TABLE[scenario.protocol];
  const encoding = encodingOf(scenario);
  // Senders take deadlines on their own performance.now() clock.
  const deadlineMs = planEndEpochMs - performance.timeOrigin + load.requestTimeoutMs;
  const headers = { ...scenario.target.headers, ...protocol.headers };
  if (protocol.transport === 'grpc') {
    return createOtlpGrpcSender({
      endpoint,
      signal: scenario.signal,
      headers,
      requestTimeoutMs: load.requestTimeoutMs,
      maxRetries: load.maxRetries,
      deadlineMs,
    });
  }
  return createOtlpHttpSender({
    baseUrl: endpoint,
    signal: scenario.signal,
    path: protocol.paths[scenario.signal],
    retryAllServerErrors: protocol.retry.allServerErrors,
    contentType: encoding.contentType,
    contentEncoding:
      encoding.compressionHeader === 'content-encoding'
        ? contentEncodingHeader(scenario.compression)
        : undefined,
    headers,
    connections: load.connections,
    requestTimeoutMs: load.requestTimeoutMs,
    maxRetries: load.maxRetries,
    deadlineMs,
  });
}
