// The one contract the load engine sends through: a protocol-specific Sender that applies the
// OTLP retry rules itself and reports each request's fate as data, never as an exception.

export interface SendOutcome {
  /** True when the server accepted the request (HTTP 2xx / gRPC OK), even if it refused some items. */
  ok: boolean;
  /** HTTP status or gRPC status code of the last attempt; 0 when no response arrived (network error). */
  status: number;
  /** Items the server refused in a partial-success response (0 when fully accepted or failed). */
  itemsRefused: number;
  /** Attempts after the first one. */
  retries: number;
  /**
   * '' when ok and nothing was refused. On failure, why; on a partial success with refused items,
   * the server's error_message so refusals can be grouped by reason.
   */
  errorMessage: string;
}

export interface Sender {
  /**
   * Send one already-encoded (and compressed, when configured) export request. `body` must stay
   * unchanged until the promise settles: retries resend it. Never rejects.
   */
  send(body: Uint8Array, itemCount: number): Promise<SendOutcome>;
  /**
   * Fail every request still in flight at once, each outcome's errorMessage saying `reason`, and
   * start no retry: a request that never gets an answer (a blackholed endpoint, a frozen backend)
   * must not hold the run past its deadline.
   */
  abort(reason: string): void;
  /** Cancel pending retry waits and release connections (call abort() first to end stragglers). */
  close(): Promise<void>;
}

export function successOutcome(
  status: number,
  itemsRefused: number,
  retries: number,
  message: string,
): SendOutcome {
  return { ok: true, status, itemsRefused, retries, errorMessage: itemsRefused > 0 ? message : '' };
}

export function failureOutcome(status: number, retries: number, errorMessage: string): SendOutcome {
  return { ok: false, status, itemsRefused: 0, retries, errorMessage };
}
