// Public surface of the transport layer.

export {
  BACKOFF_INITIAL_MS,
  BACKOFF_MAX_MS,
  backoffDelayMs,
  createJitterSource,
  RETRY_AFTER_MAX_MS,
} from './backoff.js';
export { type EndpointAddress, hostPort, parseEndpointAddress } from './endpoint-address.js';
export { checkEndpointReachable } from './endpoint-check.js';
export { createOtlpGrpcSender, GRPC_EXPORT_PATHS, type OtlpGrpcSenderOptions } from './otlp-grpc-sender.js';
export { createOtlpHttpSender, type OtlpHttpSenderOptions } from './otlp-http-sender.js';
export {
  type PartialSuccess,
  parsePartialSuccessJson,
  parsePartialSuccessProto,
  parseRetryInfoDelayMs,
  parseStatusMessage,
} from './otlp-response.js';
export { parseRetryAfterMs } from './retry-after.js';
export type { Sender, SendOutcome } from './sender.js';
