// OTLP/gRPC sender: unary Export calls with pre-encoded bodies (identity serializers), one
// HTTP/2 channel, retries per the spec's gRPC code table, RetryInfo delays honoured.

import {
  Client,
  type ClientUnaryCall,
  credentials,
  Metadata,
  type ServiceError,
  status,
} from '@grpc/grpc-js';
import { ObsbenchError } from '../errors.js';
import type { Signal } from '../model/index.js';
import { hostPort, parseEndpointAddress } from './endpoint-address.js';
import { parsePartialSuccessProto, parseRetryInfoDelayMs } from './otlp-response.js';
import { OTLP_GRPC_EXPORT_PATHS, PROTOCOL_TABLE } from './protocols.js';
import { type AttemptResult, RetryLoop } from './retry-loop.js';
import { failureOutcome, type Sender, type SendOutcome, successOutcome } from './sender.js';

export interface OtlpGrpcSenderOptions {
  /** 'host:port' or http(s)://host:port. */
  endpoint: string;
  signal: Signal;
  /** Sent as gRPC metadata on every call. */
  headers: Record<string, string>;
  /** 'gzip' compresses every message on the channel; anything else sends uncompressed. */
  compression?: string;
  /** Per-call deadline. */
  requestTimeoutMs: number;
  maxRetries: number;
  /** Absolute performance.now() ms after which no retry starts (the run end). */
  deadlineMs?: number;
  /** Seed of the backoff jitter. Default 1. */
  seed?: number;
}

/** gRPC compression algorithm ids as grpc-js numbers them. */
const GRPC_COMPRESSION_GZIP = 2;

const GRPC = PROTOCOL_TABLE['otlp-grpc'];
/** The OTLP spec's retryable codes, and those retried only when the answer carries RetryInfo. */
const RETRYABLE_CODES = new Set<number>(GRPC.retry.statuses);
const RETRYABLE_WITH_DELAY = new Set<number>(GRPC.retry.statusesWithRetryDelay);

const identity = (value: Buffer): Buffer => value;
const toBuffer = (body: Uint8Array): Buffer =>
  Buffer.isBuffer(body) ? body : Buffer.from(body.buffer, body.byteOffset, body.byteLength);

export function createOtlpGrpcSender(options: OtlpGrpcSenderOptions): Sender {
  const address = parseEndpointAddress(options.endpoint);
  if (address === null) {
    throw new ObsbenchError(
      'E_SCENARIO_INVALID',
      `target.endpoint: '${options.endpoint}' is not host:port or http(s)://host:port; use e.g. 127.0.0.1:4317`,
    );
  }
  const channelCredentials =
    address.protocol === 'https:' ? credentials.createSsl() : credentials.createInsecure();
  const client = new Client(hostPort(address), channelCredentials, {
    // Our own retry loop counts every retry; grpc-js's transparent retries would hide some.
    'grpc.enable_retries': 0,
    'grpc.max_receive_message_length': -1,
    'grpc.max_send_message_length': -1,
    ...(options.compression === 'gzip'
      ? { 'grpc.default_compression_algorithm': GRPC_COMPRESSION_GZIP }
      : {}),
  });
  const method = OTLP_GRPC_EXPORT_PATHS[options.signal];
  const metadata = new Metadata();
  for (const [key, value] of Object.entries(options.headers)) metadata.set(key.toLowerCase(), value);
  const retryLoop = new RetryLoop(options);
  /** Calls awaiting their answer, so abort() can cancel them. */
  const pending = new Set<ClientUnaryCall>();
  let abortReason = '';

  function attempt(body: Buffer, retries: number): Promise<AttemptResult> {
    return new Promise((resolve) => {
      let answered = false;
      const call = client.makeUnaryRequest<Buffer, Buffer>(
        method,
        identity,
        identity,
        body,
        metadata.clone(),
        { deadline: Date.now() + options.requestTimeoutMs },
        (error: ServiceError | null, response?: Buffer) => {
          answered = true;
          pending.delete(call);
          if (error === null) {
            const partial = parsePartialSuccessProto(response ?? Buffer.alloc(0));
            resolve({
              outcome: successOutcome(status.OK, partial.rejectedItems, retries, partial.errorMessage),
              retryable: false,
              retryAfterMs: null,
            });
            return;
          }
          const retryInfoDelayMs = retryInfoFrom(error);
          const retryable =
            RETRYABLE_CODES.has(error.code) ||
            (RETRYABLE_WITH_DELAY.has(error.code) && retryInfoDelayMs !== null);
          resolve({
            outcome: failureOutcome(
              error.code,
              retries,
              abortReason
                ? `gRPC ${method}: ${abortReason}`
                : `gRPC ${status[error.code] ?? error.code}: ${error.details}`,
            ),
            retryable,
            retryAfterMs: retryInfoDelayMs,
          });
        },
      );
      if (!answered) pending.add(call);
    });
  }

  return {
    async send(body: Uint8Array): Promise<SendOutcome> {
      const message = toBuffer(body);
      return retryLoop.run(message, attempt);
    },
    abort(reason: string): void {
      abortReason = reason;
      retryLoop.close();
      for (const call of pending) call.cancel();
    },
    async close(): Promise<void> {
      retryLoop.close();
      client.close();
    },
  };
}

function retryInfoFrom(error: ServiceError): number | null {
  const details = error.metadata?.get('grpc-status-details-bin') ?? [];
  for (const value of details) {
    if (typeof value === 'string') continue;
    const delayMs = parseRetryInfoDelayMs(value);
    if (delayMs !== null) return delayMs;
  }
  return null;
}
