// Jaeger's figures beside Tempo's claims: the median and interval over validate's repetitions
// (runs, or capacity searches), no verdict, and the Tempo claims themselves unchanged; shown in
// the Markdown, CSV and HTML reports and accepted back by the verdicts.json check.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { CapacityReport } from '../../../src/capacity/run-capacity.js';
import { CLAIMS, type ClaimRun, PEER_FIGURES } from '../../../src/claims/catalog.js';
import type { RunOutcome } from '../../../src/claims/evaluate.js';
import { withPeers } from '../../../src/claims/peers.js';
import {
  evaluateValidateClaims,
  type SearchOutcome,
  saturationSearches,
  searchKey,
} from '../../../src/claims/saturation.js';
import { checkVerdicts } from '../../../src/claims/verdicts-file.js';
import { renderHtmlReport } from '../../../src/reporters/html/report.js';
import { formatVerdictsCsv } from '../../../src/reporters/verdicts-csv.js';
import { formatVerdictsMarkdown } from '../../../src/reporters/verdicts-md.js';
import { makeRunResult } from '../reporters/fixture.js';
import { capacityFixture, capacityStep } from '../reporters/html-helpers.js';

const JAEGER = { run: 'jaeger-traces' as const, cpuLimitCores: null };

function jaegerRun(p99Ms: number, bytesPerSpan: number): Map<ClaimRun, RunOutcome> {
  const r = makeRunResult();
  r.load.itemsAccepted = r.load.itemsSent;
  r.downstream = undefined;
  r.backend.bytesPerItem = bytesPerSpan;
  r.backend.compressionRatio = 1000 / bytesPerSpan;
  r.read.queries = {
    trace_by_id: {
      count: 20,
      p50: p99Ms / 2,
      p90: p99Ms,
      p99: p99Ms,
      p999: p99Ms,
      max: p99Ms,
      mean: p99Ms,
      hdrBase64: '',
    },
  };
  return new Map([['jaeger-traces', { result: r }]]);
}

function converged(best: number): SearchOutcome {
  const report: CapacityReport = {
    ...capacityFixture([capacityStep(best, true), capacityStep(Math.round(best * 1.1), false)]),
    maxSustainableRatePerS: best,
  };
  return { report };
}

const repeats = [jaegerRun(20, 500), jaegerRun(30, 400), jaegerRun(25, 450)];
const searches = new Map([[searchKey(JAEGER), [5800, 6000, 6200].map(converged)]]);

function verdicts() {
  return withPeers(evaluateValidateClaims(CLAIMS, repeats, searches), PEER_FIGURES, repeats, searches);
}

test('validate searches Jaeger on one core for its peer figure, besides the claims searches', () => {
  assert.deepEqual(saturationSearches(CLAIMS, PEER_FIGURES).at(-1), JAEGER);
  assert.equal(
    saturationSearches(CLAIMS).some((s) => s.run === 'jaeger-traces'),
    false,
  );
});

test("peer rows beside each tempo.* claim: medians with intervals, no verdict; Tempo's verdicts unchanged", () => {
  const byId = new Map(verdicts().map((v) => [v.id, v]));
  for (const id of ['tempo.ingest', 'tempo.query_by_id', 'tempo.cost', 'tempo.compression']) {
    const v = byId.get(id);
    assert.equal(v?.verdict, 'inconclusive', id);
    assert.match(v.reason, /AGPL/);
    assert.equal(v.peers?.length, 1, id);
    assert.match(v.peers[0].note, /not a verdict on Tempo/);
  }
  const ingest = byId.get('tempo.ingest')?.peers?.[0];
  assert.equal(ingest?.measured, 6000);
  assert.deepEqual([ingest.interval?.low, ingest.interval?.high, ingest.interval?.n], [5800, 6200, 3]);
  assert.match(ingest.note, /^capacity search, 1 pinned core; /);
  assert.equal(byId.get('tempo.query_by_id')?.peers?.[0].measured, 25);
  assert.equal(byId.get('tempo.cost')?.peers?.[0].measured, 450);
  assert.equal(byId.get('tempo.compression')?.peers?.[0].unit, 'raw OTLP bytes / disk bytes');
  // Claims that are measured here carry no peers.
  assert.equal(byId.get('vm.compression')?.peers, undefined);
});

test('a peer not measured says why, and a harness-limited search counts for nothing', () => {
  const limited: SearchOutcome = {
    report: {
      ...capacityFixture([capacityStep(9000, true)]),
      stoppedBy: 'harness-limited',
      maxSustainableRatePerS: 9000,
      conclusion: 'the harness reached its own limit',
    },
  };
  const failed = new Map<ClaimRun, RunOutcome>([['jaeger-traces', { error: 'jaeger is not installed' }]]);
  const peers = withPeers(
    evaluateValidateClaims(CLAIMS, [failed], new Map([[searchKey(JAEGER), [limited]]])),
    PEER_FIGURES,
    [failed],
    new Map([[searchKey(JAEGER), [limited]]]),
  ).flatMap((v) => v.peers ?? []);
  const byId = new Map(peers.map((p) => [p.id, p]));
  assert.equal(byId.get('jaeger.ingest_per_core')?.measured, null);
  assert.match(
    byId.get('jaeger.ingest_per_core')?.note ?? '',
    /0 of 1 searches measured it \(the harness was the limit/,
  );
  assert.equal(byId.get('jaeger.query_by_id')?.measured, null);
  assert.match(byId.get('jaeger.query_by_id')?.note ?? '', /jaeger is not installed/);
});

test('reports show peer rows under their claim, marked peer; verdicts.json with peers reads back', () => {
  const all = verdicts();
  const md = formatVerdictsMarkdown(all);
  assert.match(
    md,
    /\| tempo\.ingest: 100K\+ spans\/s \|[^\n]*\n\| ↳ peer jaeger\.ingest_per_core: [^|]* \| - \| 6000 spans\/s per core \| \[5800, 6200\][^\n]*\*\*peer\*\* \(no verdict\)/,
  );
  const csv = formatVerdictsCsv(all).split('\n');
  const peerLine = csv.find((l) => l.startsWith('jaeger.query_by_id,'));
  assert.ok(peerLine, 'a CSV row per peer');
  assert.match(peerLine, /,peer,/);
  assert.match(peerLine, /,tempo\.query_by_id$/);
  const html = renderHtmlReport([{ kind: 'validate', verdicts: all }]);
  assert.match(html, /↳ peer: Jaeger v2 \(Badger\): highest sustained spans\/s/);
  assert.equal(checkVerdicts('verdicts.json', JSON.parse(JSON.stringify(all))).length, CLAIMS.length);
  const broken = JSON.parse(JSON.stringify(all));
  broken[0].peers[0].measured = 'fast';
  assert.throws(() => checkVerdicts('verdicts.json', broken), /\[0\]\.peers\[0\]: measured is "fast"/);
});
