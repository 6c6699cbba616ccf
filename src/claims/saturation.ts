// Per-core claims measured at saturation: validate runs capacity searches of a claims run's
// scenario with the backend on one pinned core and the harness on the others, under a cgroup CFS
// quota where one harness core cannot saturate a whole core of the backend; the claim's figure is
// the highest sustained rate per core of CPU time given, rate / min(1, quota), judged from the
// interval over repeated searches. A search the harness limited measures the harness, so it
// decides nothing; a quota-method figure counts only once the quota method agreed with the full
// core on a backend the harness does saturate (the Collector).

import { median } from 'simple-statistics';
import type { CapacityReport } from '../capacity/run-capacity.js';
import { formatFigure } from '../result/thresholds.js';
import {
  type Claim,
  type ClaimRun,
  METHOD_AGREEMENT_SHARE,
  METHOD_REFERENCE_RUN,
  type PeerFigure,
  type SaturationSpec,
} from './catalog.js';
import {
  type ClaimVerdict,
  evaluateClaimRepeats,
  judgeRepeated,
  type MethodAgreement,
  type RunOutcome,
  repeatedVerdict,
} from './evaluate.js';

/** One capacity search of validate: its report, or why there is none. */
export type SearchOutcome = { report: CapacityReport } | { error: string };

/** Each search's outcomes over validate's repetitions, by searchKey. */
export type SearchOutcomes = ReadonlyMap<string, readonly SearchOutcome[]>;

export function searchKey(s: SaturationSpec): string {
  return `${s.run}@${s.cpuLimitCores ?? 'core'}`;
}

/**
 * The searches validate runs, in order: every saturation claim's, and for each quota a claim uses,
 * the reference backend on the full core and under that quota (the agreement proof); then the
 * peers' (catalog.ts PEER_FIGURES).
 */
export function saturationSearches(
  claims: readonly Claim[],
  peers: readonly PeerFigure[] = [],
): SaturationSpec[] {
  const specs: SaturationSpec[] = [];
  const add = (s: SaturationSpec): void => {
    if (!specs.some((x) => searchKey(x) === searchKey(s))) specs.push(s);
  };
  for (const { measure: m } of claims) {
    if (m.kind !== 'saturation') continue;
    add({ run: m.run, cpuLimitCores: m.cpuLimitCores });
    if (m.cpuLimitCores !== null) {
      add({ run: METHOD_REFERENCE_RUN, cpuLimitCores: null });
      add({ run: METHOD_REFERENCE_RUN, cpuLimitCores: m.cpuLimitCores });
    }
  }
  // Peers' searches (a figure beside a claim, not a verdict) after the claims' own.
  for (const { measure: m } of peers)
    if (m.kind === 'saturation') add({ run: m.run, cpuLimitCores: m.cpuLimitCores });
  return specs;
}

/** How a search's figure was measured, as the verdict records it. */
export function saturationMethod(cpuLimitCores: number | null): string {
  if (cpuLimitCores === null) return 'capacity search, 1 pinned core';
  const given = Math.min(1, cpuLimitCores);
  return `capacity search, 1 pinned core under a ${formatFigure(cpuLimitCores)}-core CFS quota, rate / ${formatFigure(given)}`;
}

export interface SearchFigure {
  /** Sustained rate per core of CPU time given; null when the search measured none. */
  perCore: number | null;
  /** No step above the sustained rate failed: the backend's limit is somewhere higher. */
  lowerBound: boolean;
  harnessLimited: boolean;
  /** Why perCore is null. */
  missing: string;
}

export function searchFigure(o: SearchOutcome, cpuLimitCores: number | null): SearchFigure {
  const none = { perCore: null, lowerBound: false, harnessLimited: false };
  if ('error' in o) return { ...none, missing: `a search failed: ${o.error}` };
  const r = o.report;
  if (r.stoppedBy === 'harness-limited') {
    return {
      ...none,
      harnessLimited: true,
      missing: `the harness was the limit, not the backend: ${r.conclusion}`,
    };
  }
  const best = r.maxSustainableRatePerS;
  if (r.stoppedBy === 'interrupted' || best === null) return { ...none, missing: r.conclusion };
  return {
    perCore: best / Math.min(1, cpuLimitCores ?? 1),
    lowerBound: !r.curve.some((s) => !s.pass && s.ratePerS > best),
    harnessLimited: false,
    missing: '',
  };
}

/** One line on how the searches ran here: cores, quota, steps, criteria and what each sustained. */
export function searchConditions(run: ClaimRun, outcomes: readonly SearchOutcome[]): string {
  const reports = outcomes.flatMap((o) => ('report' in o ? [o.report] : []));
  const r = reports[0];
  if (!r) return `${run}: no capacity search completed`;
  const quota = r.backendCpuLimitCores == null ? '' : ` under a ${r.backendCpuLimitCores}-core CFS quota`;
  const found = reports
    .map(
      (x) =>
        `${x.maxSustainableRatePerS === null ? 'none' : formatFigure(x.maxSustainableRatePerS)} (${x.stoppedBy})`,
    )
    .join(', ');
  return `${run}: ${reports.length} capacity search(es), backend pinned to core ${r.backendCores.join(',')}${quota}, harness on core ${r.harnessCores.join(',')}, steps of ${formatFigure(r.stepDurationS)} s, sustained = accepted >= ${r.minAcceptedShare * 100}% and p99 <= ${formatFigure(r.sloP99Ms)} ms; sustained items/s: ${found}`;
}

/** The median per-core figure of one search's outcomes, counting only saturated searches; or why none. */
function methodFigure(
  searches: SearchOutcomes,
  spec: SaturationSpec,
): { value: number | null; missing: string } {
  const figures = (searches.get(searchKey(spec)) ?? []).map((o) => searchFigure(o, spec.cpuLimitCores));
  const saturated = figures.flatMap((f) => (f.perCore !== null && !f.lowerBound ? [f.perCore] : []));
  const why =
    figures.find((f) => f.perCore === null)?.missing ??
    (figures.length > 0 ? 'no search saw the backend fail a step' : 'no search ran');
  return saturated.length > 0 ? { value: median(saturated), missing: '' } : { value: null, missing: why };
}

/**
 * The quota method against the full core on the reference backend: the median per-core figure of
 * each (searches the harness limited, or that never saw the backend fail, left out) and the spread.
 */
export function methodAgreement(searches: SearchOutcomes, cpuLimitCores: number): MethodAgreement {
  const run = METHOD_REFERENCE_RUN;
  const full = methodFigure(searches, { run, cpuLimitCores: null });
  const quota = methodFigure(searches, { run, cpuLimitCores });
  const spread =
    full.value !== null && quota.value !== null && full.value > 0
      ? Math.abs(quota.value - full.value) / full.value
      : null;
  const agrees = spread === null ? null : spread <= METHOD_AGREEMENT_SHARE;
  const limit = `${(METHOD_AGREEMENT_SHARE * 100).toFixed(0)}%`;
  const summary =
    spread === null
      ? `${run}: ${full.value === null ? `full core not measured (${full.missing})` : `full core ${formatFigure(full.value)}/s per core`}; ${quota.value === null ? `${cpuLimitCores}-core quota not measured (${quota.missing})` : `${cpuLimitCores}-core quota ${formatFigure(quota.value)}/s per core`}`
      : `${run}: full core ${formatFigure(full.value as number)}/s per core, ${cpuLimitCores}-core quota ${formatFigure(quota.value as number)}/s per core (rate / ${cpuLimitCores}): ${(spread * 100).toFixed(1)}% apart, ${agrees ? 'within' : 'more than'} ${limit}`;
  return {
    run,
    cpuLimitCores,
    fullCorePerCore: full.value,
    quotaPerCore: quota.value,
    spread,
    maxSpread: METHOD_AGREEMENT_SHARE,
    agrees,
    summary,
  };
}

/** A saturation claim's verdict from its searches' sustained per-core rates over the repetitions. */
function evaluateSaturationClaim(claim: Claim, spec: SaturationSpec, searches: SearchOutcomes): ClaimVerdict {
  const outcomes = searches.get(searchKey(spec)) ?? [];
  const method = saturationMethod(spec.cpuLimitCores);
  const agreement = spec.cpuLimitCores === null ? null : methodAgreement(searches, spec.cpuLimitCores);
  const base = {
    id: claim.id,
    statement: claim.statement,
    stated: `${claim.stated.comparator} ${formatFigure(claim.stated.value)} ${claim.stated.unit}`,
    measured: null,
    perCore: null,
    unit: claim.stated.unit,
    conditions: searchConditions(spec.run, outcomes),
    sources: claim.sources,
    interval: null,
    method,
    ...(agreement ? { methodAgreement: agreement } : {}),
  };
  const inconclusive = (reason: string): ClaimVerdict => ({ ...base, verdict: 'inconclusive', reason });
  if (outcomes.length === 0) return inconclusive(`${method}: no capacity search of ${spec.run} ran`);
  const figures = outcomes.map((o) => searchFigure(o, spec.cpuLimitCores));
  const limited = figures.find((f) => f.harnessLimited);
  if (limited) return inconclusive(`${method}: ${limited.missing}`);
  const values = figures.flatMap((f) => (f.perCore === null ? [] : [f.perCore]));
  if (values.length === 0) return inconclusive(`${method}: ${figures[0].missing}`);
  const j = judgeRepeated(claim, values, 'searches');
  const missed = figures.find((f) => f.perCore === null);
  const count = missed
    ? ` (${values.length} of ${figures.length} searches measured it; ${missed.missing})`
    : '';
  const figureText = `${method}: ${j.range}${count} (${claim.normalisation})`;
  const caveat = figures.some((f) => f.lowerBound)
    ? 'a search ended before the backend failed a step, so its figure is only a lower bound'
    : null;
  const v = repeatedVerdict(j, figureText, caveat);
  const measured = { ...base, measured: j.median, perCore: j.median, interval: j.interval };
  if (agreement && agreement.agrees !== true && v.verdict !== 'inconclusive') {
    return {
      ...measured,
      verdict: 'inconclusive',
      reason: `${figureText} would be a ${v.verdict}, but the quota method is not proven here: ${agreement.summary}`,
    };
  }
  return { ...measured, ...v };
}

/** Every claim's verdict: saturation claims from the searches, the others from the runs. */
export function evaluateValidateClaims(
  claims: readonly Claim[],
  repeats: readonly ReadonlyMap<ClaimRun, RunOutcome>[],
  searches: SearchOutcomes,
): ClaimVerdict[] {
  return claims.map((claim) =>
    claim.measure.kind === 'saturation'
      ? evaluateSaturationClaim(claim, claim.measure, searches)
      : evaluateClaimRepeats(claim, repeats),
  );
}
