// One sentence on what part of a run spread over shards a result is, for every report that shows runs.

import type { RunResult } from '../model/run-result.js';

/** What part of a run spread over shards this result is, '' for a whole run. */
export function shardLine(r: RunResult): string {
  if (r.shard)
    return `Shard ${r.shard.index} of ${r.shard.count} of run ${r.shard.runId}: its share of the plan; obsbench merge makes the whole run of the shards' results.`;
  const m = r.merged;
  if (!m) return '';
  const missing = m.shardsMissing.length > 0 ? `; missing: shard(s) ${m.shardsMissing.join(', ')}` : '';
  return (
    `Merged from ${m.shardsMerged.length} of ${m.shardCount} shards of run ${m.runId}, whose measured phases began within ${m.startSpreadMs} ms by their own clocks (schedule lag p99 at most ${r.harness.scheduleLagP99Ms.toFixed(1)} ms)${missing}. ` +
    "Latency percentiles are of every shard's requests (HDR histograms merged); a second's p99 is the highest shard's."
  );
}
