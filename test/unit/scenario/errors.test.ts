import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { ObsbenchError } from '../../../src/errors.js';
import { parseScenario } from '../../../src/scenario/index.js';

const FILE = 'scenarios/x.yaml';
const BASE = 'name: x\nsignal: traces\n';

/** Parse, expect failure, and return the message after checking it is one line naming the file. */
function errorOf(text: string, code = 'E_SCENARIO_INVALID'): string {
  try {
    parseScenario(text, FILE);
  } catch (error) {
    assert.ok(error instanceof ObsbenchError, `not an ObsbenchError: ${String(error)}`);
    assert.equal(error.code, code, error.message);
    assert.ok(!/[\r\n]/.test(error.message), `multi-line message: ${error.message}`);
    assert.ok(error.message.startsWith(FILE), error.message);
    return error.message;
  }
  assert.fail('parseScenario accepted invalid input');
}

describe('one-line errors naming file, field path, value and fix', () => {
  test('malformed YAML gives line:col', () => {
    assert.match(
      errorOf(`${BASE}  load: { rate: 5 }\n`, 'E_SCENARIO_YAML'),
      /^scenarios\/x\.yaml:2:9: YAML syntax error: Nested mappings are not allowed in compact mappings$/,
    );
    assert.match(
      errorOf('name: x\nsignal: [traces\n', 'E_SCENARIO_YAML'),
      /^scenarios\/x\.yaml:\d+:\d+: YAML syntax error: /,
    );
    assert.match(
      errorOf('name: a\nname: b\n', 'E_SCENARIO_YAML'),
      /^scenarios\/x\.yaml:2:1: YAML syntax error: Map keys must be unique/,
    );
    assert.match(
      errorOf('a: 1\n---\nb: 2\n', 'E_SCENARIO_YAML'),
      /:2:1: YAML syntax error: the file holds more than one YAML document/,
    );
  });

  test('unknown field with a did-you-mean suggestion', () => {
    assert.equal(
      errorOf(`${BASE}load: { rte: 5 }\n`),
      'scenarios/x.yaml: load.rte: unknown field (did you mean "rate"?)',
    );
    assert.equal(
      errorOf('nmae: x\nsignal: traces\nload: { rate: 5 }\n'),
      'scenarios/x.yaml: nmae: unknown field (did you mean "name"?) (+1 more problem)',
    );
    assert.match(
      errorOf(`${BASE}load: { rate: 5 }\nshape: { spansPerTrase: 3 }\n`),
      /shape\.spansPerTrase: unknown field \(did you mean "spansPerTrace"\?\)/,
    );
  });

  test('unknown field with no close match lists the allowed fields', () => {
    assert.match(
      errorOf(`${BASE}load: { rate: 5, zzzzzz: 1 }\n`),
      /load\.zzzzzz: unknown field; allowed fields: executor, rate, duration/,
    );
  });

  test('a field at the wrong level says where it belongs', () => {
    assert.equal(
      errorOf(`${BASE}rate: 5\nload: { rate: 5 }\n`),
      'scenarios/x.yaml: rate: unknown field here (it belongs under load: load.rate)',
    );
  });

  test('wrong type', () => {
    assert.equal(
      errorOf(`${BASE}load: { rate: fast }\n`),
      'scenarios/x.yaml: load.rate: "fast" is not allowed: must be a number > 0 and <= 100000000 (items per second; constant-arrival-rate)',
    );
    assert.match(
      errorOf(`${BASE}load: { rate: 5, batchSize: 1.5 }\n`),
      /load\.batchSize: 1\.5 is not allowed: must be an integer from 1 to 100000/,
    );
    assert.match(
      errorOf(`${BASE}load: 5\n`),
      /load: 5 is not allowed: must be a mapping \(the load profile\)/,
    );
    assert.match(
      errorOf(`${BASE}load: { rate: 5 }\nexpect: "p99LatencyMs < 5"\n`),
      /expect: "p99LatencyMs < 5" is not allowed: must be a list/,
    );
    assert.match(
      errorOf(`${BASE}load: { rate: 5 }\ntarget: 5\n`),
      /target: 5 is not allowed: must be a target kind \(sink, tempo/,
    );
  });

  test('negative rate', () => {
    assert.equal(
      errorOf(`${BASE}load: { rate: -5 }\n`),
      'scenarios/x.yaml: load.rate: -5 is not allowed: must be a number > 0 and <= 100000000 (items per second; constant-arrival-rate)',
    );
  });

  test('missing fields', () => {
    assert.equal(
      errorOf(`${BASE}load: { duration: 10s }\n`),
      'scenarios/x.yaml: load.rate: missing: constant-arrival-rate needs the rate to send at, in items per second, e.g. rate: 10000',
    );
    assert.match(
      errorOf(`${BASE}load: { executor: ramping-arrival-rate }\n`),
      /load\.stages: missing: ramping-arrival-rate needs stages/,
    );
    assert.match(
      errorOf(`${BASE}load: { executor: steps }\n`),
      /load\.steps: missing: the steps executor needs steps/,
    );
    assert.match(
      errorOf('name: x\nload: { rate: 5 }\n'),
      /^scenarios\/x\.yaml: signal: missing: must be one of traces, metrics, logs/,
    );
    assert.match(
      errorOf('name: x\nsignal: traces\n'),
      /^scenarios\/x\.yaml: load: missing: must be a mapping/,
    );
    assert.match(errorOf(''), /the file is empty/);
    assert.match(
      errorOf(
        `${BASE}load: { executor: ramping-arrival-rate, stages: [{ duration: 1m, target: 5 }, { target: 3 }] }\n`,
      ),
      /load\.stages\[1\]\.duration: missing: must be a duration/,
    );
  });

  test('bad duration string', () => {
    assert.match(
      errorOf(`${BASE}load: { rate: 5, duration: 10 sec }\n`),
      /^scenarios\/x\.yaml: load\.duration: "10 sec" is not allowed: must be a duration like "30s", "2m", "1h30m", "500ms" or a number of seconds, > 0 and at most 24h/,
    );
    assert.match(errorOf(`${BASE}load: { rate: 5, duration: 0s }\n`), /load\.duration: "0s" is not allowed/);
    assert.match(
      errorOf(`${BASE}load: { rate: 5, duration: 25h }\n`),
      /load\.duration: "25h" is not allowed: .*at most 24h/,
    );
    assert.match(
      errorOf(`${BASE}load: { rate: 5, warmup: -1 }\n`),
      /load\.warmup: -1 is not allowed: .*>= 0/,
    );
  });

  test('bad threshold', () => {
    assert.match(
      errorOf(`${BASE}load: { rate: 5 }\nexpect: ["p99LatencyMs < 5", "p99Latency < 50"]\n`),
      /^scenarios\/x\.yaml: expect\[1\]: "p99Latency < 50" is not allowed: unknown metric "p99Latency" \(did you mean "p99LatencyMs"\?\); known metrics: p50LatencyMs, /,
    );
    assert.match(
      errorOf(`${BASE}load: { rate: 5 }\nexpect: ["p99LatencyMs is low"]\n`),
      /expect\[0\]: .* must look like "<metric> <op> <number>"/,
    );
  });

  test('json encoding with otlp-grpc, and compressions gRPC cannot send', () => {
    assert.equal(
      errorOf(`${BASE}protocol: otlp-grpc\nencoding: json\nload: { rate: 5 }\n`),
      'scenarios/x.yaml: encoding: "json" is not allowed: OTLP/gRPC carries protobuf only; remove encoding or set protocol: otlp-http',
    );
    assert.match(
      errorOf(`${BASE}protocol: otlp-grpc\ncompression: zstd\nload: { rate: 5 }\n`),
      /compression: "zstd" is not allowed: with protocol otlp-grpc compression must be none or gzip/,
    );
  });

  test('enum typos get a suggestion', () => {
    assert.match(
      errorOf('name: x\nsignal: trace\nload: { rate: 5 }\n'),
      /signal: "trace" is not allowed: .*\(did you mean "traces"\?\)/,
    );
    assert.match(
      errorOf(`${BASE}target: tempoo\nload: { rate: 5 }\n`),
      /target: "tempoo" is not allowed: .*\(did you mean "tempo"\?\)/,
    );
    assert.match(
      errorOf(`${BASE}target: { kind: lokki }\nload: { rate: 5 }\n`),
      /target\.kind: "lokki" is not allowed: .*\(did you mean "loki"\?\)/,
    );
    assert.match(
      errorOf(`${BASE}load: { executor: ramping, stages: [] }\n`),
      /load\.executor: "ramping" is not allowed/,
    );
  });

  test('endpoints: form per protocol, loopback unless allowed', () => {
    assert.match(
      errorOf(`${BASE}target: { kind: tempo, endpoint: "127.0.0.1:4318" }\nload: { rate: 5 }\n`),
      /target\.endpoint: "127\.0\.0\.1:4318" is not allowed: must be an http:\/\/ or https:\/\/ base URL/,
    );
    assert.match(
      errorOf(
        `${BASE}protocol: otlp-grpc\ntarget: { kind: tempo, endpoint: "localhost" }\nload: { rate: 5 }\n`,
      ),
      /must be host:port/,
    );
    assert.match(
      errorOf(
        `${BASE}protocol: otlp-grpc\ntarget: { kind: tempo, endpoint: "http://localhost:4317/v1" }\nload: { rate: 5 }\n`,
      ),
      /must be host:port/,
    );
    assert.match(
      errorOf(`${BASE}target: { kind: tempo, endpoint: "http://10.1.2.3:4318" }\nload: { rate: 5 }\n`),
      /target\.endpoint: "http:\/\/10\.1\.2\.3:4318" is not allowed: 10\.1\.2\.3 is not a loopback address; set target\.allowNonLoopback: true/,
    );
    const allowed = parseScenario(
      `${BASE}target: { kind: tempo, endpoint: "http://10.1.2.3:4318", allowNonLoopback: true }\nload: { rate: 5 }\n`,
      FILE,
    );
    assert.equal(allowed.target.endpoint, 'http://10.1.2.3:4318');
    for (const endpoint of ['localhost:4317', '127.0.0.2:4317', '[::1]:4317', 'http://127.0.0.1:4317']) {
      const grpc = parseScenario(
        `${BASE}protocol: otlp-grpc\ntarget: { kind: collector, endpoint: "${endpoint}" }\nload: { rate: 5 }\n`,
        FILE,
      );
      assert.equal(grpc.target.endpoint, endpoint);
    }
  });

  test('managed only for non-sink targets', () => {
    assert.match(
      errorOf(`${BASE}target: { kind: sink, managed: true }\nload: { rate: 5 }\n`),
      /target\.managed: true is not allowed: the sink runs inside obsbench/,
    );
  });

  test('fields the executor would ignore are errors, not silently dropped', () => {
    assert.match(
      errorOf(
        `${BASE}load: { executor: ramping-arrival-rate, rate: 5, stages: [{ duration: 1s, target: 5 }] }\n`,
      ),
      /load\.rate: not used by executor ramping-arrival-rate/,
    );
    assert.match(
      errorOf(`${BASE}load: { executor: steps, duration: 5s, steps: [{ duration: 1s, rate: 5 }] }\n`),
      /load\.duration: not used by executor steps; remove it \(the duration is the sum of the plan\)/,
    );
    assert.match(
      errorOf(`${BASE}load: { executor: max-throughput, maxInFlight: 5 }\n`),
      /load\.maxInFlight: not used by executor max-throughput; remove it \(use load\.concurrency/,
    );
    assert.match(
      errorOf(`${BASE}load: { rate: 5, concurrency: 5 }\n`),
      /load\.concurrency: not used by executor constant-arrival-rate/,
    );
  });

  test('plans: all-zero rates and over-long totals', () => {
    assert.match(
      errorOf(`${BASE}load: { executor: steps, steps: [{ duration: 1s, rate: 0 }] }\n`),
      /load\.steps: every rate in the steps is 0/,
    );
    assert.match(
      errorOf(
        `${BASE}load: { executor: steps, steps: [{ duration: 20h, rate: 1 }, { duration: 5h, rate: 1 }] }\n`,
      ),
      /load\.steps: the steps add up to 25h; a run may last at most 24h/,
    );
    assert.match(
      errorOf(`${BASE}load: { executor: steps, steps: [] }\n`),
      /load\.steps: \[\] is not allowed: must be a list of 1 to 1000/,
    );
  });

  test('upper bounds', () => {
    assert.match(
      errorOf(`${BASE}load: { rate: 5, batchSize: 100001 }\n`),
      /load\.batchSize: 100001 is not allowed: must be an integer from 1 to 100000 \(items per request\)/,
    );
    assert.match(errorOf(`${BASE}load: { rate: 1e9 }\n`), /load\.rate: 1000000000 is not allowed/);
    assert.match(
      errorOf(`${BASE}load: { rate: 5, bailOutErrorRate: 1.5 }\n`),
      /load\.bailOutErrorRate: 1\.5 is not allowed: must be a number from 0 to 1/,
    );
    assert.match(errorOf(`${BASE}load: { rate: .inf }\n`), /load\.rate: Infinity is not allowed/);
    assert.match(
      errorOf(`${BASE}seed: -1\nload: { rate: 5 }\n`),
      /seed: -1 is not allowed: must be an integer from 0 to 4294967295/,
    );
    assert.match(
      errorOf(`name: X Y\nsignal: traces\nload: { rate: 5 }\n`),
      /name: "X Y" is not allowed: must be lowercase letters/,
    );
  });

  test('shape ranges and cross-field rules', () => {
    assert.match(
      errorOf(`${BASE}load: { rate: 5 }\nshape: { errorRate: 2 }\n`),
      /shape\.errorRate: 2 is not allowed: must be a number from 0 to 1/,
    );
    assert.match(
      errorOf(`${BASE}load: { rate: 5 }\nshape: { services: 0 }\n`),
      /shape\.services: 0 is not allowed: must be an integer from 1/,
    );
    assert.match(
      errorOf(`${BASE}load: { rate: 5 }\nshape: { maxDepth: 10 }\n`),
      /shape\.maxDepth: 10 is not allowed: must be at most shape\.spansPerTrace \(8, the default\)/,
    );
    assert.match(
      errorOf('name: x\nsignal: metrics\nload: { rate: 5 }\nshape: { kinds: { gauge: 0 } }\n'),
      /shape\.kinds: \{"gauge":0,.*\} is not allowed: at least one weight must be > 0/,
    );
    assert.match(
      errorOf(`${BASE}load: { rate: 5 }\nshape: { series: 10 }\n`),
      /shape\.series: unknown field \(did you mean "services"\?\)/,
    );
    assert.match(
      errorOf(`${BASE}load: { rate: 5 }\nshape:\n`),
      /shape: null is not allowed: must be a mapping/,
    );
  });

  test('headers must be HTTP tokens with string values', () => {
    assert.match(
      errorOf(`${BASE}target: { kind: tempo, headers: { "a b": c } }\nload: { rate: 5 }\n`),
      /target\.headers\["a b"\]: "a b" is not allowed: header names must be HTTP tokens/,
    );
    assert.match(
      errorOf(`${BASE}target: { kind: tempo, headers: { a: 5 } }\nload: { rate: 5 }\n`),
      /target\.headers\.a: 5 is not allowed: header values must be strings/,
    );
  });

  test('a suite is not a scenario; a list is not a mapping', () => {
    assert.match(
      errorOf('kind: suite\nscenarios: [a.yaml]\n'),
      /kind: "suite" is not allowed: this file is a suite/,
    );
    assert.match(errorOf('- a\n'), /top level: \["a"\] is not allowed: must be a mapping \(a scenario\)/);
  });

  test('keys with line breaks and huge values stay on one line', () => {
    const message = errorOf(`"a\\nb": 1\n${BASE}load: { rate: 5 }\n`);
    assert.match(message, /\["a\\nb"\]: unknown field/);
    const long = errorOf(`${BASE}load: { rate: "${'x'.repeat(5000)}" }\n`);
    assert.ok(long.length < 400, long);
  });

  test('YAML alias bombs are refused', () => {
    const bomb = ['a: &a [x, x, x, x, x, x, x, x, x]'];
    for (let i = 0; i < 9; i++)
      bomb.push(
        `${String.fromCharCode(98 + i)}: &${String.fromCharCode(98 + i)} [${Array(9)
          .fill(`*${String.fromCharCode(97 + i)}`)
          .join(', ')}]`,
      );
    assert.match(errorOf(`${bomb.join('\n')}\n`, 'E_SCENARIO_YAML'), /YAML error: .*alias/i);
  });
});
