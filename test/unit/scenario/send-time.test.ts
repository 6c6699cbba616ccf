import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { Scenario } from '../../../src/model/scenario.js';
import { parseScenario } from '../../../src/scenario/index.js';

const stampsSendTime = (s: Scenario): boolean => s.route.stampSendTime;

const scenario = (target: string, load = '', signal = 'traces', protocol = 'otlp-grpc') =>
  `name: x\nsignal: ${signal}\nprotocol: ${protocol}\ntarget: ${target}\nload: { rate: 100${load} }\n`;

function error(text: string): string {
  try {
    parseScenario(text, 'p.yaml');
  } catch (e) {
    assert.equal((e as { code?: string }).code, 'E_SCENARIO_INVALID', String(e));
    return (e as Error).message;
  }
  assert.fail('expected a validation error');
}

const BATCH_TO_SINK = '{ kind: collector, managed: true, pipeline: batch, downstream: { kind: sink } }';

describe('load.stampSendTime', () => {
  test('unset: on for a managed Collector forwarding OTLP to the sink, off otherwise', () => {
    const on = (target: string, signal = 'traces', protocol = 'otlp-grpc') =>
      stampsSendTime(parseScenario(scenario(target, '', signal, protocol), 'p.yaml'));
    assert.equal(on(BATCH_TO_SINK), true);
    assert.equal(
      on('{ kind: collector, managed: true, pipeline: otlp-forward, downstream: { kind: sink } }'),
      true,
    );
    assert.equal(
      on('{ kind: collector, managed: true, pipeline: tail-sampling, downstream: { kind: sink } }'),
      true,
    );
    assert.equal(on('{ kind: collector, managed: true }'), false, 'nop sends nothing on');
    assert.equal(on('sink'), false);
    assert.equal(
      on('{ kind: collector, managed: true, pipeline: spanmetrics, downstream: { kind: sink } }'),
      false,
      'spanmetrics forwards derived samples by remote write',
    );
    assert.equal(
      on(
        '{ kind: collector, managed: true, pipeline: otlp-forward, downstream: { kind: victorialogs, managed: true } }',
        'logs',
        'otlp-http',
      ),
      false,
    );
  });

  test('set: it decides, and it is part of the scenario hash; unset leaves hashes as they were', () => {
    const off = parseScenario(scenario(BATCH_TO_SINK, ', stampSendTime: false'), 'p.yaml');
    assert.equal(stampsSendTime(off), false);
    const onSink = parseScenario(scenario('sink', ', stampSendTime: true'), 'p.yaml');
    assert.equal(stampsSendTime(onSink), true);
    const unset = parseScenario(scenario('sink'), 'p.yaml');
    assert.equal('stampSendTime' in unset.load, false);
    assert.notEqual(onSink.hash, unset.hash);
  });

  test('true where the stamp has no place or would become a label is refused, naming the field', () => {
    assert.match(
      error(scenario('sink', ', stampSendTime: true', 'metrics', 'prometheus-remote-write')),
      /load\.stampSendTime.*prometheus-remote-write has none.*otlp-grpc \/ otlp-http/s,
    );
    assert.match(
      error(
        scenario('{ kind: victoriametrics, managed: true }', ', stampSendTime: true', 'metrics', 'otlp-http'),
      ),
      /load\.stampSendTime.*victoriametrics turns resource attributes into labels/s,
    );
    assert.match(
      error(
        scenario(
          '{ kind: collector, managed: true, pipeline: otlp-forward, downstream: { kind: victorialogs, managed: true } }',
          ', stampSendTime: true',
          'logs',
          'otlp-http',
        ),
      ),
      /load\.stampSendTime.*victorialogs/s,
    );
    assert.match(error(scenario('sink', ', stampSendTime: 1')), /load\.stampSendTime.*true or false/s);
  });
});
