// Picks the transport for a scenario's protocol and turns its settings, with the protocol
// table's entry (src/transport/protocols.ts), into sender options.

import { contentEncodingHeader } from '../encoders/compression.js';
import type { WireFormat } from '../encoders/encoder.js';
import { ObsbenchError } from '../errors.js';
import type { Compression, Scenario } from '../model/scenario.js';
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
 * How the request pipeline compresses each body: as the scenario says, except where the
 * transport compresses messages itself (gRPC's grpc-encoding: the sender is told instead, so the
 * receiver knows to inflate). Over gRPC the pipeline's wire bytes are then the uncompressed size.
 */
export function bodyCompressionOf(scenario: Scenario): Compression {
  return encodingOf(scenario).compressionHeader === 'grpc-encoding' ? 'none' : scenario.compression;
}

/**
 * The sender for the scenario's protocol, configured from its protocol table entry: path,
 * content type, the protocol's own headers, whether Content-Encoding names the compression, and
 * which answers are retried.
 */
export function createSender(scenario: Scenario, endpoint: string, planEndEpochMs: number): Sender {
  const load = scenario.load;
  const protocol = PROTOCOL_TABLE[scenario.protocol];
  const encoding = encodingOf(scenario);
  // Senders take deadlines on their own performance.now() clock.
  // No retry starts after the plan ends: the last attempt then ends within one request timeout,
  // when the worker aborts whatever is still unanswered.
  const deadlineMs = planEndEpochMs - performance.timeOrigin;
  const headers = { ...scenario.target.headers, ...protocol.headers };
  if (protocol.transport === 'grpc') {
    return createOtlpGrpcSender({
      endpoint,
      signal: scenario.signal,
      headers,
      compression: encoding.compressionHeader === 'grpc-encoding' ? scenario.compression : 'none',
      requestTimeoutMs: load.requestTimeoutMs,
      maxRetries: load.maxRetries,
      deadlineMs,
    });
  }
  return createOtlpHttpSender({
    baseUrl: endpoint,
    signal: scenario.signal,
    path: protocol.paths[scenario.signal],
    retryableStatuses: protocol.retry.statuses,
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
