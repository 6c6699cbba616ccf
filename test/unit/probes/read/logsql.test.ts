import assert from 'node:assert/strict';
import { test } from 'node:test';
import { countsByKey, isoMicros, parseJsonLines, timeFilter } from '../../../../src/probes/read/logsql.js';
import { canaryLine, countQuery, logsqlQueries } from '../../../../src/targets/victorialogs-read.js';

const window = { fromUs: 1_700_000_000_123_456, toUs: 1_700_000_002_000_007 };

test('isoMicros keeps microseconds', () => {
  assert.equal(isoMicros(1_700_000_000_123_456), '2023-11-14T22:13:20.123456Z');
  assert.equal(isoMicros(1_700_000_000_000_007), '2023-11-14T22:13:20.000007Z');
});

test('timeFilter includes both ends of the window', () => {
  assert.equal(timeFilter(window), '_time:[2023-11-14T22:13:20.123456Z, 2023-11-14T22:13:22.000007Z]');
});

test('the count query groups by stream and leaves canaries out', () => {
  assert.equal(
    countQuery(window),
    '_time:[2023-11-14T22:13:20.123456Z, 2023-11-14T22:13:22.000007Z] NOT obsbench_canary:* | stats by (_stream) count() as n',
  );
});

test('stats rows parse into per-stream counts and a total', () => {
  const text = '{"_stream":"{a=\\"1\\"}","n":"167"}\n{"_stream":"{a=\\"2\\"}","n":"33"}\n\n';
  const { total, byGroup } = countsByKey(parseJsonLines(text, 'x'), '_stream', 'x');
  assert.equal(total, 200);
  assert.deepEqual(byGroup, { '{a="1"}': 167, '{a="2"}': 33 });
  assert.throws(
    () => parseJsonLines('{"n":"1"}\nnot json', 'per stream'),
    /per stream: not a JSON line: not json/,
  );
  assert.throws(() => countsByKey([{ _stream: 's' }], '_stream', 'per stream'), /row without a count/);
});

test('logsqlQueries cover search, field filter, stats and hits within the window', () => {
  const specs = logsqlQueries(window);
  assert.deepEqual(
    specs.map((s) => s.name),
    ['word_search', 'field_filter', 'stats_by_service', 'hits'],
  );
  for (const spec of specs.slice(0, 3)) {
    assert.ok(
      new URL(spec.path, 'http://x').searchParams.get('query')?.startsWith(timeFilter(window)),
      spec.path,
    );
  }
  const hits = new URL(specs[3].path, 'http://x').searchParams;
  assert.equal(hits.get('step'), '1s');
  assert.equal(hits.get('start'), isoMicros(window.fromUs));
});

test('canaryLine is one JSON line in the canary stream of the run, seq as a field', () => {
  const line = canaryLine('1700000000000000', 5, 1_700_000_000_000_001);
  assert.ok(line.endsWith('\n'));
  assert.deepEqual(JSON.parse(line), {
    _msg: 'obsbench canary 5',
    _time: '1700000000000001',
    obsbench_canary: '1700000000000000',
    seq: '5',
  });
});
