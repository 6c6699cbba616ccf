import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseScenario } from '../../../src/scenario/index.js';

const base = (extra: string) =>
  `name: rw\nsignal: metrics\ntarget: { kind: prometheus, managed: true }\nprotocol: prometheus-remote-write\n${extra}load: { rate: 100 }\n`;

test('prometheus-remote-write defaults to protobuf with snappy', () => {
  const scenario = parseScenario(base(''), 'rw.yaml');
  assert.equal(scenario.protocol, 'prometheus-remote-write');
  assert.equal(scenario.encoding, 'protobuf');
  assert.equal(scenario.compression, 'snappy');
});

test('prometheus-remote-write refuses other compressions, json and non-metric signals with one-line errors', () => {
  const cases: [string, RegExp][] = [
    [base('compression: gzip\n'), /compression.*requires snappy/],
    [base('encoding: json\n'), /encoding.*protobuf only/],
    [base('').replace('signal: metrics', 'signal: logs'), /signal.*metrics only/],
  ];
  for (const [text, pattern] of cases) {
    assert.throws(
      () => parseScenario(text, 'rw.yaml'),
      (error: Error) => pattern.test(error.message),
      text,
    );
  }
});
