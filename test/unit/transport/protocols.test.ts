import assert from 'node:assert/strict';
import { test } from 'node:test';
import { buildLogBatch, buildMetricBatch, buildTraceBatch } from '../../../bench/fixtures.js';
import { compressBody, getEncoder } from '../../../src/encoders/index.js';
import { bodyCompressionOf, createSender, wireFormatOf } from '../../../src/load/sender-factory.js';
import { SIGNALS, type Signal } from '../../../src/model/index.js';
import { COMPRESSIONS, type Compression, type Encoding, PROTOCOLS } from '../../../src/model/scenario.js';
import { defaultCompression } from '../../../src/scenario/defaults.js';
import { parseScenario } from '../../../src/scenario/index.js';
import { startSink } from '../../../src/targets/sink/index.js';
import {
  encodingSpec,
  PROTOCOL_SPECS,
  PROTOCOL_TABLE,
  type ProtocolSpec,
} from '../../../src/transport/protocols.js';

const ENCODINGS: readonly Encoding[] = ['protobuf', 'json'];

function accepted(yaml: string): boolean {
  try {
    parseScenario(yaml, 'x.yaml');
    return true;
  } catch {
    return false;
  }
}

test('one entry per protocol, each naming itself, with a path for every signal it carries', () => {
  assert.deepEqual(
    PROTOCOL_SPECS.map((spec) => spec.protocol),
    [...PROTOCOLS],
  );
  for (const spec of PROTOCOL_SPECS) {
    assert.equal(PROTOCOL_TABLE[spec.protocol], spec);
    assert.ok(spec.signals.length > 0, spec.protocol);
    assert.deepEqual(
      Object.keys(spec.paths).sort(),
      [...spec.signals].sort(),
      `${spec.protocol}: paths and signals`,
    );
    for (const signal of spec.signals) assert.match(spec.paths[signal] ?? '', /^\/\S+$/, spec.protocol);
    assert.ok(spec.encodings.length > 0, spec.protocol);
    assert.equal(new Set(spec.encodings.map((e) => e.encoding)).size, spec.encodings.length);
    for (const encoding of spec.encodings) {
      assert.ok(encoding.compressions.length > 0, `${spec.protocol} ${encoding.encoding}`);
      assert.ok(encoding.acceptedContentTypes.includes(encoding.contentType));
      for (const type of encoding.acceptedContentTypes) assert.equal(type, type.toLowerCase());
      for (const compression of encoding.compressions) assert.ok(COMPRESSIONS.includes(compression));
      if (encoding.snappyBody) assert.deepEqual(encoding.compressions, ['snappy'], spec.protocol);
    }
    for (const status of spec.retry.statuses) assert.ok(Number.isInteger(status));
    if (spec.sibling !== null) assert.equal(PROTOCOL_TABLE[spec.sibling].sibling, spec.protocol);
  }
});

test('the OTLP/HTTP paths, remote write and Loki push paths and the remote write version header', () => {
  assert.deepEqual(PROTOCOL_TABLE['otlp-http'].paths, {
    traces: '/v1/traces',
    metrics: '/v1/metrics',
    logs: '/v1/logs',
  });
  assert.deepEqual(PROTOCOL_TABLE['prometheus-remote-write'].paths, { metrics: '/api/v1/write' });
  assert.deepEqual(PROTOCOL_TABLE['prometheus-remote-write'].headers, {
    'x-prometheus-remote-write-version': '0.1.0',
  });
  assert.deepEqual(PROTOCOL_TABLE['loki-push'].paths, { logs: '/loki/api/v1/push' });
  assert.equal(encodingSpec('loki-push', 'protobuf')?.compressionHeader, 'none');
  assert.equal(encodingSpec('prometheus-remote-write', 'json'), undefined);
  assert.deepEqual(PROTOCOL_TABLE['otlp-http'].retry.statuses, [429, 502, 503, 504]);
  assert.equal(PROTOCOL_TABLE['otlp-http'].retry.allServerErrors, false);
  assert.equal(PROTOCOL_TABLE['prometheus-remote-write'].retry.allServerErrors, true);
  assert.equal(PROTOCOL_TABLE['loki-push'].retry.allServerErrors, true);
});

test('every protocol x signal x encoding x compression the scenario rules accept is in the table, and only those', () => {
  let acceptedCount = 0;
  for (const protocol of PROTOCOLS) {
    for (const signal of SIGNALS) {
      for (const encoding of ENCODINGS) {
        for (const compression of COMPRESSIONS) {
          const yaml =
            `name: t\nsignal: ${signal}\nprotocol: ${protocol}\nencoding: ${encoding}\n` +
            `compression: ${compression}\nload: { rate: 10 }\n`;
          const spec = PROTOCOL_TABLE[protocol];
          const encodingEntry = encodingSpec(protocol, encoding);
          const inTable =
            spec.signals.includes(signal) && encodingEntry?.compressions.includes(compression) === true;
          const what = `${protocol} ${signal} ${encoding} ${compression}`;
          assert.equal(accepted(yaml), inTable, what);
          if (!inTable || encodingEntry === undefined) continue;
          acceptedCount++;
          assert.ok(spec.paths[signal] !== undefined, what);
          assert.ok(encodingEntry.contentType.length > 0, what);
          // The encoder for the entry's wire format exists, and over HTTP sends the same content type.
          const encoder = getEncoder(signal, encodingEntry.wireFormat);
          if (spec.transport === 'http') assert.equal(encoder.contentType, encodingEntry.contentType, what);
        }
      }
    }
  }
  // 3 signals x 2 encodings x 4 over OTLP/HTTP, 3 x 1 x 2 over gRPC, 1 remote write, 1 + 2 Loki push.
  assert.equal(acceptedCount, 24 + 6 + 1 + 3);
});

test('the default compression of every protocol and encoding is one the table allows', () => {
  for (const spec of PROTOCOL_SPECS) {
    for (const encoding of spec.encodings) {
      const compression = defaultCompression(spec.protocol, encoding.encoding);
      assert.ok(encoding.compressions.includes(compression), `${spec.protocol} ${encoding.encoding}`);
    }
  }
});

const BATCHES = { traces: buildTraceBatch(20), metrics: buildMetricBatch(20), logs: buildLogBatch(20) };

/** Sends one batch through the sender factory to the sink; returns what went wrong, or null. */
async function sendToSink(
  sink: Awaited<ReturnType<typeof startSink>>,
  spec: ProtocolSpec,
  signal: Signal,
  encoding: Encoding,
  compression: Compression,
): Promise<string | null> {
  const endpoint = spec.transport === 'grpc' ? sink.grpcEndpoint : sink.httpUrl;
  const scenario = parseScenario(
    `name: t\nsignal: ${signal}\nprotocol: ${spec.protocol}\nencoding: ${encoding}\n` +
      `compression: ${compression}\ntarget: { kind: sink, endpoint: "${endpoint}" }\n` +
      'load: { rate: 10, maxRetries: 0 }\n',
    'x.yaml',
  );
  const encoder = getEncoder(signal, wireFormatOf(scenario));
  // As the request pipeline does: encode, then compress the body (unless the transport does).
  // biome-ignore lint/suspicious/noExplicitAny: the batch matches the signal by construction.
  const body = compressBody(bodyCompressionOf(scenario), encoder.encode(BATCHES[signal] as any));
  const before = sink.counters()[signal];
  const sender = createSender(scenario, endpoint, Date.now() + 10_000);
  const outcome = await sender.send(body, BATCHES[signal].itemCount);
  await sender.close();
  const after = sink.counters()[signal];
  if (!outcome.ok) return `not accepted: ${outcome.status} ${outcome.errorMessage}`;
  if (after.requests !== before.requests + 1) return 'the sink did not count the request';
  if (after.rejectedRequests !== before.rejectedRequests) return 'the sink rejected it';
  if (after.items <= before.items) return 'the sink counted no items';
  return null;
}

test('the built-in sink has a route for every protocol path, reading what the sender factory sends', async () => {
  const sink = await startSink({});
  try {
    for (const spec of PROTOCOL_SPECS) {
      for (const signal of spec.signals) {
        for (const encoding of spec.encodings) {
          for (const compression of encoding.compressions) {
            const what = `${spec.protocol} ${signal} ${encoding.encoding} ${compression}`;
            assert.equal(await sendToSink(sink, spec, signal, encoding.encoding, compression), null, what);
          }
        }
      }
    }
  } finally {
    await sink.close();
  }
});
