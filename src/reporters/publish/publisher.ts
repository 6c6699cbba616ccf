// Publishes runs' figures into a TSDB over Prometheus remote write 1.0 (protobuf, snappy, the
// spec's headers): one request per run, in the order given, each bounded by a request timeout and
// at most a couple of retries (429, 5xx, connection errors). Every run is turned into its request
// before the first is sent, so a bad result stops the publish before anything goes out; the
// first run the server does not take stops it too, and the report says what was sent and what not.

import { performance } from 'node:perf_hooks';
import { compressBody } from '../../encoders/compression.js';
import type { RunResult } from '../../model/run-result.js';
import { createOtlpHttpSender } from '../../transport/otlp-http-sender.js';
import { PROTOCOL_TABLE } from '../../transport/protocols.js';
import type { Labels } from './labels.js';
import { type RemoteWriteUrl, remoteWriteUrlText } from './remote-write-url.js';
import { runSeries } from './run-series.js';
import { encodeWriteRequest } from './write-request.js';

const REQUEST_TIMEOUT_MS = 10_000;
const MAX_RETRIES = 2;
/** No retry wait of a run's request ends later than this after it started (a long Retry-After). */
const RUN_DEADLINE_MS = 30_000;

export interface PublishOptions {
  url: RemoteWriteUrl;
  /** The user's labels, already checked (parseUserLabels). */
  labels: Labels;
}

export interface PublishReport {
  url: string;
  /** Runs the server took, with their sample counts, in order. */
  sent: { run: RunResult; samples: number }[];
  /** Runs not published on purpose: partial ones (their figures would break a trend line). */
  skipped: { run: RunResult; reason: string }[];
  /** The run the server did not take, and why; null when none failed. */
  failed: { run: RunResult; reason: string } | null;
  /** Runs after the failed one, not attempted. */
  notSent: RunResult[];
}

export async function publishRuns(results: readonly RunResult[], o: PublishOptions): Promise<PublishReport> {
  const report: PublishReport = {
    url: remoteWriteUrlText(o.url),
    sent: [],
    skipped: [],
    failed: null,
    notSent: [],
  };
  const requests: { run: RunResult; samples: number; body: Buffer }[] = [];
  for (const run of results) {
    if (run.status !== 'complete') {
      report.skipped.push({ run, reason: `partial run: ${run.statusReason}` });
      continue;
    }
    const series = runSeries(run, o.labels);
    requests.push({ run, samples: series.length, body: compressBody('snappy', encodeWriteRequest(series)) });
  }
  for (const [index, request] of requests.entries()) {
    const reason = await send(o.url, request.body);
    if (reason === null) {
      report.sent.push({ run: request.run, samples: request.samples });
      continue;
    }
    report.failed = { run: request.run, reason };
    report.notSent = requests.slice(index + 1).map((r) => r.run);
    break;
  }
  return report;
}

/** Sends one request; null when the server took it, otherwise why not. */
async function send(url: RemoteWriteUrl, body: Buffer): Promise<string | null> {
  const protocol = PROTOCOL_TABLE['prometheus-remote-write'];
  const sender = createOtlpHttpSender({
    baseUrl: url.origin,
    path: url.path,
    signal: 'metrics',
    contentType: protocol.encodings[0].contentType,
    contentEncoding: 'snappy',
    headers: { ...protocol.headers },
    connections: 1,
    requestTimeoutMs: REQUEST_TIMEOUT_MS,
    maxRetries: MAX_RETRIES,
    deadlineMs: performance.now() + RUN_DEADLINE_MS,
    retryableStatuses: protocol.retry.statuses,
    retryAllServerErrors: protocol.retry.allServerErrors,
  });
  try {
    const outcome = await sender.send(body, 1);
    if (outcome.ok) return null;
    const tries = outcome.retries > 0 ? ` (after ${outcome.retries} retries)` : '';
    // The sender names the load's option for its timeout; here it is this module's own bound.
    return `${outcome.errorMessage.replace(' (load.requestTimeoutMs)', '')}${tries}`;
  } finally {
    await sender.close();
  }
}
