// Checks a generator's shape and context once, where they enter the generator API, so that the
// hot loops can trust them. Messages name the field, the value and what is allowed.

import { ObsbenchError } from '../errors.js';
import type { LogShape, MetricShape, TraceShape } from '../model/shapes.js';
import type { GeneratorContext } from './generator.js';
import { MAX_WORKERS } from './ids.js';

function fail(field: string, value: unknown, allowed: string): never {
  throw new ObsbenchError('E_SCENARIO_INVALID', `${field} is ${JSON.stringify(value)}; ${allowed}`);
}

function integerIn(field: string, value: number, min: number, max: number): void {
  if (!Number.isInteger(value) || value < min || value > max) {
    fail(field, value, `use an integer from ${min} to ${max}`);
  }
}

function numberIn(field: string, value: number, min: number, max: number): void {
  if (typeof value !== 'number' || !Number.isFinite(value) || value < min || value > max) {
    fail(field, value, `use a number from ${min} to ${max}`);
  }
}

function shares(field: string, record: Readonly<Record<string, number>>): void {
  let total = 0;
  for (const [key, value] of Object.entries(record)) {
    numberIn(`${field}.${key}`, value, 0, Number.MAX_SAFE_INTEGER);
    total += value;
  }
  if (!(total > 0)) fail(field, record, 'give at least one entry a share above 0');
}

export function validateContext(ctx: GeneratorContext): void {
  integerIn('workerCount', ctx.workerCount, 1, MAX_WORKERS);
  integerIn('workerIndex', ctx.workerIndex, 0, ctx.workerCount - 1);
  numberIn('seed', ctx.seed, -Number.MAX_SAFE_INTEGER, Number.MAX_SAFE_INTEGER);
  numberIn('startTimeUnixUs', ctx.startTimeUnixUs, 0, Number.MAX_SAFE_INTEGER);
  if (ctx.runNonce !== undefined)
    numberIn('runNonce', ctx.runNonce, -Number.MAX_SAFE_INTEGER, Number.MAX_SAFE_INTEGER);
}

export function validateTraceShape(shape: TraceShape): void {
  integerIn('shape.services', shape.services, 1, 100_000);
  integerIn('shape.operationsPerService', shape.operationsPerService, 1, 10_000);
  integerIn('shape.spansPerTrace', shape.spansPerTrace, 1, 100_000);
  integerIn('shape.maxDepth', shape.maxDepth, 1, 1000);
  if (shape.spansPerTrace > 1 && shape.maxDepth < 2) {
    fail(
      'shape.maxDepth',
      shape.maxDepth,
      'use at least 2 when spansPerTrace > 1 (children sit below the root)',
    );
  }
  numberIn('shape.errorRate', shape.errorRate, 0, 1);
  numberIn('shape.durationMedianMs', shape.durationMedianMs, 0, 86_400_000);
  numberIn('shape.durationSigma', shape.durationSigma, 0, 10);
  integerIn('shape.extraAttributes', shape.extraAttributes, 0, 1000);
  integerIn('shape.extraAttributeCardinality', shape.extraAttributeCardinality, 1, 2 ** 32 - 1);
  integerIn('shape.extraAttributeValueLength', shape.extraAttributeValueLength, 0, 100_000);
  numberIn('shape.eventsPerSpan', shape.eventsPerSpan, 0, 1000);
  numberIn('shape.linkRate', shape.linkRate, 0, 1);
  integerIn('shape.resourceAttributes', shape.resourceAttributes, 0, 1000);
}

export function validateMetricShape(shape: MetricShape, ctx: GeneratorContext): void {
  integerIn('shape.series', shape.series, 1, 100_000_000);
  integerIn('shape.metricNames', shape.metricNames, 1, 1_000_000);
  integerIn('shape.resources', shape.resources, 1, 1_000_000);
  integerIn('shape.labelsPerSeries', shape.labelsPerSeries, 0, 100);
  shares('shape.kinds', shape.kinds);
  integerIn('shape.histogramBuckets', shape.histogramBuckets, 1, 1000);
  numberIn('shape.churnRate', shape.churnRate, 0, 1);
  numberIn('shape.churnIntervalS', shape.churnIntervalS, 0.001, 1e9);
  if (shape.series < ctx.workerCount) {
    fail(
      'shape.series',
      shape.series,
      `use at least one series per worker (workers = ${ctx.workerCount}): each worker owns its own series`,
    );
  }
  if (shape.labelsPerSeries === 0 && shape.series > shape.metricNames * shape.resources) {
    fail(
      'shape.labelsPerSeries',
      0,
      `use at least 1: series (${shape.series}) > metricNames x resources (${shape.metricNames * shape.resources}) needs labels to tell series apart`,
    );
  }
  if (shape.labelsPerSeries === 0 && shape.churnRate > 0) {
    fail(
      'shape.labelsPerSeries',
      0,
      'use at least 1 when churnRate > 0: churn gives series new label values',
    );
  }
}

export function validateLogShape(shape: LogShape, ctx: GeneratorContext): void {
  integerIn('shape.streams', shape.streams, 1, 10_000_000);
  integerIn('shape.labelsPerStream', shape.labelsPerStream, 0, 100);
  integerIn('shape.lineLengthMedian', shape.lineLengthMedian, 1, 1_000_000);
  numberIn('shape.lineLengthSigma', shape.lineLengthSigma, 0, 10);
  shares('shape.formats', shape.formats);
  shares('shape.severities', shape.severities);
  numberIn('shape.traceCorrelationRate', shape.traceCorrelationRate, 0, 1);
  integerIn('shape.attributesPerRecord', shape.attributesPerRecord, 0, 1000);
  if (shape.streams < ctx.workerCount) {
    fail(
      'shape.streams',
      shape.streams,
      `use at least one stream per worker (workers = ${ctx.workerCount}): each worker owns its streams`,
    );
  }
}
