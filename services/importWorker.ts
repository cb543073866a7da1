/** Worker entry for one import job: its own connection, its own transactions. */
import { parentPort, workerData } from 'node:worker_threads';
import { openProject } from '../db/open';
import { importCorpus } from './corpusImport';
import type { ImportRequest, ImportWorkerMessage } from './jobs';

async function main(): Promise<void> {
  const port = parentPort!;
  const { request, cancelBuffer } = workerData as { request: ImportRequest; cancelBuffer: SharedArrayBuffer };
  const cancelFlag = new Int32Array(cancelBuffer);
  const send = (message: ImportWorkerMessage) => port.postMessage(message);
  try {
    const opened = await openProject(request.projectPath);
    try {
      const summary = importCorpus(opened.db, request.paths, request.options, {
        onProgress: (progress) => send({ type: 'progress', progress }),
        isCancelled: () => Atomics.load(cancelFlag, 0) === 1,
        progressIntervalMs: 100,
      });
      send({ type: 'done', summary });
    } finally {
      opened.db.close();
    }
  } catch (error) {
    send({ type: 'failed', message: (error as Error).message });
  }
}

void main();
