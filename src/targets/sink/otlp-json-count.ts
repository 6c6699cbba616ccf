// Counts items in an OTLP/JSON export request (lowerCamelCase keys, as the spec requires).
// JSON has no skip-scan shortcut, so this parses; JSON runs are slower by nature.

import type { Signal } from '../../model/index.js';

const METRIC_DATA_KEYS = ['gauge', 'sum', 'histogram', 'exponentialHistogram', 'summary'] as const;

/** Items in the request, or -1 when the body is not JSON of the expected shape. */
export function countOtlpJsonItems(signal: Signal, body: Uint8Array): number {
  let request: unknown;
  try {
    request = JSON.parse(Buffer.from(body.buffer, body.byteOffset, body.byteLength).toString('utf8'));
  } catch {
    return -1;
  }
  if (!isObject(request)) return -1;
  switch (signal) {
    case 'traces':
      return sumNested(request, 'resourceSpans', 'scopeSpans', 'spans');
    case 'logs':
      return sumNested(request, 'resourceLogs', 'scopeLogs', 'logRecords');
    case 'metrics':
      return countMetricPoints(request);
  }
}

function sumNested(
  request: Record<string, unknown>,
  resourceKey: string,
  scopeKey: string,
  itemKey: string,
): number {
  let count = 0;
  for (const resource of listOf(request[resourceKey])) {
    if (!isObject(resource)) return -1;
    for (const scope of listOf(resource[scopeKey])) {
      if (!isObject(scope)) return -1;
      const items = scope[itemKey];
      if (items !== undefined && !Array.isArray(items)) return -1;
      count += items === undefined ? 0 : items.length;
    }
  }
  return count;
}

function countMetricPoints(request: Record<string, unknown>): number {
  let count = 0;
  for (const resource of listOf(request.resourceMetrics)) {
    if (!isObject(resource)) return -1;
    for (const scope of listOf(resource.scopeMetrics)) {
      if (!isObject(scope)) return -1;
      for (const metric of listOf(scope.metrics)) {
        if (!isObject(metric)) return -1;
        for (const key of METRIC_DATA_KEYS) {
          const data = metric[key];
          if (isObject(data)) count += listOf(data.dataPoints).length;
        }
      }
    }
  }
  return count;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

const NONE: readonly unknown[] = [];

function listOf(value: unknown): readonly unknown[] {
  return Array.isArray(value) ? value : NONE;
}
