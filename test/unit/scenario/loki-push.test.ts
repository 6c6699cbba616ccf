import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseScenario } from '../../../src/scenario/index.js';

const base = (extra: string) =>
  `name: lp\nsignal: logs\ntarget: { kind: victorialogs, managed: true }\nprotocol: loki-push\n${extra}load: { rate: 100 }\n`;

test('loki-push defaults to protobuf with snappy, and JSON to gzip', () => {
  const proto = parseScenario(base(''), 'lp.yaml');
  assert.equal(proto.protocol, 'loki-push');
  assert.equal(proto.encoding, 'protobuf');
  assert.equal(proto.compression, 'snappy');
  const json = parseScenario(base('encoding: json\n'), 'lp.yaml');
  assert.equal(json.compression, 'gzip');
  assert.equal(parseScenario(base('encoding: json\ncompression: none\n'), 'lp.yaml').compression, 'none');
});

test('loki-push refuses non-log signals and compressions Loki does not decode, naming the field', () => {
  const cases: [string, RegExp][] = [
    [base('').replace('signal: logs', 'signal: metrics'), /signal.*loki-push carries logs only/],
    [base('').replace('signal: logs', 'signal: traces'), /signal.*logs only/],
    [base('compression: gzip\n'), /compression.*protobuf requires snappy/],
    [base('encoding: json\ncompression: snappy\n'), /compression.*json takes compression none or gzip/],
    [base('encoding: json\ncompression: zstd\n'), /compression.*none or gzip/],
  ];
  for (const [text, pattern] of cases) {
    assert.throws(
      () => parseScenario(text, 'lp.yaml'),
      (error: Error) => pattern.test(error.message),
      text,
    );
  }
});
