// stack/docker-compose.yaml cannot be run here (no Docker engine): parse it and check that each
// service runs the official image at the version stack/versions pins, and mounts config files
// that exist (the same files obsbench reads when it starts the backends itself).

import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { parse } from 'yaml';
import { COLLECTOR_PIPELINES } from '../../../src/model/scenario.js';
import { packageRoot } from '../../../src/package-root.js';
import { type BackendPin, loadStackVersions } from '../../../src/stack/versions.js';

const stackDir = join(packageRoot(), 'stack');
const compose = parse(readFileSync(join(stackDir, 'docker-compose.yaml'), 'utf8')) as {
  services: Record<string, { image: string; volumes?: string[]; environment?: Record<string, unknown> }>;
};
const pins = new Map(loadStackVersions(join(stackDir, 'versions')).backends.map((b) => [b.name, b]));

/** The release a pin builds: a pseudo-version vX.Y.Z-0.<time>-<hash> precedes release vX.Y.Z. */
function release(pin: BackendPin): string {
  return pin.version.replace(/-0\.\d{14}-[0-9a-f]{12}$/, '');
}
/** Prometheus' Go module v0.MMM.P is release v3.M.P; the build stamps it (x=...Version=3.14.0). */
function prometheusRelease(pin: BackendPin): string {
  const stamped = pin.ldflagsX.map((x) => /version\.Version=(.+)$/.exec(x)?.[1]).find((v) => v);
  assert.ok(stamped, 'prometheus pin stamps its release version');
  return `v${stamped}`;
}

const EXPECTED: Record<string, { pin: string; image: string; tag: (pin: BackendPin) => string }> = {
  victoriametrics: { pin: 'victoria-metrics', image: 'victoriametrics/victoria-metrics', tag: release },
  vmagent: { pin: 'vmagent', image: 'victoriametrics/vmagent', tag: release },
  victorialogs: { pin: 'victoria-logs', image: 'victoriametrics/victoria-logs', tag: release },
  prometheus: { pin: 'prometheus', image: 'prom/prometheus', tag: prometheusRelease },
  // Docker Hub tags of these images carry no leading v.
  collector: {
    pin: 'otelcol',
    image: 'otel/opentelemetry-collector-contrib',
    tag: (p) => release(p).slice(1),
  },
  tempo: { pin: 'tempo', image: 'grafana/tempo', tag: (p) => release(p).slice(1) },
  // Jaeger's v2 images are tagged 2.N; its Go module tags the same release v1.(63+N).
  jaeger: {
    pin: 'jaeger',
    image: 'jaegertracing/jaeger',
    tag: (p) => {
      const [, minor, patch] = release(p).slice(1).split('.').map(Number);
      return `2.${minor - 63}.${patch}`;
    },
  },
  loki: { pin: 'loki', image: 'grafana/loki', tag: (p) => release(p).slice(1) },
};

test('every backend in stack/versions has a compose service, and only those', () => {
  assert.deepEqual(Object.keys(compose.services).sort(), Object.keys(EXPECTED).sort());
  const pinned = [...pins.keys()].filter((name) => name !== 'telemetrygen').sort();
  assert.deepEqual(
    pinned,
    Object.values(EXPECTED)
      .map((e) => e.pin)
      .sort(),
  );
});

for (const [service, expected] of Object.entries(EXPECTED)) {
  test(`${service}: ${expected.image} at the pinned version, config mounts that exist`, () => {
    const pin = pins.get(expected.pin);
    assert.ok(pin, `stack/versions pins ${expected.pin}`);
    const spec = compose.services[service];
    assert.equal(spec.image, `${expected.image}:${expected.tag(pin)}`);
    for (const volume of spec.volumes ?? []) {
      const [source] = volume.split(':');
      if (!source.startsWith('.')) continue; // a named volume for data
      assert.ok(existsSync(join(stackDir, source)), `${service} mounts ${source}, which exists`);
    }
  });
}

test('the Collector service mounts the pipeline templates and sets every placeholder they use', () => {
  const collector = compose.services.collector;
  const environment = collector.environment ?? {};
  const volumes = collector.volumes ?? [];
  assert.ok(volumes.includes('./collector/pipelines:/etc/otelcol/pipelines:ro'));
  for (const pipeline of COLLECTOR_PIPELINES) {
    const text = readFileSync(join(stackDir, 'collector', 'pipelines', `${pipeline}.yaml`), 'utf8');
    const body = text
      .split('\n')
      .filter((line) => !line.trimStart().startsWith('#'))
      .join('\n');
    for (const match of body.matchAll(/\$\{([A-Z_]+)\}/g)) {
      assert.ok(Object.hasOwn(environment, match[1]), `${pipeline} uses ${match[1]}`);
    }
  }
});
