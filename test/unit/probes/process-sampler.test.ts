import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ProcessSampler } from '../../../src/probes/process-sampler.js';
import type { ProcessTreeReading } from '../../../src/probes/process-tree.js';

function sampler(readings: ProcessTreeReading[]): ProcessSampler {
  const queue = [...readings];
  const s = new ProcessSampler(1, 1000, () => queue.shift() ?? null);
  for (let i = 0; i < readings.length; i++) s.sample();
  return s;
}

const at = (s: number, cpuSeconds: number, rssMb: number, peakMb = rssMb): ProcessTreeReading => ({
  atEpochMs: 1_000_000 + s * 1000,
  cpuSeconds,
  rssBytes: rssMb << 20,
  peakRssBytes: peakMb << 20,
  processes: 1,
});

test('usage over a window: CPU delta, average cores, RSS average and peak (VmHWM included)', () => {
  const s = sampler([
    at(0, 10, 100),
    at(1, 10.5, 120),
    at(2, 11.5, 140, 300),
    at(3, 12, 100),
    at(10, 20, 100),
  ]);
  const u = s.usage(1_000_000, 1_003_000);
  assert.ok(u);
  assert.equal(u.cpuSeconds, 2);
  assert.equal(u.coresAvg, 2 / 3);
  assert.equal(u.rssAvgBytes, 115 << 20);
  assert.equal(u.rssMaxBytes, 300 << 20, 'a peak between readings shows through VmHWM');
  assert.equal(u.samples, 4);
  assert.equal(s.usage(1_020_000, 1_030_000), null, 'no readings inside');
});

test('per second: cores over each second and the RSS read in it', () => {
  const s = sampler([at(0, 0, 50), at(1, 0.25, 60), at(2, 1.25, 70)]);
  const points = s.perSecond(1_000_000, 3);
  assert.deepEqual(points[0], { cpuCores: 0.25, rssBytes: 60 << 20 });
  assert.deepEqual(points[1], { cpuCores: 1, rssBytes: 70 << 20 });
  assert.deepEqual(points[2], { cpuCores: null, rssBytes: null }, 'nothing read after the last reading');
});
