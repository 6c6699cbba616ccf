// The probes' own HTTP calls: one GET / POST with a timeout whose failure names the URL, the status
// and the start of the body, so a wrong query or a stopped backend reads plainly in the result.

import { ObsbenchError } from '../../errors.js';

export const DEFAULT_READ_TIMEOUT_MS = 10_000;
const BODY_EXCERPT_CHARS = 300;

export async function httpGetText(url: string, timeoutMs = DEFAULT_READ_TIMEOUT_MS): Promise<string> {
  return request(url, { method: 'GET' }, timeoutMs);
}

export async function httpGetJson<T>(url: string, timeoutMs = DEFAULT_READ_TIMEOUT_MS): Promise<T> {
  const text = await httpGetText(url, timeoutMs);
  try {
    return JSON.parse(text) as T;
  } catch (error) {
    throw new ObsbenchError('E_TARGET', `GET ${url}: response is not JSON: ${excerpt(text)}`, {
      cause: error,
    });
  }
}

export async function httpPost(
  url: string,
  body: Uint8Array | string,
  headers: Record<string, string>,
  timeoutMs = DEFAULT_READ_TIMEOUT_MS,
): Promise<string> {
  return request(url, { method: 'POST', body, headers }, timeoutMs);
}

/** A GET answered 2xx as bytes, with its content type; failures as httpGetText's. */
export async function httpGetBytes(
  url: string,
  headers: Record<string, string>,
  timeoutMs = DEFAULT_READ_TIMEOUT_MS,
): Promise<{ bytes: Uint8Array; contentType: string }> {
  const response = await send(url, { method: 'GET', headers }, timeoutMs);
  const bytes = new Uint8Array(await response.arrayBuffer());
  if (!response.ok) {
    const text = Buffer.from(bytes).toString('utf8');
    throw new ObsbenchError('E_TARGET', `GET ${url}: HTTP ${response.status}: ${excerpt(text)}`);
  }
  return { bytes, contentType: response.headers.get('content-type') ?? '' };
}

/** True when `error` is a probe call answered 404 (a trace store's "no such trace"). */
export function isNotFound(error: unknown): boolean {
  return error instanceof ObsbenchError && / HTTP 404:/.test(error.message);
}

async function send(url: string, init: RequestInit, timeoutMs: number): Promise<Response> {
  try {
    return await fetch(url, { ...init, signal: AbortSignal.timeout(timeoutMs) });
  } catch (error) {
    const reason =
      error instanceof Error && error.name === 'TimeoutError'
        ? `no answer within ${timeoutMs} ms`
        : String(error);
    throw new ObsbenchError('E_TARGET', `${init.method} ${url}: ${reason}`, { cause: error });
  }
}

async function request(url: string, init: RequestInit, timeoutMs: number): Promise<string> {
  const response = await send(url, init, timeoutMs);
  const text = await response.text();
  if (!response.ok) {
    throw new ObsbenchError('E_TARGET', `${init.method} ${url}: HTTP ${response.status}: ${excerpt(text)}`);
  }
  return text;
}

function excerpt(text: string): string {
  return text.length > BODY_EXCERPT_CHARS ? `${text.slice(0, BODY_EXCERPT_CHARS)}…` : text;
}

/** path?k=v&… with every value URL-encoded. */
export function withQuery(path: string, params: Record<string, string | number>): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) search.set(key, String(value));
  return `${path}?${search.toString()}`;
}
