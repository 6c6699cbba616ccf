import assert from 'node:assert/strict';
import { test } from 'node:test';
import { shardSpecOf } from '../../../src/cli/shard-options.js';
import { ObsbenchError } from '../../../src/errors.js';

const START = '2026-12-02T10:00:00Z';
const START_MS = Date.parse(START);

function refusedWith(
  flags: Parameters<typeof shardSpecOf>[0],
  pattern: RegExp,
  env: NodeJS.ProcessEnv = {},
  nowEpochMs = START_MS - 60_000,
): void {
  assert.throws(
    () => shardSpecOf(flags, env, nowEpochMs),
    (error: unknown) => error instanceof ObsbenchError && error.exitCode === 2 && pattern.test(error.message),
  );
}

test('--shard I/N with --start-at: the shard, and a run id the shards agree on without being told', () => {
  assert.deepEqual(shardSpecOf({ shard: '2/4', startAt: START }, {}, START_MS), {
    index: 2,
    count: 4,
    runId: '20261202T100000Z',
    startAtEpochMs: START_MS,
  });
  assert.equal(
    shardSpecOf({ shard: '0/1', startAt: String(START_MS / 1000), runId: 'nightly-7' }, {}, START_MS)?.runId,
    'nightly-7',
  );
  assert.equal(shardSpecOf({}, {}), null);
});

test('--shards N takes the index from JOB_COMPLETION_INDEX, as a Kubernetes Indexed Job sets it', () => {
  const spec = shardSpecOf({ shards: '8', startAt: START }, { JOB_COMPLETION_INDEX: '5' }, START_MS);
  assert.equal(spec?.index, 5);
  assert.equal(spec?.count, 8);
  refusedWith({ shards: '8', startAt: START }, /JOB_COMPLETION_INDEX is not set.*--shard I\/8/);
  refusedWith({ shards: '8', startAt: START }, /JOB_COMPLETION_INDEX is "8"; it must be 0 to 7/, {
    JOB_COMPLETION_INDEX: '8',
  });
});

test('bad shard flags are refused naming the flag and the fix', () => {
  refusedWith({ shard: '4/4', startAt: START }, /^--shard: "4\/4" is not allowed: give I\/N with 0 <= I < N/);
  refusedWith({ shard: 'one/4', startAt: START }, /^--shard: /);
  refusedWith({ shard: '0/2', shards: '2', startAt: START }, /^--shard and --shards: give one/);
  refusedWith({ shard: '0/2' }, /^--start-at: required for a shard/);
  refusedWith({ shard: '0/2', startAt: 'tomorrow' }, /^--start-at: "tomorrow" is not allowed/);
  refusedWith({ shard: '0/2', startAt: '2026-12-02T10:00:00' }, /with its zone/);
  refusedWith({ shard: '0/2', startAt: START, runId: 'a b' }, /^--run-id: "a b" is not allowed/);
  refusedWith({ startAt: START }, /^--start-at: only for a shard/);
  refusedWith(
    { shard: '0/2', startAt: START },
    /^--start-at: 2026-12-02T10:00:00Z is more than 1 h ahead/,
    {},
    START_MS - 3_601_000,
  );
});
