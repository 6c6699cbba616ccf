// biome-ignore-all lint/suspicious/noTemplateCurlyInString: the strings are config templates whose ${NAME} placeholders are the subject
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, test } from 'node:test';
import { parse } from 'yaml';
import { COLLECTOR_PIPELINES } from '../../../src/model/scenario.js';
import type { LaunchContext } from '../../../src/targets/backend.js';
import { collectorTarget } from '../../../src/targets/collector.js';
import {
  renderStackConfig,
  renderTemplate,
  stackConfigPath,
  templatePlaceholders,
} from '../../../src/targets/config-template.js';
import { PIPELINES, pipelineTemplate } from '../../../src/targets/pipelines.js';
import { prometheusTarget } from '../../../src/targets/prometheus.js';

// biome-ignore lint/suspicious/noExplicitAny: parsed YAML, walked by known keys; a wrong key fails the assertion
type Conf = any;

const ctx = (extra: Partial<LaunchContext> = {}): LaunchContext => ({
  dataDir: '/tmp/d',
  configDir: '/tmp/c',
  ports: { http: 4001, grpc: 4002, health: 4003, telemetry: 4004 },
  ...extra,
});
const DOWNSTREAM = {
  otlpGrpcEndpoint: '127.0.0.1:5001',
  otlpHttpBase: 'http://127.0.0.1:5002/insert/opentelemetry',
  remoteWriteUrl: 'http://127.0.0.1:5003/api/v1/write',
};

describe('renderTemplate', () => {
  test('fills every ${NAME}, numbers included, and leaves full-line comments alone', () => {
    const text = '# uses ${PORT}\nendpoint: 127.0.0.1:${PORT}\nhost: ${HOST} # ${PORT}\n';
    assert.equal(
      renderTemplate(text, { PORT: 9, HOST: 'h' }, 't.yaml'),
      '# uses ${PORT}\nendpoint: 127.0.0.1:9\nhost: h # 9\n',
    );
  });

  test('an unknown placeholder is an error naming the template, the line and the known names', () => {
    assert.throws(
      () => renderTemplate('a: 1\nb: ${PROT}\n', { PORT: 1, HOST: 'h' }, 'stack/x.yaml'),
      (e: Error & { code?: string }) =>
        e.code === 'E_TARGET' &&
        /stack\/x\.yaml:2: unknown placeholder \$\{PROT\}; known: HOST, PORT/.test(e.message),
    );
  });

  test('a missing template names its path', () => {
    assert.throws(
      () => renderStackConfig('collector/pipelines/none.yaml', {}),
      /stack\/collector\/pipelines\/none\.yaml cannot be read/,
    );
  });
});

describe('Collector pipeline templates', () => {
  for (const pipeline of COLLECTOR_PIPELINES) {
    test(`${pipeline}: renders to YAML with the run's ports and the downstream it sends to`, () => {
      const definition = PIPELINES[pipeline];
      const files = collectorTarget.configFiles?.(ctx({ pipeline, downstream: DOWNSTREAM })) ?? {};
      const text = files['otelcol.yaml'];
      assert.ok(!/^[^#]*\$\{/m.test(text), 'no placeholder left');
      const config = parse(text) as Conf;
      assert.equal(config.receivers.otlp.protocols.http.endpoint, '127.0.0.1:4001');
      assert.equal(config.receivers.otlp.protocols.grpc.endpoint, '127.0.0.1:4002');
      assert.equal(config.extensions.health_check.endpoint, '127.0.0.1:4003');
      assert.equal(config.service.telemetry.metrics.readers[0].pull.exporter.prometheus.port, 4004);
      assert.equal(config.service.telemetry.metrics.level, 'detailed', 'receiver counters need detailed');
      for (const signal of definition.signals) {
        assert.deepEqual(config.service.pipelines[signal].receivers, ['otlp'], `${signal} pipeline`);
      }
      const exporters = JSON.stringify(config.exporters);
      if (definition.downstreamProtocol === 'otlp-grpc') assert.match(exporters, /127\.0\.0\.1:5001/);
      if (definition.downstreamProtocol === 'otlp-http')
        assert.match(exporters, /5002\/insert\/opentelemetry/);
      if (definition.downstreamProtocol === 'prometheus-remote-write') {
        assert.match(exporters, /5003\/api\/v1\/write/);
        // One sample per point downstream: the exporter's extra target_info series is off.
        assert.equal(config.exporters['prometheusremotewrite/downstream'].target_info.enabled, false);
      }
      if (definition.downstreamProtocol === null) assert.deepEqual(Object.keys(config.exporters), ['nop']);
    });
  }

  test('placeholders are the env-style names docker-compose sets', () => {
    const known = new Set([
      'OTLP_HTTP_ENDPOINT',
      'OTLP_GRPC_ENDPOINT',
      'HEALTH_ENDPOINT',
      'TELEMETRY_HOST',
      'TELEMETRY_PORT',
      'DOWNSTREAM_OTLP_GRPC_ENDPOINT',
      'DOWNSTREAM_OTLP_HTTP_URL',
      'DOWNSTREAM_REMOTE_WRITE_URL',
    ]);
    for (const pipeline of COLLECTOR_PIPELINES) {
      const text = readFileSync(stackConfigPath(pipelineTemplate(pipeline)), 'utf8');
      for (const name of templatePlaceholders(text)) assert.ok(known.has(name), `${pipeline}: ${name}`);
    }
  });

  test('a forwarding pipeline launched without its downstream fails on the missing URL', () => {
    assert.throws(
      () => collectorTarget.configFiles?.(ctx({ pipeline: 'batch' })),
      /DOWNSTREAM_OTLP_GRPC_ENDPOINT/,
    );
  });

  test('without a pipeline the Collector gets nop, as before the templates', () => {
    const config = parse(collectorTarget.configFiles?.(ctx())['otelcol.yaml'] ?? '') as Conf;
    assert.deepEqual(config.service.pipelines.traces, { receivers: ['otlp'], exporters: ['nop'] });
  });
});

test('Prometheus reads stack/prometheus/prometheus.yml', () => {
  const config = parse(prometheusTarget.configFiles?.(ctx())['prometheus.yml'] ?? '') as Conf;
  assert.equal(config.global.scrape_interval, '1m');
});
