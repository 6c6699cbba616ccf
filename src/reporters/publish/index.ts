// Trends: runs' figures published into a TSDB over Prometheus remote write (docs/trends.md).

export { parseUserLabels } from './labels.js';
export { type PublishReport, publishRuns } from './publisher.js';
export { parseRemoteWriteUrl, type RemoteWriteUrl } from './remote-write-url.js';
export { runName } from './run-series.js';
