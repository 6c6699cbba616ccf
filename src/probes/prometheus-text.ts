// Reads backend self-metrics in the Prometheus text exposition format: the sum of one metric's
// samples, optionally filtered by label values. Names match with or without a `_total` suffix.

export interface MetricFilter {
  name: string;
  /** Every listed label must equal the value. */
  labels?: Record<string, string>;
}

const LABEL_PAIR = /([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"/g;

/** Sum of the samples of `filter.name` (or `${name}_total`) whose labels match; null if none. */
export function sumMetric(text: string, filter: MetricFilter): number | null {
  const base = filter.name.endsWith('_total') ? filter.name.slice(0, -'_total'.length) : filter.name;
  let sum = 0;
  let found = false;
  for (const line of text.split('\n')) {
    if (line === '' || line.startsWith('#')) continue;
    const brace = line.indexOf('{');
    const space = line.indexOf(' ');
    const nameEnd = brace >= 0 && brace < space ? brace : space;
    if (nameEnd <= 0) continue;
    const name = line.slice(0, nameEnd);
    if (name !== base && name !== `${base}_total`) continue;
    let rest = line.slice(nameEnd);
    const labels: Record<string, string> = {};
    if (rest.startsWith('{')) {
      const close = rest.lastIndexOf('}');
      for (const m of rest.slice(1, close).matchAll(LABEL_PAIR)) labels[m[1]] = m[2];
      rest = rest.slice(close + 1);
    }
    if (filter.labels && !Object.entries(filter.labels).every(([k, v]) => labels[k] === v)) continue;
    const value = Number(rest.trim().split(/\s+/)[0]);
    if (!Number.isFinite(value)) continue;
    sum += value;
    found = true;
  }
  return found ? sum : null;
}

/** GET a /metrics page; throws on a non-2xx answer. */
export async function scrapeMetrics(url: string, timeoutMs = 5000): Promise<string> {
  const response = await fetch(url, { signal: AbortSignal.timeout(timeoutMs) });
  if (!response.ok) throw new Error(`GET ${url}: HTTP ${response.status}`);
  return response.text();
}
