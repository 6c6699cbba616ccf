import assert from 'node:assert/strict';
import { test } from 'node:test';
import { JsonLogsSerializer, ProtobufLogsSerializer } from '@opentelemetry/otlp-transformer';
import fc from 'fast-check';
import { toReadableLogRecords } from '../../../bench/encoders-reference.js';
import { otlpJsonLogs } from '../../../src/encoders/otlp-json-logs.js';
import { OtlpProtoLogsEncoder, otlpProtoLogs } from '../../../src/encoders/otlp-proto-logs.js';
import { rawOtlpProtoBytesSent } from '../../../src/encoders/raw-otlp-bytes.js';
import { hasNonFiniteDouble, logBatchArb } from './arbitraries.js';
import { logsFromBatch, logsFromDecoded, withSortedAttributes } from './canonical.js';
import { decode, ExportLogsServiceRequest } from './proto-schema.js';

const variants = [
  { name: 'default caches', encoder: otlpProtoLogs },
  {
    name: 'caches off',
    encoder: new OtlpProtoLogsEncoder({ stringCacheEntries: 0, keyValueCacheEntries: 0 }),
  },
  {
    name: 'tiny caches',
    encoder: new OtlpProtoLogsEncoder({ stringCacheEntries: 3, keyValueCacheEntries: 2 }),
  },
];

test('protobuf output decodes to the batch, field by field, with every cache setting', () => {
  fc.assert(
    fc.property(logBatchArb, (batch) => {
      const expected = logsFromBatch(batch);
      for (const { name, encoder } of variants) {
        const bytes = encoder.encode(batch);
        assert.equal(encoder.encodedSize(batch), bytes.length, `${name}: size pass`);
        assert.deepStrictEqual(logsFromDecoded(decode(ExportLogsServiceRequest, bytes)), expected, name);
      }
    }),
    { numRuns: 80 },
  );
});

test('protobuf output decodes to the same data as @opentelemetry/otlp-transformer on the same records', () => {
  fc.assert(
    fc.property(logBatchArb, (batch) => {
      const reference = ProtobufLogsSerializer.serializeRequest(toReadableLogRecords(batch));
      assert.ok(reference);
      const ours = logsFromDecoded(decode(ExportLogsServiceRequest, otlpProtoLogs.encode(batch)));
      assert.deepStrictEqual(
        withSortedAttributes(ours),
        withSortedAttributes(logsFromDecoded(decode(ExportLogsServiceRequest, reference))),
      );
    }),
    { numRuns: 80 },
  );
});

test('JSON output parses to the batch data, and reports the protobuf size', () => {
  fc.assert(
    fc.property(logBatchArb, (batch) => {
      const jsonBytes = otlpJsonLogs.encode(batch);
      const text = Buffer.from(jsonBytes).toString('utf8');
      assert.deepStrictEqual(logsFromDecoded(JSON.parse(text)), logsFromBatch(batch));
      assert.equal(rawOtlpProtoBytesSent(otlpJsonLogs, batch, jsonBytes), otlpProtoLogs.encode(batch).length);
    }),
    { numRuns: 60 },
  );
});

test('JSON output matches the reference JSON serializer', () => {
  fc.assert(
    fc.property(logBatchArb, (batch) => {
      // The reference writes NaN and infinities as null (plain JSON.stringify); ours as proto3 JSON strings.
      fc.pre(!hasNonFiniteDouble(batch));
      const reference = JSON.parse(
        Buffer.from(JsonLogsSerializer.serializeRequest(toReadableLogRecords(batch)) ?? []).toString('utf8'),
      );
      const ours = JSON.parse(Buffer.from(otlpJsonLogs.encode(batch)).toString('utf8'));
      assert.deepStrictEqual(
        withSortedAttributes(logsFromDecoded(ours)),
        withSortedAttributes(logsFromDecoded(reference)),
      );
    }),
    { numRuns: 40 },
  );
});
