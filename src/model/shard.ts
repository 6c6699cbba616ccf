// One process's part of a run spread over several processes or machines (obsbench run --shard I/N).
// Shard and worker are one space: shard I with W workers drives the run's slices I*W .. I*W+W-1 of
// N*W, each with its own series, trace IDs and log streams, and 1/(N*W) of the rate plan.

export interface ShardSpec {
  /** 0 .. count-1. */
  index: number;
  count: number;
  /** The same for every shard of the run: the merge checks it, and trace IDs are derived from it. */
  runId: string;
  /** Epoch ms at which every shard starts its plan (warmup first), so that their seconds line up. */
  startAtEpochMs: number;
}

/** The slice of the run's plan and ID space one load worker drives. */
export interface WorkerSlice {
  index: number;
  count: number;
}

/** Worker `workerIndex` of `workers` in this process: its slice of the run (the shard's, if any). */
export function workerSlice(shard: ShardSpec | null, workerIndex: number, workers: number): WorkerSlice {
  if (shard === null) return { index: workerIndex, count: workers };
  return { index: shard.index * workers + workerIndex, count: shard.count * workers };
}

/**
 * The number every shard of a run mixes into its trace IDs (the generators' runNonce): derived from
 * the run id, so the shards agree on it without talking, and two runs with other ids differ.
 */
export function runNonceOf(runId: string): number {
  // FNV-1a over the UTF-16 code units, 32 bits.
  let hash = 0x811c9dc5;
  for (let i = 0; i < runId.length; i++) {
    hash ^= runId.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash;
}
