// Scenario.route: what reaches the backend behind a first hop, decided once by the loader, and
// kept out of the scenario hash.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseScenario, scenarioHash } from '../../../src/scenario/index.js';

function route(target: string, signal = 'traces', protocol = 'otlp-grpc') {
  const text = `name: x\nsignal: ${signal}\nprotocol: ${protocol}\ntarget: ${target}\nload: { rate: 100 }\n`;
  return parseScenario(text, 'p.yaml').route;
}

test('each Collector pipeline forwards by its own protocol, signal, unit and delay', () => {
  assert.deepEqual(
    route('{ kind: collector, managed: true, pipeline: batch, downstream: { kind: sink } }').downstream,
    {
      protocol: 'otlp-grpc',
      signal: 'traces',
      unit: 'items',
      delayMs: 0,
    },
  );
  assert.deepEqual(
    route('{ kind: collector, managed: true, pipeline: tail-sampling, downstream: { kind: sink } }')
      .downstream,
    { protocol: 'otlp-grpc', signal: 'traces', unit: 'items', delayMs: 6000 },
  );
  assert.deepEqual(
    route(
      '{ kind: collector, managed: true, pipeline: spanmetrics, downstream: { kind: victoriametrics, managed: true } }',
    ).downstream,
    { protocol: 'prometheus-remote-write', signal: 'metrics', unit: 'samples', delayMs: 6000 },
  );
  assert.equal(
    route('{ kind: collector, managed: true, pipeline: otlp-forward, downstream: { kind: sink } }').downstream
      ?.protocol,
    'otlp-http',
  );
});

test('vmagent forwards by remote write; a first hop without a downstream has none', () => {
  assert.deepEqual(
    route(
      '{ kind: vmagent, managed: true, downstream: { kind: victoriametrics, managed: true } }',
      'metrics',
      'prometheus-remote-write',
    ).downstream,
    { protocol: 'prometheus-remote-write', signal: 'metrics', unit: 'items', delayMs: 0 },
  );
  assert.equal(route('{ kind: collector, managed: true }').downstream, null);
  assert.equal(route('sink').downstream, null);
});

test('the route is derived, so it does not change the hash', () => {
  const a = parseScenario('name: x\nsignal: traces\nload: { rate: 100 }\n', 'a.yaml');
  assert.equal(scenarioHash(a), a.hash);
  assert.equal(scenarioHash({ ...a, route: { stampSendTime: true, downstream: null } }), a.hash);
  assert.notEqual(scenarioHash({ ...a, seed: a.seed + 1 }), a.hash, 'the hash does see the fields it covers');
});
