import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ObsbenchError } from '../../../src/errors.js';
import type { ShardSpec } from '../../../src/model/shard.js';
import { checkShardable } from '../../../src/run/shard-rules.js';
import { parseScenario } from '../../../src/scenario/index.js';

const SHARD: ShardSpec = { index: 0, count: 4, runId: 'r', startAtEpochMs: 0 };

function scenario(yaml: string) {
  const load = yaml.includes('load:') ? '' : '\nload: { rate: 1000, duration: 1s }';
  return parseScenario(`name: s\n${yaml}${load}`, 's.yaml');
}

function refusedWith(yaml: string, pattern: RegExp, shard = SHARD): void {
  assert.throws(
    () => checkShardable([scenario(yaml)], shard),
    (error: unknown) => error instanceof ObsbenchError && error.exitCode === 2 && pattern.test(error.message),
  );
}

const EXTERNAL_SINK = 'target: { kind: sink, endpoint: "http://127.0.0.1:4318" }';

test('a shard sends to an endpoint every shard shares', () => {
  checkShardable([scenario(`signal: traces\n${EXTERNAL_SINK}`)], SHARD);
  refusedWith(
    'signal: traces',
    /target\.endpoint: shards must send to one backend they share.*obsbench sink/,
  );
  refusedWith(
    'signal: metrics\nprotocol: prometheus-remote-write\ntarget: { kind: victoriametrics, managed: true }',
    /target\.managed: every shard would start a backend of its own/,
  );
});

test('every worker of every shard owns a series or stream of its own', () => {
  checkShardable([scenario(`signal: metrics\nshape: { series: 4 }\n${EXTERNAL_SINK}`)], SHARD);
  refusedWith(
    `signal: metrics\nshape: { series: 7 }\n${EXTERNAL_SINK}\nload: { rate: 1000, duration: 1s, workers: 2 }`,
    /shape\.series: 7 is fewer than the 8 workers of all shards/,
  );
  refusedWith(
    `signal: logs\nshape: { streams: 3 }\n${EXTERNAL_SINK}`,
    /shape\.streams: 3 is fewer than the 4 workers/,
  );
});

test('a shard runs one scenario once', () => {
  refusedWith(`signal: traces\nrepeat: 3\n${EXTERNAL_SINK}`, /a shard runs one scenario once/);
  assert.throws(
    () =>
      checkShardable(
        [scenario(`signal: traces\n${EXTERNAL_SINK}`), scenario(`signal: logs\n${EXTERNAL_SINK}`)],
        SHARD,
      ),
    /a shard runs one scenario once/,
  );
});
