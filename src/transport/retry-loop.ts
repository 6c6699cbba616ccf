// The retry loop both OTLP senders share: attempt, then on a retryable answer wait (the server's
// Retry-After / RetryInfo, else backoff with jitter) and try again, within maxRetries and the run's
// deadline. close() cancels pending waits so a closing sender never holds the process open.

import { performance } from 'node:perf_hooks';
import { backoffDelayMs, createJitterSource, RETRY_AFTER_MAX_MS, RetryWaits } from './backoff.js';
import type { SendOutcome } from './sender.js';

export interface AttemptResult {
  outcome: SendOutcome;
  retryable: boolean;
  /** Server-requested wait before the retry, or null for backoff. */
  retryAfterMs: number | null;
}

export interface RetryPolicy {
  maxRetries: number;
  /** Absolute performance.now() bound: no retry wait ends past it. */
  deadlineMs?: number;
  /** Seed of the backoff jitter. */
  seed?: number;
}

export class RetryLoop {
  private readonly waits = new RetryWaits();
  private readonly jitter: () => number;
  private readonly policy: RetryPolicy;
  closed = false;

  constructor(policy: RetryPolicy) {
    this.policy = policy;
    this.jitter = createJitterSource(policy.seed ?? 1);
  }

  async run<T>(
    message: T,
    attempt: (message: T, retries: number) => Promise<AttemptResult>,
  ): Promise<SendOutcome> {
    const { maxRetries, deadlineMs } = this.policy;
    let retries = 0;
    for (;;) {
      const result = await attempt(message, retries);
      if (!result.retryable || retries >= maxRetries || this.closed) return result.outcome;
      let delayMs = result.retryAfterMs ?? backoffDelayMs(retries, this.jitter);
      if (deadlineMs === undefined) delayMs = Math.min(delayMs, RETRY_AFTER_MAX_MS);
      else if (performance.now() + delayMs >= deadlineMs) return result.outcome;
      if (!(await this.waits.wait(delayMs))) return result.outcome;
      retries++;
    }
  }

  close(): void {
    this.closed = true;
    this.waits.cancelAll();
  }
}
