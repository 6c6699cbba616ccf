import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { COLLECTOR_PIPELINES } from '../../../src/model/scenario.js';
import { parseScenario } from '../../../src/scenario/index.js';
import { downstreamKinds, PIPELINES } from '../../../src/targets/pipelines.js';

const scenario = (target: string, signal = 'traces', protocol = 'otlp-grpc') =>
  `name: x\nsignal: ${signal}\nprotocol: ${protocol}\ntarget: ${target}\nload: { rate: 100 }\n`;

function error(text: string): string {
  try {
    parseScenario(text, 'p.yaml');
  } catch (e) {
    assert.equal((e as { code?: string }).code, 'E_SCENARIO_INVALID', String(e));
    return (e as Error).message;
  }
  assert.fail('expected a validation error');
}

describe('target.pipeline and target.downstream', () => {
  test('a managed Collector resolves to the nop pipeline; other kinds have none', () => {
    const collector = parseScenario(scenario('{ kind: collector, managed: true }'), 'p.yaml');
    assert.equal(collector.target.pipeline, 'nop');
    assert.equal(collector.target.downstream, undefined);
    const vm = parseScenario(
      scenario('{ kind: victoriametrics, managed: true }', 'metrics', 'otlp-http'),
      'p.yaml',
    );
    assert.equal(vm.target.pipeline, undefined);
  });

  test('a forwarding pipeline with a valid downstream resolves every field', () => {
    const s = parseScenario(
      scenario(
        '{ kind: collector, managed: true, pipeline: otlp-forward, downstream: { kind: loki, endpoint: "http://127.0.0.1:3100" } }',
        'logs',
        'otlp-http',
      ),
      'p.yaml',
    );
    assert.equal(s.target.pipeline, 'otlp-forward');
    assert.deepEqual(s.target.downstream, {
      kind: 'loki',
      managed: false,
      endpoint: 'http://127.0.0.1:3100',
    });
  });

  test('the pipeline must carry the signal; the error lists the pipelines that do', () => {
    const message = error(scenario('{ kind: collector, managed: true, pipeline: remote-write }'));
    assert.match(message, /target\.pipeline: "remote-write"/);
    assert.match(
      message,
      /carries metrics only; for signal traces use one of nop, batch, otlp-forward, tail-sampling, spanmetrics/,
    );
    assert.match(
      error(scenario('{ kind: collector, managed: true, pipeline: spanmetrics }', 'logs', 'otlp-http')),
      /carries traces only/,
    );
  });

  test('a pipeline only on a managed Collector', () => {
    assert.match(
      error(scenario('{ kind: victoriametrics, managed: true, pipeline: batch }', 'metrics', 'otlp-http')),
      /target\.pipeline: .*only a Collector has pipelines/,
    );
    assert.match(
      error(scenario('{ kind: collector, endpoint: "127.0.0.1:4317", pipeline: batch }')),
      /target\.pipeline: .*set target\.managed: true/,
    );
  });

  test('a forwarding pipeline or a managed vmagent needs a downstream, with an example', () => {
    assert.match(
      error(scenario('{ kind: collector, managed: true, pipeline: batch }')),
      /target\.downstream: missing: pipeline batch sends traces over otlp-grpc .*\(sink, collector, tempo, jaeger\), e\.g\. downstream: \{ kind: sink \}/,
    );
    assert.match(
      error(scenario('{ kind: vmagent, managed: true }', 'metrics', 'otlp-http')),
      /target\.downstream: missing: vmagent .*e\.g\. downstream: \{ kind: victoriametrics, managed: true \}/,
    );
  });

  test('nop and unmanaged first hops take no downstream', () => {
    assert.match(
      error(scenario('{ kind: collector, managed: true, downstream: { kind: sink } }')),
      /target\.downstream: .*pipeline nop sends nothing on/,
    );
    assert.match(
      error(
        scenario(
          '{ kind: victoriametrics, managed: true, downstream: { kind: sink } }',
          'metrics',
          'otlp-http',
        ),
      ),
      /target\.downstream: .*only a managed collector .* or a managed vmagent/,
    );
  });

  test('the downstream kind must fit how the pipeline sends; the error lists what is allowed', () => {
    assert.match(
      error(
        scenario(
          '{ kind: collector, managed: true, pipeline: batch, downstream: { kind: victoriametrics, managed: true } }',
        ),
      ),
      /target\.downstream\.kind: "victoriametrics" .*must be one of sink, collector, tempo/,
    );
    assert.match(
      error(
        scenario(
          '{ kind: collector, managed: true, pipeline: remote-write, downstream: { kind: victorialogs, managed: true } }',
          'metrics',
          'otlp-http',
        ),
      ),
      /must be one of victoriametrics, prometheus, sink/,
    );
  });

  test('Tempo and Loki are external only; managed backends and the sink take no endpoint', () => {
    assert.match(
      error(
        scenario(
          '{ kind: collector, managed: true, pipeline: batch, downstream: { kind: tempo, managed: true } }',
        ),
      ),
      /target\.downstream\.managed: .*AGPL.*set downstream\.endpoint/,
    );
    assert.match(
      error(scenario('{ kind: collector, managed: true, pipeline: batch, downstream: { kind: tempo } }')),
      /target\.downstream\.endpoint: missing: tempo runs outside obsbench/,
    );
    assert.match(
      error(
        scenario(
          '{ kind: collector, managed: true, pipeline: batch, downstream: { kind: sink, endpoint: "127.0.0.1:4317" } }',
        ),
      ),
      /target\.downstream\.endpoint: .*remove endpoint/,
    );
    assert.match(
      error(
        scenario(
          '{ kind: vmagent, managed: true, downstream: { kind: victoriametrics } }',
          'metrics',
          'prometheus-remote-write',
        ),
      ),
      /target\.downstream\.endpoint: missing: set downstream\.managed: true .* or downstream\.endpoint/,
    );
  });

  test('a downstream endpoint follows the loopback rule and the form of its protocol', () => {
    const tempo = (endpoint: string, extra = '') =>
      scenario(
        `{ kind: collector, managed: true, pipeline: batch, downstream: { kind: tempo, endpoint: "${endpoint}" }${extra} }`,
      );
    assert.match(
      error(tempo('10.1.2.3:4317')),
      /10\.1\.2\.3 is not a loopback address; set target\.allowNonLoopback: true/,
    );
    assert.equal(
      parseScenario(tempo('10.1.2.3:4317', ', allowNonLoopback: true'), 'p.yaml').target.downstream?.endpoint,
      '10.1.2.3:4317',
    );
    assert.match(
      error(tempo('http://127.0.0.1:4317/v1/traces')),
      /target\.downstream\.endpoint: .*host:port/,
    );
  });

  test('every pipeline has a template-backed definition and a downstream kind for each of its signals', () => {
    for (const name of COLLECTOR_PIPELINES) {
      const definition = PIPELINES[name];
      assert.ok(definition.signals.length > 0, name);
      if (definition.downstreamProtocol === null) continue;
      for (const signal of definition.signals) {
        assert.ok(downstreamKinds(definition.downstreamProtocol, signal).length > 0, `${name} ${signal}`);
      }
    }
  });
});
