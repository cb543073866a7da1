/**
 * The worker thread that owns a project's SQLite connection, so that imports,
 * exports and queries never block the Electron UI thread or the HTTP server.
 */
import { parentPort, workerData } from 'node:worker_threads';
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
  try {
    const opened = await ensureProject(options.projectPath, {
      create: options.createIfMissing ?? false,
      readOnly: options.readOnly ?? false,
      withSample: options.withSample ?? false,
    });
    service = createProjectService(opened);
  } catch (error) {
    const kind = error instanceof ProjectOpenError ? error.kind : 'internal';
    send({ type: 'failed', kind, message: (error as Error).message });
    return;
  }
  send({ type: 'ready', readOnly: service.project.readOnly, readOnlyReason: service.project.readOnlyReason, file: service.project.file });
  port.on('message', (message: HostToWorker) => {
    if (message.type === 'close') {
      service.close();
      send({ type: 'closed' });
      port.close();
      return;
    }
    void dispatchCall(service.handlers, message.method, message.input).then((response) => send({ type: 'response', id: message.id, response }));
  });
}

void main();
