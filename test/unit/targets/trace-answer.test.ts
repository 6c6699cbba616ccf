// Trace-by-ID answers in the forms Tempo and Jaeger document, and the Tempo read probe's request
// and response handling for them (fetch stubbed: Tempo is AGPL and never built here).
//   Tempo  GET /api/traces/<id>     OTLP JSON {batches: [ResourceSpans]}, base64 IDs; or protobuf
//                                   tempopb.Trace (resourceSpans = field 1) with Accept: application/protobuf
//   Tempo  GET /api/v2/traces/<id>  {trace: {resourceSpans}}
//   Jaeger GET /api/v3/traces/<id>  {result: {resourceSpans}}, hex IDs
//   Tempo  GET /api/search          {traces: [{traceID, rootServiceName, spanSet(s): [{spans, matched}]}]}

import assert from 'node:assert/strict';
import { afterEach, test } from 'node:test';
import { ProtobufTraceSerializer } from '@opentelemetry/otlp-transformer';
import { toReadableSpans } from '../../../bench/encoders-reference.js';
import { createGenerator, DEFAULT_TRACE_SHAPE } from '../../../src/generators/index.js';
import { spansInSearch, tempoRead } from '../../../src/targets/tempo-read.js';
import {
  spansInJsonTrace,
  spansInProtoTrace,
  spansInTraceAnswer,
} from '../../../src/targets/trace-answer.js';

const span = (spanId: string, name: string) => ({
  traceId: 'AAAAAAAAAABguiq7RPE+rg==',
  spanId,
  name,
  kind: 'SPAN_KIND_SERVER',
  startTimeUnixNano: '1700000000000000000',
  endTimeUnixNano: '1700000000100000000',
});

/** /api/traces/<id> as Tempo documents it: tempopb.Trace in OTLP JSON, resource spans under "batches". */
const TEMPO_V1_JSON = {
  batches: [
    {
      resource: { attributes: [{ key: 'service.name', value: { stringValue: 'frontend' } }] },
      scopeSpans: [
        { scope: { name: 'tracer' }, spans: [span('cmteMBAvwNA=', 'GET /'), span('Ai8aGEkGiPk=', 'SELECT')] },
      ],
    },
    {
      resource: { attributes: [{ key: 'service.name', value: { stringValue: 'cart' } }] },
      scopeSpans: [{ scope: { name: 'tracer' }, spans: [span('Zm9vYmFyMTI=', 'AddItem')] }],
    },
  ],
};

test('JSON answers: Tempo v1 (batches), Tempo v2 (trace.resourceSpans), Jaeger v3 (result), older instrumentationLibrarySpans', () => {
  assert.equal(spansInJsonTrace(TEMPO_V1_JSON), 3);
  assert.equal(spansInJsonTrace({ trace: { resourceSpans: TEMPO_V1_JSON.batches } }), 3);
  assert.equal(spansInJsonTrace({ result: { resourceSpans: TEMPO_V1_JSON.batches } }), 3);
  assert.equal(
    spansInJsonTrace({ batches: [{ instrumentationLibrarySpans: [{ spans: [span('a', 'x')] }] }] }),
    1,
  );
  assert.equal(spansInJsonTrace({}), 0);
});

function protobufTrace(spans: number): Uint8Array {
  const generator = createGenerator(
    'traces',
    { ...DEFAULT_TRACE_SHAPE, spansPerTrace: spans },
    {
      seed: 5,
      workerIndex: 0,
      workerCount: 1,
      startTimeUnixUs: 1_790_000_000_000_000,
    },
  );
  // otlp-transformer's encoding of an ExportTraceServiceRequest: the same bytes as a tempopb.Trace.
  const bytes = ProtobufTraceSerializer.serializeRequest(
    toReadableSpans(generator.next(spans, 1_790_000_000_000_000)),
  );
  assert.ok(bytes);
  return bytes;
}

test('protobuf answer: spans of a tempopb.Trace, and the content type picks the decoder', () => {
  const bytes = protobufTrace(6);
  assert.equal(spansInProtoTrace(bytes), 6);
  assert.equal(spansInTraceAnswer(bytes, 'application/protobuf', 'u'), 6);
  const json = new TextEncoder().encode(JSON.stringify(TEMPO_V1_JSON));
  assert.equal(spansInTraceAnswer(json, 'application/json', 'u'), 3);
  assert.throws(
    () => spansInTraceAnswer(new TextEncoder().encode('<html>'), 'text/html', 'http://t/api/traces/x'),
    /http:\/\/t\/api\/traces\/x.*neither protobuf nor JSON/,
  );
});

const realFetch = globalThis.fetch;
afterEach(() => {
  globalThis.fetch = realFetch;
});

/** Answers every fetch with `respond(url, headers)`, recording the requests. */
function stubFetch(respond: (url: string) => Response): { url: string; accept: string | null }[] {
  const requests: { url: string; accept: string | null }[] = [];
  globalThis.fetch = (async (input: string | URL | Request, init?: RequestInit) => {
    const url = String(input);
    requests.push({ url, accept: new Headers(init?.headers).get('accept') });
    return respond(url);
  }) as typeof fetch;
  return requests;
}

const ctx = {
  baseUrl: 'http://127.0.0.1:3200',
  signal: 'traces',
  shape: {},
  seed: 1,
  fromUs: 0,
  toUs: 1,
  requestTimeoutMs: 1000,
} as never;
const TRACE_ID = '0000000000000000603a2abb44f13eae';

test('Tempo read probe: trace by ID asks /api/traces/<id> for protobuf, reads protobuf or JSON, 404 is not found', async () => {
  const spansOfTrace = tempoRead.spansOfTrace;
  assert.ok(spansOfTrace);
  const proto = protobufTrace(4);
  const requests = stubFetch(
    () => new Response(proto, { status: 200, headers: { 'content-type': 'application/protobuf' } }),
  );
  assert.equal(await spansOfTrace(ctx, TRACE_ID), 4);
  assert.deepEqual(requests, [
    { url: `http://127.0.0.1:3200/api/traces/${TRACE_ID}`, accept: 'application/protobuf' },
  ]);

  // A Tempo that answers JSON whatever was asked.
  stubFetch(() => Response.json(TEMPO_V1_JSON));
  assert.equal(await spansOfTrace(ctx, TRACE_ID), 3);

  stubFetch(() => new Response('trace not found', { status: 404 }));
  assert.equal(await spansOfTrace(ctx, TRACE_ID), null);

  stubFetch(() => new Response('upstream timeout', { status: 504 }));
  await assert.rejects(spansOfTrace(ctx, TRACE_ID), /HTTP 504: upstream timeout/);
});

test('Tempo read probe: completeness counts the matched spans of a documented /api/search answer', async () => {
  const search = {
    traces: [
      {
        traceID: '2f3e0cee77ae5dc9c17ade3689eb2e54',
        rootServiceName: 'shop-backend',
        rootTraceName: 'update-billing',
        startTimeUnixNano: '1684778327699392724',
        durationMs: 557,
        spanSets: [
          {
            spans: [
              {
                spanID: '563d623c76514f8e',
                startTimeUnixNano: '1684778327735077898',
                durationNanos: '446979497',
              },
            ],
            matched: 8,
          },
        ],
      },
      {
        traceID: '1f4e0cee77ae5dc9c17ade3689eb2e55',
        rootServiceName: 'shop-backend',
        spanSet: { spans: [], matched: 5 },
      },
    ],
    metrics: { inspectedBytes: '24', completedJobs: 1, totalJobs: 1 },
  };
  assert.deepEqual(spansInSearch(search), { traces: 2, spans: 13 });
  const requests = stubFetch(() => Response.json(search));
  const stored = await tempoRead.countStored({
    ...(ctx as object),
    fromUs: 1_700_000_000_000_000,
    toUs: 1_700_000_060_000_000,
  } as never);
  assert.equal(stored.total, 13);
  const url = new URL(requests[0].url);
  assert.equal(url.pathname, '/api/search');
  assert.equal(url.searchParams.get('q'), '{}');
  assert.equal(url.searchParams.get('start'), '1700000000');
  assert.equal(url.searchParams.get('end'), '1700000060');
});
