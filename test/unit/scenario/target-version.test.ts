import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseScenario } from '../../../src/scenario/index.js';

const scenario = (target: string) =>
  `name: x\nsignal: metrics\nprotocol: prometheus-remote-write\ntarget: ${target}\nload: { rate: 100 }\n`;

test('target.version picks the release of a managed backend, and is part of the hash', () => {
  const pinned = parseScenario(scenario('{ kind: victoriametrics, managed: true }'), 'x.yaml');
  const other = parseScenario(
    scenario('{ kind: victoriametrics, managed: true, version: v1.148.9 }'),
    'x.yaml',
  );
  assert.equal(pinned.target.version, undefined);
  assert.equal(other.target.version, 'v1.148.9');
  assert.notEqual(pinned.hash, other.hash);
});

test('target.version on a backend obsbench does not start is refused, naming the field', () => {
  assert.throws(
    () =>
      parseScenario(
        scenario('{ kind: victoriametrics, endpoint: "http://127.0.0.1:8428", version: v1.148.9 }'),
        'x.yaml',
      ),
    /target\.version.*set target\.managed: true/,
  );
  assert.throws(
    () => parseScenario(scenario('{ kind: victoriametrics, managed: true, version: latest }'), 'x.yaml'),
    /target\.version/,
  );
});
