import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  backoffDelayMs,
  createJitterSource,
  parsePartialSuccessJson,
  parsePartialSuccessProto,
  parseRetryAfterMs,
  parseRetryInfoDelayMs,
  parseStatusMessage,
} from '../../../src/transport/index.js';
import { partialSuccessBody } from './scripted-server.js';

test('partial_success is read from a protobuf Export*ServiceResponse', () => {
  assert.deepEqual(parsePartialSuccessProto(partialSuccessBody(7, 'too old')), {
    rejectedItems: 7,
    errorMessage: 'too old',
  });
  // Full success: empty body, or an unrelated field only.
  assert.deepEqual(parsePartialSuccessProto(new Uint8Array(0)), { rejectedItems: 0, errorMessage: '' });
  assert.deepEqual(parsePartialSuccessProto(Uint8Array.from([0x10, 0x05])), {
    rejectedItems: 0,
    errorMessage: '',
  });
  // Multi-byte varint: 300 rejected.
  const body = Buffer.from([0x0a, 0x03, 0x08, 0xac, 0x02]);
  assert.equal(parsePartialSuccessProto(body).rejectedItems, 300);
  // Garbage is not a partial success.
  assert.equal(parsePartialSuccessProto(Buffer.from('<html>')).rejectedItems, 0);
});

test('partial_success is read from a JSON response, int64 as string or number', () => {
  const json = (text: string) => Buffer.from(text);
  assert.deepEqual(
    parsePartialSuccessJson(json('{"partialSuccess":{"rejectedSpans":"4","errorMessage":"bad"}}')),
    {
      rejectedItems: 4,
      errorMessage: 'bad',
    },
  );
  assert.equal(parsePartialSuccessJson(json('{"partialSuccess":{"rejectedDataPoints":2}}')).rejectedItems, 2);
  assert.equal(
    parsePartialSuccessJson(json('{"partialSuccess":{"rejectedLogRecords":"1"}}')).rejectedItems,
    1,
  );
  assert.equal(parsePartialSuccessJson(json('{}')).rejectedItems, 0);
  assert.equal(parsePartialSuccessJson(json('not json')).rejectedItems, 0);
});

test('google.rpc.Status message is extracted from an error body', () => {
  const text = Buffer.from('out of order sample');
  const status = Buffer.concat([Buffer.from([0x08, 0x03, 0x12, text.length]), text]);
  assert.equal(parseStatusMessage(status), 'out of order sample');
  assert.equal(parseStatusMessage(Buffer.from([0x08, 0x03])), null);
});

test('RetryInfo delay is read from grpc-status-details-bin', () => {
  const typeUrl = Buffer.from('type.googleapis.com/google.rpc.RetryInfo');
  const duration = Buffer.from([0x08, 0x02, 0x10, 0x80, 0xe1, 0xeb, 0x17]); // 2 s + 50_000_000 ns
  const retryInfo = Buffer.concat([Buffer.from([0x0a, duration.length]), duration]);
  const any = Buffer.concat([
    Buffer.from([0x0a, typeUrl.length]),
    typeUrl,
    Buffer.from([0x12, retryInfo.length]),
    retryInfo,
  ]);
  const status = Buffer.concat([Buffer.from([0x08, 0x08, 0x1a, any.length]), any]);
  assert.equal(parseRetryInfoDelayMs(status), 2050);
  // A Status with other details has no RetryInfo.
  const otherUrl = Buffer.from('type.googleapis.com/google.rpc.BadRequest');
  const other = Buffer.concat([Buffer.from([0x0a, otherUrl.length]), otherUrl]);
  assert.equal(parseRetryInfoDelayMs(Buffer.concat([Buffer.from([0x1a, other.length]), other])), null);
});

test('Retry-After accepts delay-seconds and HTTP dates, and rejects anything else', () => {
  const nowMs = Date.parse('Wed, 21 Oct 2015 07:28:00 GMT');
  assert.equal(parseRetryAfterMs('3', nowMs), 3000);
  assert.equal(parseRetryAfterMs(' 0 ', nowMs), 0);
  assert.equal(parseRetryAfterMs(['2', '9'], nowMs), 2000);
  assert.equal(parseRetryAfterMs('Wed, 21 Oct 2015 07:28:05 GMT', nowMs), 5000);
  assert.equal(parseRetryAfterMs('Wed, 21 Oct 2015 07:27:00 GMT', nowMs), 0);
  assert.equal(parseRetryAfterMs(undefined, nowMs), null);
  assert.equal(parseRetryAfterMs('', nowMs), null);
  assert.equal(parseRetryAfterMs('1.5', nowMs), null);
  assert.equal(parseRetryAfterMs('-1', nowMs), null);
  assert.equal(parseRetryAfterMs('soon', nowMs), null);
});

test('backoff grows exponentially with bounded jitter, capped, and is reproducible from the seed', () => {
  const random = createJitterSource(42);
  const delays = Array.from({ length: 12 }, (_, i) => backoffDelayMs(i, random));
  for (let i = 0; i < delays.length; i++) {
    const base = Math.min(5000, 100 * 2 ** i);
    assert.ok(delays[i] >= base * 0.8 && delays[i] <= base * 1.2, `retry ${i}: ${delays[i]} ms`);
  }
  const again = createJitterSource(42);
  assert.deepEqual(
    Array.from({ length: 12 }, (_, i) => backoffDelayMs(i, again)),
    delays,
  );
  assert.notEqual(backoffDelayMs(0, createJitterSource(43)), delays[0]);
});
