// Entry point of a load worker thread: wires the worker to its parent's message port.

import { parentPort, workerData } from 'node:worker_threads';
import { LoadWorker } from './worker-main.js';
import type { FromWorker, ToWorker, WorkerConfig } from './worker-protocol.js';

const port = parentPort;
if (!port) throw new Error('worker-entry.js must run in a worker thread');

const worker = new LoadWorker(workerData as WorkerConfig);
port.on('message', (message: ToWorker) => {
  if (message.cmd === 'stop') worker.stop(message.reason);
});

const post = (message: FromWorker): void => port.postMessage(message);
worker
  .run({ onProgress: (snapshot) => post({ cmd: 'progress', snapshot }) })
  .then((final) => {
    post({ cmd: 'done', final });
    port.close();
  })
  .catch((error: unknown) => {
    const e = error as { message?: string; code?: string };
    post({ cmd: 'fatal', message: e?.message ?? String(error), code: e?.code ?? 'E_INTERNAL' });
    port.close();
  });
