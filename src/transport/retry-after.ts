// Retry-After (RFC 9110 10.2.3): delay-seconds or an HTTP-date. The OTLP/HTTP spec asks clients
// to honour it on 429/503; an unparseable value falls back to exponential backoff (null).

/**
 * Milliseconds to wait, or null when the header is absent or unparseable. `nowMs` is wall-clock
 * epoch ms (Date.now()), used only for the HTTP-date form; a date in the past gives 0.
 */
export function parseRetryAfterMs(
  header: string | string[] | undefined | null,
  nowMs: number,
): number | null {
  const value = Array.isArray(header) ? header[0] : header;
  if (value === undefined || value === null) return null;
  const text = value.trim();
  if (text === '') return null;
  if (/^\d+$/.test(text)) return Number(text) * 1000;
  // Only accept something that looks like a date, so '1.5' or 'soon' fall back to backoff.
  if (!/[a-z]/i.test(text)) return null;
  const dateMs = Date.parse(text);
  if (Number.isNaN(dateMs)) return null;
  return Math.max(0, dateMs - nowMs);
}
