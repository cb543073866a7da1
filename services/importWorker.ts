/** Worker entry for one import or export job: its own connection, its own transactions. */
import { parentPort, workerData } from 'node:worker_threads';
import type { JobProgress } from '../contract/api';
import { openProject } from '../db/open';
import { runExport } from './annotationExport';
import { importCorpus } from './corpusImport';
import type { JobWorkerData, JobWorkerMessage } from './jobs';

async function main(): Promise<void> {
  const port = parentPort!;
  const data = workerData as JobWorkerData;
  const cancelFlag = new Int32Array(data.cancelBuffer);
  const send = (message: JobWorkerMessage) => port.postMessage(message);
  const hooks = {
    onProgress: (progress: JobProgress) => send({ type: 'progress', progress }),
    isCancelled: () => Atomics.load(cancelFlag, 0) === 1,
    progressIntervalMs: 100,
  };
  try {
    // A worker thread of the app's process, which has the project open (see openInThisProcess).
    const opened = await openProject(data.request.projectPath, { readOnly: data.kind === 'export', openInThisProcess: true, nativeBinding: data.nativeBinding });
    try {
      const summary = data.kind === 'import' ? importCorpus(opened.db, data.request.paths, data.request.options, hooks) : runExport(opened.db, data.request.request, hooks);
      send({ type: 'done', summary });
    } finally {
      opened.db.close();
    }
  } catch (error) {
    send({ type: 'failed', message: (error as Error).message });
  }
}

void main();
