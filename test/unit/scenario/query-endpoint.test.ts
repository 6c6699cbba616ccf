// target.queryEndpoint: where an external trace store (Jaeger's query service, Tempo's query
// frontend) answers the read path, refused where it cannot mean anything, with the field named.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseScenario } from '../../../src/scenario/index.js';

const traces = (target: string, protocol = 'otlp-grpc') =>
  `name: x\nsignal: traces\nprotocol: ${protocol}\ntarget: ${target}\nload: { rate: 100 }\n`;

test('an external Tempo or Jaeger takes a query address apart from its OTLP endpoint', () => {
  const tempo = parseScenario(
    traces('{ kind: tempo, endpoint: "127.0.0.1:4317", queryEndpoint: "http://127.0.0.1:3200" }'),
    'x.yaml',
  );
  assert.equal(tempo.target.queryEndpoint, 'http://127.0.0.1:3200');
  const jaeger = parseScenario(
    traces(
      '{ kind: jaeger, endpoint: "http://127.0.0.1:4318", queryEndpoint: "http://[::1]:16686" }',
      'otlp-http',
    ),
    'x.yaml',
  );
  assert.equal(jaeger.target.queryEndpoint, 'http://[::1]:16686');
  assert.equal(
    parseScenario(traces('{ kind: jaeger, endpoint: "127.0.0.1:4317" }'), 'x.yaml').target.queryEndpoint,
    undefined,
  );
});

test('queryEndpoint is refused on a managed backend, on a kind with no read path, when not a loopback URL', () => {
  const refused: [string, RegExp][] = [
    [
      '{ kind: jaeger, managed: true, queryEndpoint: "http://127.0.0.1:16686" }',
      /target\.queryEndpoint.*only for a backend obsbench does not start/,
    ],
    [
      '{ kind: collector, endpoint: "127.0.0.1:4317", queryEndpoint: "http://127.0.0.1:8888" }',
      /target\.queryEndpoint.*no read path for collector/,
    ],
    [
      '{ kind: tempo, endpoint: "127.0.0.1:4317", queryEndpoint: "127.0.0.1:3200" }',
      /target\.queryEndpoint.*http:\/\/ or https:\/\/ base URL/,
    ],
    [
      '{ kind: tempo, endpoint: "127.0.0.1:4317", queryEndpoint: "http://10.0.0.5:3200" }',
      /target\.queryEndpoint.*10\.0\.0\.5 is not a loopback address; set target\.allowNonLoopback/,
    ],
  ];
  for (const [target, message] of refused)
    assert.throws(() => parseScenario(traces(target), 'x.yaml'), message, target);
  // Allowed off loopback once the user says so.
  const remote = parseScenario(
    traces(
      '{ kind: tempo, endpoint: "10.0.0.5:4317", allowNonLoopback: true, queryEndpoint: "http://10.0.0.5:3200" }',
    ),
    'x.yaml',
  );
  assert.equal(remote.target.queryEndpoint, 'http://10.0.0.5:3200');
});
