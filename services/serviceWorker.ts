/**
 * The worker thread that owns a project's SQLite connection, so that imports,
 * exports and queries never block the Electron UI thread or the HTTP server.
 */
import path from 'node:path';
import { parentPort, workerData } from 'node:worker_threads';
import { AutoBackup } from './backups';
import { backupDir } from './paths';
import { workerExportRunner, workerImportRunner } from './jobs';
import { SpanbenchError, toWireError, type WireResponse } from '../contract/api';
import { contentVersion } from '../db/contentVersion';
import { ProjectOpenError } from '../db/open';
import { dispatchCall } from './dispatch';
import { composeFirstScreenPage, DrawnPageCache, loadFirstScreen, type FirstScreenPage, type FirstScreenRenderer, type FirstScreenRequest } from './firstScreen';
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
      // The backup taken before a schema upgrade goes with the others, where Restore Backup… looks.
      backupDir: (options.backups !== false && options.backups?.dir) || backupDir(options.projectPath),
      nativeBinding: options.nativeBinding,
    });
    const sqlite = { nativeBinding: options.nativeBinding };
    service = createProjectService(opened, {
      stagedFiles,
      importRunner: workerImportRunner(path.join(__dirname, 'importWorker.cjs'), sqlite),
      exportRunner: workerExportRunner(path.join(__dirname, 'importWorker.cjs'), sqlite),
    });
  } catch (error) {
    const kind = error instanceof ProjectOpenError ? error.kind : 'internal';
    send({ type: 'failed', kind, message: (error as Error).message });
    return;
  }
  // Backups: at most hourly while the project changes, and on close (services/backups.ts).
  const backups = options.backups ?? {};
  const autoBackup =
    backups === false || service.project.readOnly
      ? null
      : new AutoBackup(service.project.db, service.project.file, {
          ...(backups.dir !== undefined ? { dir: backups.dir } : {}),
          ...(backups.intervalMs !== undefined ? { intervalMs: backups.intervalMs } : {}),
          onError: (error) => console.warn(`[spanbench] automatic backup of ${service.project.file} failed: ${error.message}`),
        });
  autoBackup?.start();
  send({ type: 'ready', readOnly: service.project.readOnly, readOnlyReason: service.project.readOnlyReason, file: service.project.file, created: service.project.created });
  // The window's first page is drawn with it: loading and compiling it now (~0.2 s) keeps that off the first page.
  setImmediate(() => {
    try {
      firstScreenRenderer();
    } catch {
      // Reported when a page asks for it (the plain page is served then).
    }
  });
  port.on('message', (message: HostToWorker) => {
    if (message.type === 'stage') {
      for (const [id, file] of message.entries) stagedFiles.set(id, file);
      return;
    }
    if (message.type === 'firstScreen') {
      void renderPage(service, message.request).then(
        (page) => send({ type: 'firstScreen', id: message.id, page, error: null }),
        (error: unknown) => send({ type: 'firstScreen', id: message.id, page: null, error: (error as Error).message }),
      );
      return;
    }
    if (message.type === 'close') {
      void service.jobs
        .cancelAll()
        .then(() => autoBackup?.stop())
        .finally(() => {
          service.close();
          send({ type: 'closed' });
          port.close();
        });
      return;
    }
    void dispatchCall(service.handlers, message.method, message.input).then((response) => send({ type: 'response', id: message.id, json: responseJson(response) }));
  });
}

/**
 * The response as JSON text. A result too long for one string (V8 caps a string at about 512 M
 * characters) must still be answered, or the caller would wait for ever.
 */
function responseJson(response: WireResponse<unknown>): string {
  try {
    return JSON.stringify(response);
  } catch (error) {
    return JSON.stringify({ ok: false, error: toWireError(new SpanbenchError('internal', `The answer could not be sent: ${(error as Error).message}.`)) });
  }
}

/** The App compiled for the server (dist/ssr), a built file beside this bundle (dist/node → dist/ssr). */
let renderer: FirstScreenRenderer | null = null;

function firstScreenRenderer(): FirstScreenRenderer {
  renderer ??= require(path.join(__dirname, '../ssr/firstScreen.cjs')) as FirstScreenRenderer;
  return renderer;
}

const drawnPages = new DrawnPageCache();

async function renderPage(service: ProjectService, request: FirstScreenRequest): Promise<FirstScreenPage> {
  // Read before the data: a change made while the page is drawn gives the next request a new version.
  const version = contentVersion(service.project.db);
  const kept = drawnPages.get(request, version);
  if (kept) return kept;
  const firstScreen = await loadFirstScreen(service.handlers, request.documentId);
  const page = composeFirstScreenPage(request, firstScreenRenderer().renderFirstScreen(firstScreen), firstScreen);
  drawnPages.set(request, version, page);
  return page;
}

void main();
