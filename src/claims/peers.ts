// Peer figures beside claims this machine cannot measure: Tempo's claims stay inconclusive (it is
// AGPL and not built here), and beside each the same figure of Jaeger, which runs here under the
// same conditions, is shown as a peer's: a median with its interval over validate's repetitions,
// and no verdict.

import { median } from 'simple-statistics';
import { medianConfidenceInterval } from '../stats/summary.js';
import { type ClaimRun, PEER_NOTE, type PeerFigure } from './catalog.js';
import {
  type ClaimVerdict,
  figure,
  type PeerRow,
  type RunOutcome,
  runConditions,
  runResult,
} from './evaluate.js';
import {
  type SearchOutcomes,
  saturationMethod,
  searchConditions,
  searchFigure,
  searchKey,
} from './saturation.js';

/** One repetition's value of a peer figure, or why there is none. */
function repetitionValue(
  peer: PeerFigure,
  runs: ReadonlyMap<ClaimRun, RunOutcome>,
): { value: number | null; missing: string } {
  const m = peer.measure;
  if (m.kind === 'figure') return figure(runs, m.figure);
  if (m.kind === 'query-p99') {
    const r = runResult(runs, m.run);
    if (typeof r === 'string') return { value: null, missing: r };
    const q = r.read.queries[m.query];
    return q && q.count > 0
      ? { value: q.p99, missing: '' }
      : { value: null, missing: `run ${m.run} did not measure the ${m.query} query` };
  }
  return { value: null, missing: 'measured by capacity searches' };
}

function row(peer: PeerFigure, values: readonly number[], conditions: string, note: string): PeerRow {
  const sorted = [...values].sort((a, b) => a - b);
  const ci = sorted.length >= 2 ? medianConfidenceInterval(sorted) : null;
  return {
    id: peer.id,
    label: peer.label,
    measured: sorted.length > 0 ? median(sorted) : null,
    interval: ci ? { low: ci.low, high: ci.high, confidence: ci.confidence, n: sorted.length } : null,
    unit: peer.unit,
    conditions,
    note,
  };
}

/** A peer figure over the repetitions (runs) or its capacity searches. */
function evaluatePeer(
  peer: PeerFigure,
  repeats: readonly ReadonlyMap<ClaimRun, RunOutcome>[],
  searches: SearchOutcomes,
): PeerRow {
  const m = peer.measure;
  if (m.kind === 'saturation') {
    const outcomes = searches.get(searchKey(m)) ?? [];
    const figures = outcomes.map((o) => searchFigure(o, m.cpuLimitCores));
    // A search the harness limited, or that never saw the backend fail, measured no limit.
    const values = figures.flatMap((f) => (f.perCore !== null && !f.lowerBound ? [f.perCore] : []));
    const missed = figures.find((f) => f.perCore === null || f.lowerBound);
    const why = missed ? missed.missing || 'a search never saw the backend fail a step (a lower bound)' : '';
    const method = saturationMethod(m.cpuLimitCores);
    const note =
      values.length === outcomes.length && values.length > 0
        ? `${method}; ${PEER_NOTE}`
        : `${method}: ${values.length} of ${outcomes.length} searches measured it${why ? ` (${why})` : ''}; ${PEER_NOTE}`;
    return row(peer, values, searchConditions(m.run, outcomes), note);
  }
  const measured = repeats.map((runs) => repetitionValue(peer, runs));
  const values = measured.flatMap((x) => (x.value === null ? [] : [x.value]));
  const missing = measured.find((x) => x.value === null)?.missing;
  const run = m.kind === 'figure' ? m.figure.run : m.run;
  const first = repeats[0] ? runResult(repeats[0], run) : `run ${run} was not part of this validate`;
  const conditions = typeof first === 'string' ? first : runConditions(run, first);
  const note = missing
    ? `${values.length} of ${repeats.length} runs measured it (${missing}); ${PEER_NOTE}`
    : PEER_NOTE;
  return row(peer, values, conditions, note);
}

/** The verdicts with each claim's peer figures beside it (the verdicts themselves unchanged). */
export function withPeers(
  verdicts: readonly ClaimVerdict[],
  peers: readonly PeerFigure[],
  repeats: readonly ReadonlyMap<ClaimRun, RunOutcome>[],
  searches: SearchOutcomes,
): ClaimVerdict[] {
  return verdicts.map((v) => {
    const beside = peers.filter((p) => p.beside === v.id);
    return beside.length === 0 ? v : { ...v, peers: beside.map((p) => evaluatePeer(p, repeats, searches)) };
  });
}
