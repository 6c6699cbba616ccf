// Jaeger's target and read module without the binary: the config it is launched with, its
// counters in internal-telemetry text, and the API v3 requests and answers of the read path.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parse as parseYaml } from 'yaml';
import { jaegerTarget } from '../../../src/targets/jaeger.js';
import {
  jaegerQueries,
  jaegerSearchPath,
  jaegerTracePath,
  spanOfService,
  tracesInResponse,
} from '../../../src/targets/jaeger-read.js';
import { readProbeFor } from '../../../src/targets/read-registry.js';
import { backendTarget } from '../../../src/targets/registry.js';

const ports = { http: 4001, grpc: 4002, query: 4003, queryGrpc: 4004, health: 4005, telemetry: 4006 };
const ctx = { dataDir: '/tmp/run/data', configDir: '/tmp/run', ports };

test('jaeger is a backend with a read probe; it ingests traces over OTLP only', () => {
  assert.equal(backendTarget('jaeger'), jaegerTarget);
  assert.ok(readProbeFor('jaeger'));
  assert.equal(jaegerTarget.supports('traces', 'otlp-http'), true);
  assert.equal(jaegerTarget.supports('traces', 'otlp-grpc'), true);
  assert.equal(jaegerTarget.supports('metrics', 'otlp-http'), false);
  assert.equal(jaegerTarget.supports('logs', 'otlp-grpc'), false);
});

test("its config: Badger on the run's data dir, every listener on loopback at its port, no self-tracing", () => {
  const text = jaegerTarget.configFiles?.(ctx)['jaeger.yaml'] ?? '';
  const config = parseYaml(text);
  const badger = config.extensions.jaeger_storage.backends.store.badger;
  assert.equal(badger.ephemeral, false);
  assert.deepEqual(badger.directories, { keys: '/tmp/run/data/keys', values: '/tmp/run/data/values' });
  assert.equal(config.extensions.jaeger_query.enable_tracing, false);
  assert.equal(config.extensions.jaeger_query.http.endpoint, '127.0.0.1:4003');
  assert.equal(config.extensions.jaeger_query.grpc.endpoint, '127.0.0.1:4004');
  assert.equal(config.extensions.healthcheckv2.http.endpoint, '127.0.0.1:4005');
  assert.equal(config.receivers.otlp.protocols.http.endpoint, '127.0.0.1:4001');
  assert.equal(config.receivers.otlp.protocols.grpc.endpoint, '127.0.0.1:4002');
  assert.equal(config.service.telemetry.metrics.readers[0].pull.exporter.prometheus.port, 4006);
  assert.deepEqual(config.service.pipelines.traces, {
    receivers: ['otlp'],
    exporters: ['jaeger_storage_exporter'],
  });
  assert.equal(config.exporters.jaeger_storage_exporter.trace_storage, 'store');
  assert.equal(jaegerTarget.httpBaseUrl(ctx), 'http://127.0.0.1:4001');
  assert.equal(jaegerTarget.queryBaseUrl?.(ctx), 'http://127.0.0.1:4003');
  assert.equal(jaegerTarget.otlpGrpcEndpoint?.(ctx), '127.0.0.1:4002');
});

test('accepted and refused spans from its receiver counters', () => {
  const text = [
    'otelcol_receiver_accepted_spans_total{receiver="otlp",transport="http"} 700',
    'otelcol_receiver_accepted_spans_total{receiver="otlp",transport="grpc"} 300',
    'otelcol_receiver_refused_spans_total{receiver="otlp",transport="http"} 4',
    'otelcol_receiver_failed_spans_total{receiver="otlp",transport="grpc"} 1',
    'target_info{service_name="jaeger",service_version="v1.75.0"} 1',
  ].join('\n');
  assert.equal(jaegerTarget.acceptedItems(text, 'traces', 'otlp-http'), 1000);
  assert.equal(jaegerTarget.refusedItems(text, 'traces'), 5);
  assert.equal(jaegerTarget.version(text), 'v1.75.0');
  // Before its first span the counter is absent, but the telemetry page proves it exists.
  assert.equal(jaegerTarget.acceptedItems('target_info{service_name="jaeger"} 1', 'traces', 'otlp-http'), 0);
  assert.equal(jaegerTarget.acceptedItems('', 'traces', 'otlp-http'), null);
});

test('API v3: trace by ID and a search by service (and operation) over the window, times in RFC 3339 nanoseconds', () => {
  const window = { fromUs: 1_700_000_000_123_456, toUs: 1_700_000_002_000_000 };
  assert.equal(jaegerTracePath('ab12'), '/api/v3/traces/ab12');
  const search = new URL(jaegerSearchPath(window, 'cart', 20, 'GET /cart'), 'http://x');
  assert.equal(search.pathname, '/api/v3/traces');
  assert.equal(search.searchParams.get('query.service_name'), 'cart');
  assert.equal(search.searchParams.get('query.operation_name'), 'GET /cart');
  assert.equal(search.searchParams.get('query.start_time_min'), '2023-11-14T22:13:20.123456000Z');
  assert.equal(search.searchParams.get('query.start_time_max'), '2023-11-14T22:13:22.000000000Z');
  assert.equal(search.searchParams.get('query.num_traces'), '20');
  assert.deepEqual(
    jaegerQueries(window, 'ab12', 'cart', 'GET /cart').map((q) => q.name),
    ['trace_by_id', 'search_service', 'search_service_operation'],
  );
  assert.deepEqual(jaegerQueries(window, null, null, null), []);
});

test('an API v3 answer: spans counted per distinct trace, across resource and scope parts', () => {
  const answer = {
    result: {
      resourceSpans: [
        {
          scopeSpans: [
            {
              spans: [
                { traceId: 'a', spanId: '1' },
                { traceId: 'a', spanId: '2' },
              ],
            },
          ],
        },
        {
          scopeSpans: [
            { spans: [{ traceId: 'b', spanId: '3' }] },
            { spans: [{ traceId: 'a', spanId: '4' }] },
          ],
        },
      ],
    },
  };
  assert.deepEqual(
    [...tracesInResponse(answer)],
    [
      ['a', 3],
      ['b', 1],
    ],
  );
  assert.equal(tracesInResponse({}).size, 0);
});

test("the operation searched for is one the service itself wrote, not another service's in its traces", () => {
  const service = (name: string) => ({ attributes: [{ key: 'service.name', value: { stringValue: name } }] });
  const answer = {
    result: {
      resourceSpans: [
        {
          resource: service('frontend'),
          scopeSpans: [{ spans: [{ traceId: 't', spanId: '1', name: 'GET /' }] }],
        },
        {
          resource: service('cart'),
          scopeSpans: [{ spans: [{ traceId: 't', spanId: '2', name: 'AddItem' }] }],
        },
      ],
    },
  };
  assert.equal(spanOfService(answer, 'cart')?.name, 'AddItem');
  assert.equal(spanOfService(answer, 'frontend')?.name, 'GET /');
  assert.equal(spanOfService(answer, 'ads'), null);
});
