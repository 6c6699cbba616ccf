// Per-core claims judged from capacity searches: the sustained rate per core of CPU time given,
// over repeated searches; harness-limited searches decide nothing; a quota-method verdict stands
// only when the quota method agreed with the full core on the Collector.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { CapacityReport } from '../../../src/capacity/run-capacity.js';
import {
  CLAIMS,
  METHOD_REFERENCE_RUN,
  QUOTA_METHOD_CORES,
  type SaturationSpec,
} from '../../../src/claims/catalog.js';
import {
  evaluateValidateClaims,
  methodAgreement,
  type SearchOutcome,
  saturationMethod,
  saturationSearches,
  searchKey,
} from '../../../src/claims/saturation.js';
import { checkVerdicts } from '../../../src/claims/verdicts-file.js';
import { renderHtmlReport } from '../../../src/reporters/html/report.js';
import { formatVerdictsCsv } from '../../../src/reporters/verdicts-csv.js';
import { formatVerdictsMarkdown } from '../../../src/reporters/verdicts-md.js';
import { capacityFixture, capacityStep } from '../reporters/html-helpers.js';

const VM_FULL: SaturationSpec = { run: 'victoriametrics-remote-write', cpuLimitCores: null };
const VM: SaturationSpec = { run: 'victoriametrics-remote-write', cpuLimitCores: QUOTA_METHOD_CORES };
const COLLECTOR: SaturationSpec = { run: METHOD_REFERENCE_RUN, cpuLimitCores: null };
const COLLECTOR_QUOTA: SaturationSpec = { run: METHOD_REFERENCE_RUN, cpuLimitCores: QUOTA_METHOD_CORES };

/** A search that sustained `best` and failed the step above it (a measured saturation). */
function converged(best: number, limit: number | null = null): SearchOutcome {
  const report: CapacityReport = {
    ...capacityFixture([capacityStep(best, true), capacityStep(Math.round(best * 1.1), false)]),
    backendCpuLimitCores: limit,
    maxSustainableRatePerS: best,
  };
  return { report };
}

function stopped(best: number, stoppedBy: CapacityReport['stoppedBy']): SearchOutcome {
  const report: CapacityReport = {
    ...capacityFixture([capacityStep(best, true)]),
    stoppedBy,
    maxSustainableRatePerS: best,
    conclusion: `at least ${best} items/s: the harness reached its own limit here`,
  };
  return { report };
}

/**
 * The catalog with VictoriaMetrics measured under the quota, as it was while one harness core could
 * not saturate it (the catalog now searches it on the full core): what exercises the quota method.
 */
const QUOTA_CLAIMS = CLAIMS.map((c) =>
  c.id === 'vm.ingest_per_core' ? { ...c, measure: { kind: 'saturation' as const, ...VM } } : c,
);

function verdicts(searches: Map<string, SearchOutcome[]>) {
  return new Map(evaluateValidateClaims(QUOTA_CLAIMS, [], searches).map((v) => [v.id, v]));
}

/** The Collector at 30K spans/s per core both ways, VictoriaMetrics at `vmRates` under the quota. */
function searches(vmRates: number[], collectorQuotaRates = [14_800, 15_000, 15_200]) {
  return new Map<string, SearchOutcome[]>([
    [searchKey(COLLECTOR), [29_000, 30_000, 31_000].map((r) => converged(r))],
    [searchKey(COLLECTOR_QUOTA), collectorQuotaRates.map((r) => converged(r, QUOTA_METHOD_CORES))],
    [searchKey(VM), vmRates.map((r) => converged(r, QUOTA_METHOD_CORES))],
  ]);
}

test('validate searches each per-core claim once per method, and the Collector both ways for the quota', () => {
  // The catalog: both per-core claims on the full core, so no agreement proof is needed.
  assert.deepEqual(saturationSearches(CLAIMS), [VM_FULL, COLLECTOR]);
  assert.deepEqual(saturationSearches(QUOTA_CLAIMS), [VM, COLLECTOR, COLLECTOR_QUOTA]);
  assert.equal(saturationMethod(null), 'capacity search, 1 pinned core');
  assert.equal(
    saturationMethod(0.5),
    'capacity search, 1 pinned core under a 0.5-core CFS quota, rate / 0.5',
  );
  assert.equal(
    saturationMethod(1.5),
    'capacity search, 1 pinned core under a 1.5-core CFS quota, rate / 1',
    'a quota above the pinned core gives no more than the core',
  );
});

test('a per-core claim is judged from the searches: sustained rate / quota, median over the interval', () => {
  const v = verdicts(searches([200_000, 220_000, 240_000]));
  const vm = v.get('vm.ingest_per_core');
  assert.equal(vm?.verdict, 'fail', vm?.reason);
  assert.equal(vm?.measured, 440_000, '220K samples/s under half a core');
  assert.equal(vm?.perCore, 440_000);
  assert.deepEqual([vm?.interval?.low, vm?.interval?.high, vm?.interval?.n], [400_000, 480_000, 3]);
  assert.equal(vm?.method, saturationMethod(0.5));
  assert.match(
    vm?.reason ?? '',
    /^capacity search, 1 pinned core under a 0\.5-core CFS quota, rate \/ 0\.5: median 440000 samples\/s per core of 3 searches/,
  );
  assert.match(
    vm?.conditions ?? '',
    /3 capacity search\(es\), backend pinned to core 1 under a 0\.5-core CFS quota/,
  );
  assert.equal(vm?.methodAgreement?.agrees, true);
  assert.equal(vm?.methodAgreement?.fullCorePerCore, 30_000);
  assert.equal(vm?.methodAgreement?.quotaPerCore, 30_000);
  const collector = v.get('collector.throughput');
  assert.equal(collector?.verdict, 'fail', collector?.reason);
  assert.equal(collector?.measured, 30_000);
  assert.equal(collector?.method, 'capacity search, 1 pinned core');
  assert.equal(collector?.methodAgreement, undefined, 'the full core needs no proof');
  assert.doesNotMatch(`${vm?.reason} ${collector?.reason}`, /extrapolated/);
  const pass = verdicts(searches([520_000, 540_000, 560_000])).get('vm.ingest_per_core');
  assert.equal(pass?.verdict, 'pass', pass?.reason);
  const straddle = verdicts(searches([480_000, 520_000, 540_000])).get('vm.ingest_per_core');
  assert.equal(straddle?.verdict, 'inconclusive');
  assert.match(straddle?.reason ?? '', /straddles the stated >= 1000000/);
});

test('a search the harness limited is inconclusive with that reason, never a pass or fail', () => {
  const s = searches([600_000, 600_000, 600_000]);
  s.set(searchKey(COLLECTOR), [converged(30_000), stopped(900_000, 'harness-limited'), converged(30_000)]);
  const v = verdicts(s);
  const collector = v.get('collector.throughput');
  assert.equal(collector?.verdict, 'inconclusive');
  assert.match(collector?.reason ?? '', /the harness was the limit, not the backend: at least 900000/);
  // The proof still stands on the two full-core searches that saturated the Collector.
  assert.equal(v.get('vm.ingest_per_core')?.methodAgreement?.agrees, true);
});

test('the quota method counts only when it agrees with the full core within 10%', () => {
  // 20K under half a core = 40K per core against 30K on the full core: a third apart.
  const v = verdicts(searches([600_000, 600_000, 600_000], [20_000, 20_000, 20_000]));
  const vm = v.get('vm.ingest_per_core');
  assert.equal(vm?.verdict, 'inconclusive');
  assert.equal(vm?.measured, 1_200_000, 'the figure is still reported');
  assert.match(
    vm?.reason ?? '',
    /would be a pass, but the quota method is not proven here: .*33\.3% apart, more than 10%/,
  );
  assert.equal(vm?.methodAgreement?.agrees, false);
  const a = methodAgreement(searches([1], [16_000, 16_000, 16_000]), QUOTA_METHOD_CORES);
  assert.ok(a.spread !== null && Math.abs(a.spread - 2 / 30) < 1e-9);
  assert.equal(a.agrees, true);
  const none = methodAgreement(
    new Map([[searchKey(COLLECTOR), [{ error: 'otelcol is not installed' }]]]),
    QUOTA_METHOD_CORES,
  );
  assert.equal(none.agrees, null);
  assert.match(none.summary, /full core not measured \(a search failed: otelcol is not installed\)/);
  const unproven = verdicts(new Map([[searchKey(VM), [converged(600_000, 0.5), converged(620_000, 0.5)]]]));
  assert.equal(unproven.get('vm.ingest_per_core')?.verdict, 'inconclusive');
  assert.match(unproven.get('vm.ingest_per_core')?.reason ?? '', /not proven here: .*no search ran/);
});

test('the catalog judges VictoriaMetrics per core from full-core searches, with no quota proof', () => {
  const v = new Map(
    evaluateValidateClaims(
      CLAIMS,
      [],
      new Map([[searchKey(VM_FULL), [converged(450_000), converged(500_000), converged(560_000)]]]),
    ).map((x) => [x.id, x]),
  );
  const vm = v.get('vm.ingest_per_core');
  assert.equal(vm?.verdict, 'fail', vm?.reason);
  assert.equal(vm?.measured, 500_000);
  assert.equal(vm?.method, 'capacity search, 1 pinned core');
  assert.equal(vm?.methodAgreement, undefined);
});

test('a search that never saw the backend fail gives only a lower bound: a shortfall is inconclusive', () => {
  const s = searches([600_000]);
  s.set(searchKey(COLLECTOR), [stopped(20_000, 'max-steps'), stopped(20_000, 'max-steps')]);
  const collector = verdicts(s).get('collector.throughput');
  assert.equal(collector?.verdict, 'inconclusive');
  assert.match(collector?.reason ?? '', /falls short, but a search ended before the backend failed a step/);
  // One search (no interval): a figure from 1 search.
  const vm = verdicts(s).get('vm.ingest_per_core');
  assert.equal(vm?.interval, null);
  assert.match(vm?.reason ?? '', /: 1200000 samples\/s per core from 1 search/);
  const errors = verdicts(new Map([[searchKey(COLLECTOR), [{ error: 'otelcol exited' }]]]));
  assert.match(errors.get('collector.throughput')?.reason ?? '', /a search failed: otelcol exited/);
  assert.match(
    verdicts(new Map()).get('collector.throughput')?.reason ?? '',
    /no capacity search of collector-traces ran/,
  );
});

test('the method and the agreement reach verdicts.json, .md, .csv and the HTML page', () => {
  const list = [...verdicts(searches([200_000, 220_000, 240_000])).values()];
  assert.deepEqual(
    checkVerdicts('verdicts.json', JSON.parse(JSON.stringify(list))),
    JSON.parse(JSON.stringify(list)),
  );
  const md = formatVerdictsMarkdown(list);
  assert.match(
    md,
    /## Methods\n\n- \*\*vm\.ingest_per_core\*\*: capacity search, 1 pinned core under a 0\.5-core CFS quota, rate \/ 0\.5\n- \*\*collector\.throughput\*\*: capacity search, 1 pinned core\n/,
  );
  assert.match(
    md,
    /- \*\*quota method for vm\.ingest_per_core\*\* \(0\.5-core CFS quota against the full core, on collector-traces\): agrees; .*0\.0% apart, within 10%/,
  );
  const csv = formatVerdictsCsv(list);
  assert.match(csv, /capacity search, 1 pinned core under a 0\.5-core CFS quota, rate \/ 0\.5/);
  const html = renderHtmlReport([{ kind: 'validate', verdicts: list }]);
  assert.match(
    html,
    /440K samples\/s per core<br><small>capacity search, 1 pinned core under a 0\.5-core CFS quota, rate \/ 0\.5<\/small>/,
  );
  assert.match(
    html,
    /<p>Quota method for vm\.ingest_per_core \(0\.5-core CFS quota against the full core\): <strong>agrees<\/strong>; collector-traces: full core 30000\/s per core/,
  );
  const bad = JSON.parse(JSON.stringify(list));
  bad[4].methodAgreement.agrees = 'yes';
  assert.throws(
    () => checkVerdicts('v.json', bad),
    /\[4\]\.methodAgreement: agrees is "yes", expected a boolean or null/,
  );
});
