// What `obsbench publish` and `obsbench run --publish` share: their flags checked into one publish
// request before anything runs, and the publish itself with its lines printed. A failed publish is
// one line on stderr naming the run the server did not take, the runs sent and the runs not sent.

import { ObsbenchError } from '../errors.js';
import type { RunResult } from '../model/run-result.js';
import {
  type PublishReport,
  parseRemoteWriteUrl,
  parseUserLabels,
  publishRuns,
  type RemoteWriteUrl,
  runName,
} from '../reporters/publish/index.js';

export interface PublishRequest {
  url: RemoteWriteUrl;
  labels: Record<string, string>;
}

/** The flag names of one command: `run` prefixes its own with publish-. */
export interface PublishFlags {
  url: string;
  label: string;
  allowRemote: string;
}

/** The request the flags describe, or null when no URL was given (labels then are a usage error). */
export function publishRequestOf(
  flags: PublishFlags,
  url: string,
  labels: string[] | undefined,
  allowRemote: boolean,
): PublishRequest;
export function publishRequestOf(
  flags: PublishFlags,
  url: string | undefined,
  labels: string[] | undefined,
  allowRemote: boolean,
): PublishRequest | null;
export function publishRequestOf(
  flags: PublishFlags,
  url: string | undefined,
  labels: string[] | undefined,
  allowRemote: boolean,
): PublishRequest | null {
  if (url === undefined) {
    if ((labels ?? []).length > 0 || allowRemote) {
      throw new ObsbenchError(
        'E_USAGE',
        `--${flags.label} and --${flags.allowRemote} need --${flags.url} URL: give the remote write URL`,
      );
    }
    return null;
  }
  return {
    url: parseRemoteWriteUrl(flags.url, url, allowRemote, flags.allowRemote),
    labels: parseUserLabels(flags.label, labels ?? []),
  };
}

/** Publishes, prints a line per run to `out`; returns 0, or 2 after one error line on stderr. */
export async function publishAndPrint(
  results: readonly RunResult[],
  request: PublishRequest,
  out: NodeJS.WritableStream,
): Promise<number> {
  const report = await publishRuns(results, request);
  for (const { run, samples } of report.sent) out.write(`published: ${runName(run)}, ${samples} samples\n`);
  for (const { run, reason } of report.skipped) out.write(`not published: ${runName(run)}: ${reason}\n`);
  if (report.failed === null) {
    const samples = report.sent.reduce((sum, s) => sum + s.samples, 0);
    out.write(`publish: ${report.sent.length} run(s), ${samples} samples -> ${report.url}\n`);
    return 0;
  }
  process.stderr.write(`obsbench: error: ${failureLine(report)}\n`);
  return 2;
}

function failureLine(report: PublishReport): string {
  const failed = report.failed as NonNullable<PublishReport['failed']>;
  const total = report.sent.length + 1 + report.notSent.length;
  const sent =
    report.sent.length === 0
      ? 'nothing was sent'
      : `sent ${report.sent.length} of ${total}: ${report.sent.map((s) => runName(s.run)).join(', ')}`;
  const notSent =
    report.notSent.length === 0 ? '' : `; not sent: ${report.notSent.map((run) => runName(run)).join(', ')}`;
  return `publish: ${runName(failed.run)} was not taken: ${failed.reason}; ${sent}${notSent}`;
}
