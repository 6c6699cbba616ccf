import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  decodeBinaryHeader,
  decodeGrpcMessage,
  encodeGrpcMessage,
  grpcStatusOfHttpStatus,
  grpcStatusOfResetCode,
  grpcTimeoutHeader,
  messagePrefix,
  parseGrpcStatus,
  readRequestMessage,
  readResponseMessage,
} from '../../../src/transport/grpc-framing.js';

test('grpc-timeout: milliseconds while they fit in 8 digits, then coarser units rounded up', () => {
  assert.equal(grpcTimeoutHeader(5000), '5000m');
  assert.equal(grpcTimeoutHeader(0.2), '1m');
  assert.equal(grpcTimeoutHeader(99_999_999), '99999999m');
  assert.equal(grpcTimeoutHeader(100_000_000), '100000S');
  assert.equal(grpcTimeoutHeader(100_000_001), '100001S');
});

test('the 5-byte prefix: compressed flag, then the length big-endian', () => {
  assert.deepEqual([...messagePrefix(false, 0x01020304)], [0, 1, 2, 3, 4]);
  assert.deepEqual([...messagePrefix(true, 7)], [1, 0, 0, 0, 7]);
});

test('a response message is read from its prefix; short or malformed data is a problem', () => {
  const body = Buffer.from([0x0a, 0x00]);
  const data = Buffer.concat([messagePrefix(true, 2), body, Buffer.from([0xff])]);
  assert.deepEqual(readResponseMessage(data), { ok: true, compressed: true, message: body });
  assert.deepEqual(readResponseMessage(Buffer.alloc(0)), {
    ok: true,
    compressed: false,
    message: Buffer.alloc(0),
  });
  const cut = readResponseMessage(Buffer.concat([messagePrefix(false, 10), body]));
  assert.equal(cut.ok, false);
  assert.match(cut.ok ? '' : cut.problem, /cut short: 2 of 10 bytes/);
  assert.equal(readResponseMessage(Buffer.from([0, 0])).ok, false);
  assert.equal(readResponseMessage(Buffer.from([2, 0, 0, 0, 0])).ok, false);
});

test('grpc-message is percent-decoded as UTF-8; a stray % stays', () => {
  assert.equal(decodeGrpcMessage('plain text'), 'plain text');
  assert.equal(decodeGrpcMessage('50%25 of %E2%82%AC%0Arefused'), '50% of \u20ac\nrefused');
  assert.equal(decodeGrpcMessage('100% sure %zz'), '100% sure %zz');
});

test('a request holds exactly one message: none, or bytes after it, is a problem', () => {
  const body = Buffer.from([0x0a, 0x00]);
  assert.deepEqual(readRequestMessage(Buffer.concat([messagePrefix(false, 2), body])), {
    ok: true,
    compressed: false,
    message: body,
  });
  const none = readRequestMessage(Buffer.alloc(0));
  assert.match(none.ok ? '' : none.problem, /no message/);
  const two = readRequestMessage(Buffer.concat([messagePrefix(false, 2), body, messagePrefix(false, 0)]));
  assert.match(two.ok ? '' : two.problem, /more than one message/);
  const cut = readRequestMessage(messagePrefix(false, 3));
  assert.match(cut.ok ? '' : cut.problem, /^request message cut short: 0 of 3 bytes$/);
});

test('grpc-message is percent-encoded as UTF-8 outside printable ASCII and for %; it decodes back', () => {
  assert.equal(encodeGrpcMessage('plain text: ok'), 'plain text: ok');
  const text = '50% of \u20ac\nrefused';
  assert.equal(encodeGrpcMessage(text), '50%25 of %E2%82%AC%0Arefused');
  assert.equal(decodeGrpcMessage(encodeGrpcMessage(text)), text);
});

test('grpc-status parses to a number, anything else is UNKNOWN', () => {
  assert.equal(parseGrpcStatus('14'), 14);
  assert.equal(parseGrpcStatus('0'), 0);
  assert.equal(parseGrpcStatus('x'), 2);
  assert.equal(parseGrpcStatus(''), 2);
});

test('-bin headers: base64 padded or not, several values split at commas', () => {
  assert.deepEqual(decodeBinaryHeader('AQID'), [Buffer.from([1, 2, 3])]);
  assert.deepEqual(decodeBinaryHeader('AQ'), [Buffer.from([1])]);
  assert.deepEqual(decodeBinaryHeader('AQ==, Ag'), [Buffer.from([1]), Buffer.from([2])]);
  assert.deepEqual(decodeBinaryHeader(['AQ', 'Ag==']), [Buffer.from([1]), Buffer.from([2])]);
});

test('an answer without grpc-status maps by the spec tables: HTTP status, RST_STREAM code', () => {
  const http = [400, 401, 403, 404, 429, 502, 503, 504, 200, 500].map(grpcStatusOfHttpStatus);
  assert.deepEqual(http, [13, 16, 7, 12, 14, 14, 14, 14, 2, 2]);
  // REFUSED_STREAM 7, CANCEL 8, ENHANCE_YOUR_CALM 11, INADEQUATE_SECURITY 12, INTERNAL_ERROR 2.
  assert.deepEqual([7, 8, 11, 12, 2].map(grpcStatusOfResetCode), [14, 1, 8, 7, 13]);
});
