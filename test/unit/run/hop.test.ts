// Opening hops: the sink in-process, an external endpoint with and without readable counters, and
// the addresses a first hop is given for its downstream.

import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { test } from 'node:test';
import { downstreamUrls, endpointFor, openHop } from '../../../src/run/hop.js';

const base = { allowNonLoopback: false, cores: null, managed: false } as const;

test('the sink hop ingests every protocol at its own address and counts what it received', async () => {
  const hop = await openHop({ ...base, role: 'target', kind: 'sink', signal: 'logs', protocol: 'otlp-grpc' });
  try {
    assert.equal(hop.name, 'sink');
    assert.match(endpointFor(hop.urls, 'otlp-http'), /^http:\/\/127\.0\.0\.1:\d+$/);
    assert.match(endpointFor(hop.urls, 'otlp-grpc'), /^127\.0\.0\.1:\d+$/);
    assert.equal(endpointFor(hop.urls, 'prometheus-remote-write'), hop.urls.httpBase);
    assert.deepEqual(await hop.counts(), { accepted: 0, refused: 0 });
    assert.equal(hop.probe, null);
    assert.equal(hop.readBaseUrl, null);
    assert.equal(downstreamUrls(hop.urls).remoteWriteUrl, `${hop.urls.httpBase}/api/v1/write`);
  } finally {
    await hop.close();
  }
});

/** A fake endpoint: /metrics answers `metrics` (or 404 when null), everything else 200. */
async function endpoint(metrics: string | null): Promise<{ url: string; close(): void }> {
  const server = createServer((req, res) => {
    req.resume();
    if (req.url === '/metrics' && metrics === null) res.writeHead(404).end('no');
    else if (req.url === '/metrics') res.writeHead(200).end(metrics);
    else res.writeHead(200).end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, close: () => server.close() };
}

test('an external backend whose /metrics answers 404 has no counter, and the note names the URL', async () => {
  const e = await endpoint(null);
  try {
    const hop = await openHop({
      ...base,
      role: 'target',
      kind: 'collector',
      endpoint: e.url,
      signal: 'traces',
      protocol: 'otlp-http',
    });
    assert.equal(await hop.counts(), null);
    assert.match(hop.countsNote, new RegExp(`${e.url}/metrics.*HTTP 404`));
    assert.equal(hop.version, 'unknown');
  } finally {
    e.close();
  }
});

test('an external backend with counters reads them as deltas from when it was opened', async () => {
  let accepted = 100;
  const server = createServer((req, res) => {
    req.resume();
    res
      .writeHead(200)
      .end(`otelcol_receiver_accepted_spans_total{receiver="otlp",transport="http"} ${accepted}\n`);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  try {
    const hop = await openHop({
      ...base,
      role: 'target',
      kind: 'collector',
      endpoint: url,
      signal: 'traces',
      protocol: 'otlp-http',
    });
    accepted = 350;
    assert.equal((await hop.counts())?.accepted, 250);
    assert.equal(hop.countsNote, '');
    assert.equal(hop.readBaseUrl, url);
  } finally {
    server.close();
  }
});

test('a downstream given as host:port gets URLs a first hop can export to', async () => {
  const e = await endpoint(null);
  try {
    const hostPort = e.url.replace('http://', '');
    const hop = await openHop({
      ...base,
      role: 'downstream',
      kind: 'loki',
      endpoint: hostPort,
      signal: 'logs',
      protocol: 'otlp-http',
    });
    const urls = downstreamUrls(hop.urls);
    assert.equal(urls.otlpHttpBase, `${e.url}/otlp`);
    assert.equal(urls.otlpGrpcEndpoint, hostPort);
    assert.match(hop.countsNote, /no counter of loki/);
  } finally {
    e.close();
  }
});
