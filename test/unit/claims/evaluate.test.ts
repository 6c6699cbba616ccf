import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { CLAIM_RUNS, CLAIMS, type Claim, type ClaimRun } from '../../../src/claims/catalog.js';
import {
  evaluateClaim,
  evaluateClaimRepeats,
  evaluateClaims,
  type RunOutcome,
} from '../../../src/claims/evaluate.js';
import type { RunResult } from '../../../src/model/run-result.js';
import { packageRoot } from '../../../src/package-root.js';
import { formatVerdictsCsv } from '../../../src/reporters/verdicts-csv.js';
import { formatVerdictsMarkdown } from '../../../src/reporters/verdicts-md.js';
import { makeRunResult } from '../reporters/fixture.js';

function run(edit: (r: RunResult) => void): RunOutcome {
  const r = makeRunResult();
  // Every item landed, end to end: a run whose data did not is not measured (tested below).
  r.load.itemsAccepted = r.load.itemsSent;
  if (r.downstream) r.downstream.itemsAccepted = r.load.itemsAccepted;
  edit(r);
  return { result: r };
}

const latency = (p50: number) => ({
  count: 100,
  p50,
  p90: p50,
  p99: p50,
  p999: p50,
  max: p50,
  mean: p50,
  hdrBase64: '',
});

function runs(): Map<ClaimRun, RunOutcome> {
  return new Map<ClaimRun, RunOutcome>([
    [
      'victoriametrics-remote-write',
      run((r) => {
        r.load.achievedRatePerS = 50_000;
        r.backend.coresAvg = 0.1; // 500K per core used
        r.backend.rssAvgBytes = 100e6;
        r.backend.cpuSecondsPerMillionItems = 2;
        r.backend.compressionRatio = 40;
        r.read.queries = { rate_by_name: latency(2), topk: latency(4) };
      }),
    ],
    [
      'prometheus-remote-write',
      run((r) => {
        r.backend.rssAvgBytes = 300e6;
        r.backend.cpuSecondsPerMillionItems = 6;
        r.backend.compressionRatio = 3;
        r.read.queries = { rate_by_name: latency(8), topk: latency(16), only_here: latency(1) };
      }),
    ],
    ['collector-traces', { error: 'otelcol is not installed: run obsbench stack install otelcol' }],
  ]);
}

test('the catalog and docs/claims.md list the same claim ids, and claims read only validate runs', () => {
  const doc = readFileSync(join(packageRoot(), 'docs', 'claims.md'), 'utf8');
  // The claims table's first column: a backticked id such as `vm.ingest_per_core`. Any backticked
  // first cell counts, so a misspelt id fails below instead of being skipped.
  const rows = [...doc.matchAll(/^\| `([^`|]+)` \|/gm)].map((m) => m[1]);
  const documented = new Set(rows);
  const ids = new Set(CLAIMS.map((c) => c.id));
  assert.ok(rows.length > 0, 'docs/claims.md has a claims table');
  assert.equal(documented.size, rows.length, 'each claim id has one row in docs/claims.md');
  for (const id of rows) assert.ok(ids.has(id), `claim ${id} of docs/claims.md is in the catalog`);
  for (const id of ids) assert.ok(documented.has(id), `catalog claim ${id} has a row in docs/claims.md`);
  assert.equal(ids.size, CLAIMS.length, 'ids are unique');
  for (const c of CLAIMS) {
    const m = c.measure;
    const used =
      m.kind === 'figure' || m.kind === 'saturation'
        ? [m.kind === 'figure' ? m.figure.run : m.run]
        : m.kind === 'ratio'
          ? [m.numerator.run, m.denominator.run]
          : [];
    for (const r of used) assert.ok(CLAIM_RUNS.includes(r), `${c.id} reads ${r}`);
  }
});

test('ratio and query-speedup claims give measured verdicts; per-core claims need capacity searches', () => {
  const verdicts = new Map(evaluateClaims(CLAIMS, runs()).map((v) => [v.id, v]));
  const perCore = verdicts.get('vm.ingest_per_core');
  assert.equal(perCore?.verdict, 'inconclusive', 'a fixed-rate run is never divided into a per-core figure');
  assert.match(perCore?.reason ?? '', /measured by a capacity search of victoriametrics-remote-write/);
  const memory = verdicts.get('vm.memory_vs_prometheus');
  assert.equal(memory?.measured, 3);
  assert.equal(memory?.verdict, 'inconclusive');
  const speed = verdicts.get('vm.vs_prometheus_speed');
  assert.equal(speed?.measured, 3);
  assert.equal(speed?.verdict, 'fail', 'no unreproduced condition: a plain fail');
  const query = verdicts.get('vm.query_vs_prometheus');
  assert.equal(query?.measured, 4, 'geometric mean of 8/2 and 16/4 over the shared queries');
  assert.equal(query?.verdict, 'fail');
  assert.equal(verdicts.get('vm.compression')?.verdict, 'pass');
  assert.match(
    verdicts.get('vm.compression')?.conditions ?? '',
    /victoriametrics-remote-write: .* items\/s for/,
  );
});

test('no figure is never a pass: unavailable backends and failed runs are inconclusive with the reason', () => {
  const verdicts = new Map(evaluateClaims(CLAIMS, runs()).map((v) => [v.id, v]));
  assert.equal(verdicts.get('tempo.ingest')?.verdict, 'inconclusive');
  assert.match(verdicts.get('tempo.ingest')?.reason ?? '', /AGPL/);
  assert.equal(verdicts.get('collector.p99')?.verdict, 'inconclusive');
  assert.match(
    verdicts.get('collector.p99')?.reason ?? '',
    /run collector-traces failed: otelcol is not installed/,
  );
  assert.match(verdicts.get('victorialogs.ratio_10_1')?.reason ?? '', /was not part of this validate/);
  for (const v of verdicts.values()) assert.ok(v.reason.length > 0, v.id);
});

test('runs whose data did not all land and failed queries are not measured', () => {
  const r = runs();
  r.set(
    'prometheus-remote-write',
    run((x) => {
      x.load.itemsAccepted = x.load.itemsSent - 5000;
    }),
  );
  const speed = evaluateClaim(CLAIMS.find((c) => c.id === 'vm.vs_prometheus_speed') as Claim, r);
  assert.equal(speed.verdict, 'inconclusive');
  assert.match(speed.reason, /accepted only 99\.\d+% of the items sent/);
  const q = runs();
  q.set(
    'victoriametrics-remote-write',
    run((x) => {
      x.read.queries = { rate_by_name: { ...latency(2), non2xx: 3 } as ReturnType<typeof latency> };
    }),
  );
  const query = evaluateClaim(CLAIMS.find((c) => c.id === 'vm.query_vs_prometheus') as Claim, q);
  assert.equal(query.verdict, 'inconclusive');
  assert.match(query.reason, /victoriametrics-remote-write\/rate_by_name/);
  q.set(
    'collector-traces',
    run((x) => {
      if (x.downstream) x.downstream.itemsAccepted = x.load.itemsAccepted / 2;
    }),
  );
  const p99 = evaluateClaim(CLAIMS.find((c) => c.id === 'collector.p99') as Claim, q);
  assert.equal(p99.verdict, 'inconclusive');
  assert.match(p99.reason, /only 50\.00% of the accepted items reached sink/);
});

test('a partial run is not measured', () => {
  const r = runs();
  r.set(
    'victoriametrics-remote-write',
    run((x) => {
      x.status = 'partial';
      x.statusReason = 'victoria-metrics exited';
    }),
  );
  const claim = CLAIMS.find((c) => c.id === 'vm.compression') as Claim;
  const v = evaluateClaim(claim, r);
  assert.equal(v.verdict, 'inconclusive');
  assert.match(v.reason, /ended early: victoria-metrics exited/);
});

test('Markdown and CSV carry every claim with its verdict', () => {
  const verdicts = evaluateClaims(CLAIMS, runs());
  const md = formatVerdictsMarkdown(verdicts);
  assert.match(md, /\| claim \| stated \| measured \| interval \| per core \| conditions here \| verdict \|/);
  for (const v of verdicts) assert.ok(md.includes(`${v.id}: `), v.id);
  const csv = formatVerdictsCsv(verdicts).trim().split('\n');
  assert.equal(
    csv[0],
    'id,statement,stated,measured,perCore,unit,verdict,reason,conditions,sources,method,intervalLow,intervalHigh,intervalConfidence,runs,methodSpread,methodAgreement,beside',
  );
  assert.ok(csv.length >= verdicts.length + 1);
});

/** Repetitions of the validate runs with VictoriaMetrics' compression ratio set per repetition. */
function compressionRepeats(ratios: number[]): Map<ClaimRun, RunOutcome>[] {
  return ratios.map((ratio) => {
    const r = runs();
    r.set(
      'victoriametrics-remote-write',
      run((x) => {
        x.backend.compressionRatio = ratio;
      }),
    );
    return r;
  });
}

test('over repetitions, a claim passes or fails only when the whole interval is on one side', () => {
  const claim = CLAIMS.find((c) => c.id === 'vm.compression') as Claim; // >= 10
  const pass = evaluateClaimRepeats(claim, compressionRepeats([12, 14, 13, 15, 11]));
  assert.equal(pass.verdict, 'pass', pass.reason);
  assert.equal(pass.measured, 13, 'the median of the repetitions');
  assert.deepEqual(pass.interval, { low: 11, high: 15, confidence: 0.9375, n: 5 });
  const fail = evaluateClaimRepeats(claim, compressionRepeats([6, 7, 8, 7, 6]));
  assert.equal(fail.verdict, 'fail', fail.reason);
  // One run above, one below the stated 10: a single run of either would have decided wrongly.
  const straddle = evaluateClaimRepeats(claim, compressionRepeats([8, 12, 9, 11, 10.5]));
  assert.equal(straddle.verdict, 'inconclusive');
  assert.match(straddle.reason, /straddles the stated >= 10/);
  assert.match(straddle.reason, /interval \[8, 12\]/);
});

test('one repetition gives the single-run verdict with no interval', () => {
  const claim = CLAIMS.find((c) => c.id === 'vm.compression') as Claim;
  const v = evaluateClaimRepeats(claim, compressionRepeats([12]));
  assert.equal(v.verdict, 'pass');
  assert.equal(v.interval, null);
});
