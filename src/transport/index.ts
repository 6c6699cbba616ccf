// Public surface of the transport layer.

export { backoffDelayMs, createJitterSource } from './backoff.js';
export { parseEndpointAddress } from './endpoint-address.js';
export { checkEndpointReachable } from './endpoint-check.js';
export { createOtlpGrpcSender, type OtlpGrpcSenderOptions } from './otlp-grpc-sender.js';
export { createOtlpHttpSender, type OtlpHttpSenderOptions } from './otlp-http-sender.js';
export {
  parsePartialSuccessJson,
  parsePartialSuccessProto,
  parseRetryInfoDelayMs,
  parseStatusMessage,
} from './otlp-response.js';
export { parseRetryAfterMs } from './retry-after.js';
export type { Sender } from './sender.js';
