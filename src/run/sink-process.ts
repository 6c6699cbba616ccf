// The built-in sink as a process of its own (`obsbench sink`), pinned to given cores: what the
// harness-ceiling probe pushes into when the harness must be measured alone on its cores. In
// process, the sink would take half of the harness's one core and the ceiling would be the
// harness's and the sink's together. Supervised like a backend (stack/managed-process.ts): no
// orphan survives the harness, even a SIGKILLed one.

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { freePort } from '../stack/free-port.js';
import { ManagedProcess } from '../stack/managed-process.js';

export interface SinkProcess {
  httpUrl: string;
  grpcEndpoint: string;
  /** Stops it and removes its log dir. */
  close(): Promise<void>;
}

/** The CLI beside this module (a path, not an import: the command runs in another process). */
const SINK_CLI = fileURLToPath(new URL('../cli/main.js', import.meta.url));
const READY_TIMEOUT_MS = 15_000;
/** Counters are not read from it: print them rarely. */
const PRINT_INTERVAL_S = 3600;

export async function startSinkProcess(cores: readonly number[]): Promise<SinkProcess> {
  const httpPort = await freePort();
  const grpcPort = await freePort();
  const logDir = mkdtempSync(join(tmpdir(), 'obsbench-sink-'));
  const sink = new ManagedProcess({
    name: 'obsbench sink',
    binary: process.execPath,
    args: [
      SINK_CLI,
      'sink',
      '--port',
      String(httpPort),
      '--grpc-port',
      String(grpcPort),
      '--interval',
      String(PRINT_INTERVAL_S),
    ],
    cores: [...cores],
    logPath: join(logDir, 'sink.log'),
    removeWhenOrphaned: logDir,
  });
  const httpUrl = `http://127.0.0.1:${httpPort}`;
  const close = async (): Promise<void> => {
    await sink.stop();
    rmSync(logDir, { recursive: true, force: true });
  };
  sink.start();
  try {
    // Any answer means it listens: a GET of / is a 404 naming the routes.
    await sink.waitReady(async () => {
      const response = await fetch(`${httpUrl}/`, { signal: AbortSignal.timeout(2000) });
      await response.arrayBuffer();
      return true;
    }, READY_TIMEOUT_MS);
  } catch (error) {
    await close();
    throw error;
  }
  return { httpUrl, grpcEndpoint: `127.0.0.1:${grpcPort}`, close };
}
