// The remote write URL of `obsbench publish --remote-write` and `obsbench run --publish`, checked
// once: an http(s) URL, no query, and by the loopback rule (docs/architecture.md) a loopback host
// unless the user opts in. A URL without a path gets /api/v1/write, the path VictoriaMetrics and
// Prometheus (--web.enable-remote-write-receiver) serve; any other path is kept as written.

import { ObsbenchError } from '../../errors.js';
import { bracketedHost, isLoopbackHost, parseEndpoint } from '../../transport/endpoint-address.js';

const DEFAULT_REMOTE_WRITE_PATH = '/api/v1/write';

export interface RemoteWriteUrl {
  /** http(s)://host:port */
  origin: string;
  /** /api/v1/write or the path the user gave. */
  path: string;
}

/** `flag` is how the URL was given; `allowFlag` the flag that lifts the loopback rule. */
export function parseRemoteWriteUrl(
  flag: string,
  text: string,
  allowRemote: boolean,
  allowFlag: string,
): RemoteWriteUrl {
  const parsed = /^https?:\/\//i.test(text) ? parseEndpoint(text) : null;
  if (parsed === null || !parsed.ok || parsed.address.hasQueryOrFragment) {
    throw new ObsbenchError(
      'E_USAGE',
      `--${flag}: ${JSON.stringify(text)} is not allowed: give an http(s) URL without a query, e.g. http://127.0.0.1:8428/api/v1/write`,
    );
  }
  const address = parsed.address;
  if (!allowRemote && !isLoopbackHost(address.host)) {
    throw new ObsbenchError(
      'E_ENDPOINT_NOT_ALLOWED',
      `--${flag}: ${address.host} is not a loopback address (127.0.0.0/8, ::1, localhost) and obsbench sends nothing off this machine by default; add --${allowFlag} to publish to it`,
    );
  }
  return {
    origin: `${address.protocol}//${bracketedHost(address.host)}:${address.port}`,
    path: address.pathPrefix === '' ? DEFAULT_REMOTE_WRITE_PATH : address.pathPrefix,
  };
}

export function remoteWriteUrlText(url: RemoteWriteUrl): string {
  return `${url.origin}${url.path}`;
}
