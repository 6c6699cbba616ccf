// grpc-status-details-bin for the gRPC sender tests: a google.rpc.Status carrying RetryInfo.

/**
 * google.rpc.Status{code, details [Any{RetryInfo{retry_delay = Duration{seconds, nanos}}}]}
 * asking for a retry after `delayMs`.
 */
export function retryInfoStatusDetails(code: number, delayMs: number): Buffer {
  const seconds = Math.floor(delayMs / 1000);
  const nanos = Math.round((delayMs - seconds * 1000) * 1e6);
  const duration = Buffer.from([0x08, ...varint(seconds), 0x10, ...varint(nanos)]);
  const retryInfo = Buffer.concat([Buffer.from([0x0a, duration.length]), duration]);
  const typeUrl = Buffer.from('type.googleapis.com/google.rpc.RetryInfo');
  const any = Buffer.concat([
    Buffer.from([0x0a, typeUrl.length]),
    typeUrl,
    Buffer.from([0x12, retryInfo.length]),
    retryInfo,
  ]);
  return Buffer.concat([Buffer.from([0x08, code, 0x1a, any.length]), any]);
}

function varint(value: number): number[] {
  const bytes: number[] = [];
  let rest = value;
  while (rest >= 0x80) {
    bytes.push((rest % 0x80) | 0x80);
    rest = Math.floor(rest / 0x80);
  }
  bytes.push(rest);
  return bytes;
}
