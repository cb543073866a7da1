/**
 * The worker thread that owns a project's SQLite connection, so that imports,
 * exports and queries never block the Electron UI thread or the HTTP server.
 */
import path from 'node:path';
import { parentPort, workerData } from 'node:worker_threads';
import { workerImportRunner } from './jobs';
import { ProjectOpenError } from '../db/open';
import { dispatchCall } from './dispatch';
import { ensureProject } from './project';
import { createProjectService, type ProjectService } from './projectService';
import type { HostToWorker, WorkerOptions, WorkerToHost } from './workerProtocol';

async function main(): Promise<void> {
  const port = parentPort;
  if (!port) throw new Error('serviceWorker must run in a worker thread');
  const options = workerData as WorkerOptions;
  const send = (message: WorkerToHost) => port.postMessage(message);
  let service: ProjectService;
  const stagedFiles = new Map<string, string>();
  try {
    const opened = await ensureProject(options.projectPath, {
      create: options.createIfMissing ?? false,
      readOnly: options.readOnly ?? false,
      withSample: options.withSample ?? false,
    });
    service = createProjectService(opened, { stagedFiles, importRunner: workerImportRunner(path.join(__dirname, 'importWorker.cjs')) });
  } catch (error) {
    const kind = error instanceof ProjectOpenError ? error.kind : 'internal';
    send({ type: 'failed', kind, message: (error as Error).message });
    return;
  }
  send({ type: 'ready', readOnly: service.project.readOnly, readOnlyReason: service.project.readOnlyReason, file: service.project.file });
  port.on('message', (message: HostToWorker) => {
    if (message.type === 'stage') {
      for (const [id, file] of message.entries) stagedFiles.set(id, file);
      return;
    }
    if (message.type === 'close') {
      void service.jobs.cancelAll().finally(() => {
        service.close();
        send({ type: 'closed' });
        port.close();
      });
      return;
    }
    void dispatchCall(service.handlers, message.method, message.input).then((response) => send({ type: 'response', id: message.id, response }));
  });
}

void main();
