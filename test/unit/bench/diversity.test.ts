import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  BACKEND_CASES,
  type BackendRunFigures,
  backendRows,
  backendScenarioYaml,
} from '../../../bench/diversity-backends.js';
import type { LogCountFigures, TraceCountFigures } from '../../../bench/diversity-counts.js';
import {
  countLogs,
  countTraces,
  type InProcessOptions,
  itemsLabel,
  logRows,
  traceRows,
} from '../../../bench/diversity-in-process.js';
import { ratioOf, withinTolerance } from '../../../bench/diversity-rule.js';
import { parseScenario } from '../../../src/scenario/parse.js';

/** Small enough for a unit test: a pool of 4 batches, windows of 2, 10 batches in all. */
const SMALL: InProcessOptions = {
  batchSize: 500,
  windowItems: 1000,
  totalItems: 5000,
  poolItems: 2000,
  ratePerS: 50_000,
};

test('ratioOf and withinTolerance: B / A to 4 decimals, met within ±5% inclusive', () => {
  assert.equal(ratioOf(200, 190), 0.95);
  assert.equal(ratioOf(3, 1), 0.3333);
  assert.equal(ratioOf(0, 1), null);
  assert.equal(ratioOf(null, 1), null);
  assert.equal(withinTolerance(0.95), true);
  assert.equal(withinTolerance(1.05), true);
  assert.equal(withinTolerance(0.9499), false);
  assert.equal(withinTolerance(null), false);
});

test('itemsLabel names item counts as the summary does', () => {
  assert.equal(itemsLabel(100_000), '100K');
  assert.equal(itemsLabel(1_000_000), '1M');
  assert.equal(itemsLabel(131_072), '131072');
});

test('templated traces: IDs unique across pool passes, every body new, windows up to the pool as diverse as fresh', () => {
  const fresh = countTraces('fresh', SMALL);
  const templates = countTraces('templates', SMALL);
  for (const f of [fresh, templates]) {
    assert.equal(f.spans, 5000);
    assert.equal(f.distinctSpanIds, 5000);
    assert.equal(f.distinctRootTraceIds, f.roots);
    assert.equal(f.distinctRequestBodies, 10);
    assert.equal(f.attributesPerWindow.length, 5);
  }
  // The pool is the generator's first 2000 spans: the first window is the same data.
  assert.equal(templates.attributesPerWindow[0], fresh.attributesPerWindow[0]);
  // Past the pool, values repeat: fewer distinct over the whole stream.
  assert.ok(templates.distinctAttributes < fresh.distinctAttributes);
  const rows = traceRows(fresh, templates, SMALL);
  assert.deepEqual(
    rows.map((r) => r.met),
    [true, false, true, true, true],
  );
});

test('templated logs: times monotonic per stream across passes, bodies repeat only past the pool', () => {
  const fresh = countLogs('fresh', SMALL);
  const templates = countLogs('templates', SMALL);
  for (const f of [fresh, templates]) {
    assert.equal(f.records, 5000);
    assert.equal(f.timesNotIncreasing, 0);
    assert.equal(f.recordsWithoutTime, 0);
    assert.equal(f.distinctRequestBodies, 10);
    assert.deepEqual(f.bodiesPerWindow, [1000, 1000, 1000, 1000, 1000]);
  }
  assert.equal(fresh.distinctBodies, 5000);
  assert.equal(templates.distinctBodies, 2000);
  // Every line's request_id is new, in the pool's passes too.
  for (const f of [fresh, templates]) {
    assert.ok(f.recordsWithRequestId > 2000, `${f.recordsWithRequestId} lines with a request_id`);
    assert.equal(f.distinctRequestIds, f.recordsWithRequestId);
  }
  const rows = logRows(fresh, templates, SMALL);
  assert.deepEqual(
    rows.map((r) => [r.window, r.met]),
    [
      ['1K', true],
      ['5K', false],
      ['1K', true],
      ['5K', true],
      ['5K', true],
      ['5K', true],
      ['5K', true],
    ],
  );
});

const traces = (over: Partial<TraceCountFigures>): TraceCountFigures => ({
  requests: 10,
  distinctRequestBodies: 10,
  spans: 100,
  spansWithoutIds: 0,
  distinctSpanIds: 100,
  distinctTraceIds: 20,
  roots: 20,
  distinctRootTraceIds: 20,
  attributesPerWindow: [100, 96],
  distinctAttributes: 300,
  ...over,
});

test('trace rows: the lowest window is compared, and each ID and body rule judges the templated stream', () => {
  const rows = traceRows(
    traces({}),
    traces({
      attributesPerWindow: [100, 90],
      distinctSpanIds: 99,
      distinctRootTraceIds: 19,
      distinctRequestBodies: 9,
    }),
    SMALL,
  );
  assert.deepEqual(
    rows.map((r) => [r.fresh, r.templates, r.met]),
    [
      [96, 90, false],
      [300, 300, true],
      [100, 99, false],
      [0, 1, false],
      [10, 9, false],
    ],
  );
});

const logs = (over: Partial<LogCountFigures>): LogCountFigures => ({
  requests: 10,
  distinctRequestBodies: 10,
  records: 100,
  streams: 4,
  recordsWithoutTime: 0,
  timesNotIncreasing: 0,
  bodiesPerWindow: [50, 50],
  distinctBodies: 100,
  attributesPerWindow: [5, 5],
  distinctAttributes: 5,
  recordsWithRequestId: 60,
  distinctRequestIds: 60,
  ...over,
});

test('log rows: a request_id seen twice counts against unique request IDs', () => {
  const rows = logRows(logs({}), logs({ distinctRequestIds: 59 }), SMALL);
  const ids = rows.find((r) => r.figure.startsWith('log lines whose request_id'));
  assert.equal(ids?.fresh, 0);
  assert.equal(ids?.templates, 1);
  assert.equal(ids?.met, false);
});

test('log rows: a record without a time counts against monotonic times', () => {
  const rows = logRows(logs({}), logs({ recordsWithoutTime: 1 }), SMALL);
  const times = rows.find((r) => r.figure.startsWith('records whose time'));
  assert.equal(times?.templates, 1);
  assert.equal(times?.met, false);
});

const run = (
  label: string,
  bytesPerItem: number | null,
  compressionRatio: number | null,
): BackendRunFigures => ({
  backend: 'victorialogs',
  label,
  itemsAccepted: 1000,
  itemsFailed: 0,
  achievedRatePerS: 50_000,
  bytesPerItem,
  compressionRatio,
  rawBytesPerItem: 300,
  ownStorage: compressionRatio === null ? {} : { compressionRatio: compressionRatio * 2 },
  probeNote: '',
});

test('backend rows compare B with A per figure; a missing figure is not met', () => {
  const c = { backend: 'victorialogs', protocol: 'otlp-http', ownFigure: 'compressionRatio' } as const;
  const rows = backendRows(c, run('A', 20, 15), run('B', 20.8, null));
  assert.deepEqual(
    rows.map((r) => [r.figure, r.aValue, r.ratio, r.met]),
    [
      ['bytes on disk per item', 20, 1.04, true],
      ['compression ratio (raw / disk)', 15, null, false],
      ['own compressionRatio', 30, null, false],
    ],
  );
});

test('every backend scenario is a valid scenario for a managed backend, one worker, the pool as the case says', () => {
  for (const c of BACKEND_CASES) {
    for (const side of ['a', 'b'] as const) {
      const scenario = parseScenario(backendScenarioYaml(c, side), 'diversity.yaml');
      assert.equal(scenario.target.managed, true);
      assert.equal(scenario.load.workers, 1);
      assert.equal(scenario.load.batchSize, 1000);
      if (c.backend === 'victorialogs')
        assert.equal(scenario.load.templatePoolItems, side === 'a' ? 0 : 131_072);
    }
  }
});
