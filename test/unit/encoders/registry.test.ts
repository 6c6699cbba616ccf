import assert from 'node:assert/strict';
import { test } from 'node:test';
import { buildLogBatch, buildMetricBatch, buildTraceBatch } from '../../../bench/fixtures.js';
import { getEncoder, WIRE_FORMATS } from '../../../src/encoders/index.js';
import { rawOtlpProtoBytesSent } from '../../../src/encoders/raw-otlp-bytes.js';
import { isObsbenchError } from '../../../src/errors.js';
import { SIGNALS } from '../../../src/model/index.js';

test('every signal has a protobuf and a JSON encoder that agree on the raw protobuf size', () => {
  const batches = { traces: buildTraceBatch(50), metrics: buildMetricBatch(50), logs: buildLogBatch(50) };
  for (const signal of SIGNALS) {
    const proto = getEncoder(signal, 'otlp-proto');
    const json = getEncoder(signal, 'otlp-json');
    assert.equal(proto.signal, signal);
    assert.equal(proto.format, 'otlp-proto');
    assert.equal(proto.contentType, 'application/x-protobuf');
    assert.equal(json.format, 'otlp-json');
    assert.equal(json.contentType, 'application/json');
    const batch = batches[signal];
    // biome-ignore lint/suspicious/noExplicitAny: the batch matches the signal by construction.
    const bytes = proto.encode(batch as any).length;
    // biome-ignore lint/suspicious/noExplicitAny: as above.
    assert.equal(rawOtlpProtoBytesSent(json, batch as any, json.encode(batch as any)), bytes, signal);
  }
  assert.deepStrictEqual([...WIRE_FORMATS], ['otlp-proto', 'otlp-json']);
});

test('an unknown signal or format is a usage error that lists the allowed values', () => {
  assert.throws(
    () => getEncoder('traces', 'zipkin' as never),
    (error) =>
      isObsbenchError(error) && error.code === 'E_USAGE' && /otlp-proto, otlp-json/.test(error.message),
  );
  assert.throws(
    () => getEncoder('profiles' as never, 'otlp-proto'),
    (error) =>
      isObsbenchError(error) && error.code === 'E_USAGE' && /traces, metrics, logs/.test(error.message),
  );
});
