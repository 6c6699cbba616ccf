// Where a long command is in its sequence of similar pieces of work (runs, capacity steps,
// searches) and how long the rest should take: the mean duration of the pieces done so far times
// the pieces left. Before one has finished nothing is estimated: a plan's durations leave out
// starting a backend, flushing it and querying it back, which can take longer than the load.
// Pure: the CLI measures the durations and prints the line.

/**
 * Seconds left for `remaining` pieces (the one starting now included), from the durations of
 * those done; null before one has finished.
 */
export function secondsLeft(doneDurationsS: readonly number[], remaining: number): number | null {
  if (remaining <= 0) return 0;
  const done = doneDurationsS.filter((d) => Number.isFinite(d) && d >= 0);
  if (done.length === 0) return null;
  return (done.reduce((sum, d) => sum + d, 0) / done.length) * remaining;
}

/** "8 s", "3 min 05 s", "1 h 02 min": a duration for someone reading a log. */
export function formatDuration(seconds: number): string {
  const s = Math.max(0, Math.round(seconds));
  if (s < 60) return `${s} s`;
  if (s < 3600) return `${Math.floor(s / 60)} min ${String(s % 60).padStart(2, '0')} s`;
  const minutes = Math.round(s / 60);
  return `${Math.floor(minutes / 60)} h ${String(minutes % 60).padStart(2, '0')} min`;
}

export interface SequencePosition {
  /** The command, e.g. "validate"; '' when the piece names it ("run 2 of 6" of obsbench run). */
  command: string;
  /** What a piece is: "run", "step", "search". */
  piece: string;
  /** 0-based index of the piece starting now. */
  index: number;
  total: number;
  /**
   * The total is a bound (a capacity search stops early when it converges): "of at most M". The
   * time left is still estimated for all M pieces.
   */
  totalIsBound: boolean;
  /** What this piece is, e.g. "A: target.pipeline=batch"; '' for nothing. */
  detail: string;
  elapsedS: number;
  /** From secondsLeft; null when it cannot be estimated yet. */
  leftS: number | null;
}

/** "validate: run 4 of 12 (vm, repetition 2/3); elapsed 3 min 10 s; ~8 min 20 s left". */
export function formatSequenceLine(p: SequencePosition): string {
  const of = `${p.piece} ${p.index + 1} of ${p.totalIsBound ? 'at most ' : ''}${p.total}`;
  const detail = p.detail ? ` (${p.detail})` : '';
  // An estimate, never a bound: "at most" is said of the count only, which is one.
  const left = p.leftS === null ? '' : `; ~${formatDuration(p.leftS)} left`;
  const command = p.command ? `${p.command}: ` : '';
  return `${command}${of}${detail}; elapsed ${formatDuration(p.elapsedS)}${left}`;
}
