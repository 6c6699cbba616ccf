import assert from 'node:assert/strict';
import { test } from 'node:test';
import { sumMetric } from '../../../src/probes/prometheus-text.js';

const TEXT = `# HELP vm_rows_inserted_total rows
# TYPE vm_rows_inserted_total counter
vm_rows_inserted_total{type="opentelemetry"} 1200
vm_rows_inserted_total{type="promremotewrite"} 30
vm_rows_inserted_total{type="influx",note="a \\"quoted\\" b"} 5
otelcol_receiver_accepted_spans{receiver="otlp",transport="grpc"} 7 1700000000000
up 1
`;

test('sums a metric over its samples, filtered by labels', () => {
  assert.equal(sumMetric(TEXT, { name: 'vm_rows_inserted_total' }), 1235);
  assert.equal(sumMetric(TEXT, { name: 'vm_rows_inserted_total', labels: { type: 'opentelemetry' } }), 1200);
  assert.equal(sumMetric(TEXT, { name: 'vm_rows_inserted_total', labels: { note: 'a \\"quoted\\" b' } }), 5);
});

test('matches with or without _total and ignores timestamps', () => {
  assert.equal(sumMetric(TEXT, { name: 'vm_rows_inserted' }), 1235);
  assert.equal(sumMetric(TEXT, { name: 'otelcol_receiver_accepted_spans_total' }), 7);
  assert.equal(sumMetric(TEXT, { name: 'up' }), 1);
});

test('an absent metric or label set is null, not 0', () => {
  assert.equal(sumMetric(TEXT, { name: 'nope' }), null);
  assert.equal(sumMetric(TEXT, { name: 'vm_rows_inserted_total', labels: { type: 'x' } }), null);
});
