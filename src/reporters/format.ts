// Number formatting shared by the console reporters: short, humanised figures with the unit
// left to the column header or the caller.

import type { TraceSampleReport } from '../model/trace-sample.js';

const SUFFIXES = ['', 'K', 'M', 'G', 'T'];

/** 950 -> "950", 12345 -> "12.3K", 1234567 -> "1.23M"; three significant digits. */
export function humanCount(value: number): string {
  if (!Number.isFinite(value)) return '-';
  const abs = Math.abs(value);
  if (abs < 999.5) return Number.isInteger(value) ? String(value) : trimmed(value, 3);
  let tier = 0;
  let scaled = value;
  while (Math.abs(scaled) >= 999.5 && tier < SUFFIXES.length - 1) {
    scaled /= 1000;
    tier++;
  }
  return trimmed(scaled, 3) + SUFFIXES[tier];
}

/** Milliseconds with sensible precision: 0.412, 4.12, 41.2, 412, 4120. */
export function humanMs(ms: number): string {
  if (!Number.isFinite(ms)) return '-';
  if (ms >= 1000) return String(Math.round(ms));
  return trimmed(ms, 3);
}

/** Bytes as decimal megabytes (1 MB = 1e6 B), for columns headed "MB". */
export function humanMegabytes(bytes: number): string {
  if (!Number.isFinite(bytes)) return '-';
  const mb = bytes / 1e6;
  if (mb >= 1000) return humanCount(mb);
  return trimmed(mb, 3);
}

function trimmed(value: number, significantDigits: number): string {
  if (value === 0) return '0';
  const magnitude = Math.floor(Math.log10(Math.abs(value)));
  const decimals = Math.min(6, Math.max(0, significantDigits - 1 - magnitude));
  return String(Number(value.toFixed(decimals)));
}

/** A trace sample's outcome in a line: "612 traces fetched by ID: 612 complete, 0 partial, 0 missing". */
export function traceSampleSummary(s: TraceSampleReport): string {
  const parts = [
    `${humanCount(s.complete)} complete`,
    `${humanCount(s.partial)} partial`,
    `${humanCount(s.missing)} missing`,
  ];
  if (s.extra > 0) parts.push(`${humanCount(s.extra)} with extra spans`);
  if (s.unanswered > 0) parts.push(`${humanCount(s.unanswered)} unanswered`);
  const first = s.mismatches[0];
  const example = first
    ? `; e.g. ${first.traceId}: ${first.spansSent} spans sent, ${first.spansFound === null ? 'not found' : `${first.spansFound} found`}`
    : '';
  return `${humanCount(s.sampled)} sampled traces fetched by ID: ${parts.join(', ')}${example}`;
}
