// A sample of the run's own traces for the read path to fetch back one by one: which traces were
// sent (and acknowledged) with how many spans, and what a trace store returned for each.

/** A trace the target acknowledged, sent whole in one request: its ID and its spans. */
export interface SampledTrace {
  /** 32 lowercase hex characters. */
  traceId: string;
  spans: number;
}

/** One sampled trace the store did not return as it was sent. */
export interface TraceSampleMismatch {
  traceId: string;
  spansSent: number;
  /** null: not found. */
  spansFound: number | null;
}

/** The sampled traces fetched back by ID. */
export interface TraceSampleReport {
  sampled: number;
  /** Found with every span sent. */
  complete: number;
  /** Found with fewer spans than were sent. */
  partial: number;
  /** Not found. */
  missing: number;
  /** Found with more spans than were sent. */
  extra: number;
  /** Lookups that failed (timeout, error status): neither found nor missing. */
  unanswered: number;
  /** complete / (sampled - unanswered); null when none was answered. */
  ratio: number | null;
  /** Up to 10 traces not complete, for a report. */
  mismatches: TraceSampleMismatch[];
  /** How the traces were chosen and fetched. */
  method: string;
}
