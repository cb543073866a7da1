/**
 * Long tasks (imports, exports) run off the thread that answers API calls; the renderer
 * polls their state. A job's work runs in its own worker with its own connection, so the
 * project stays readable while it runs.
 */
import { randomUUID } from 'node:crypto';
import { Worker } from 'node:worker_threads';
import { SpanbenchError, type JobProgress, type JobState } from '../contract/api';
import { openProject, type SqliteAddonOption } from '../db/open';
import { runExport, type ExportRequest, type ExportRunSummary } from './annotationExport';
import { importCorpus, type CorpusImportOptions, type ImportSummary } from './corpusImport';

export interface ImportRequest {
  projectPath: string;
  paths: string[];
  options: CorpusImportOptions;
}

export interface JobControl {
  onProgress(progress: JobProgress): void;
  /** Set to 1 to ask the job to stop; shared with a worker so a busy loop can see it. */
  cancelFlag: Int32Array;
}

export type ImportRunner = (request: ImportRequest, control: JobControl) => Promise<ImportSummary>;

export interface ExportJobRequest {
  projectPath: string;
  request: ExportRequest;
}

export type ExportRunner = (request: ExportJobRequest, control: JobControl) => Promise<ExportRunSummary>;

/** Runs the export in this thread, on a read-only connection of its own. */
export const inProcessExportRunner: ExportRunner = async (job, control) => {
  const opened = await openProject(job.projectPath, { readOnly: true, openInThisProcess: true });
  try {
    return runExport(opened.db, job.request, {
      onProgress: control.onProgress,
      isCancelled: () => Atomics.load(control.cancelFlag, 0) === 1,
    });
  } finally {
    opened.db.close();
  }
};

const EMPTY_PROGRESS: JobProgress = { filesDone: 0, filesTotal: 0, currentFile: null, bytesDone: 0, bytesTotal: 0, documentsDone: 0, elapsedMs: 0 };

/** Runs the import in this thread. For tests and tools; the app uses workerImportRunner. */
export const inProcessImportRunner: ImportRunner = async (request, control) => {
  const opened = await openProject(request.projectPath, { openInThisProcess: true });
  try {
    return importCorpus(opened.db, request.paths, request.options, {
      onProgress: control.onProgress,
      isCancelled: () => Atomics.load(control.cancelFlag, 0) === 1,
    });
  } finally {
    opened.db.close();
  }
};

export type JobWorkerMessage =
  | { type: 'progress'; progress: JobProgress }
  | { type: 'done'; summary: ImportSummary | ExportRunSummary }
  | { type: 'failed'; message: string };

/** What a job worker is asked to do, and with which better-sqlite3 addon (its own connection loads one). */
export type JobWorkerData = ({ kind: 'import'; request: ImportRequest; cancelBuffer: SharedArrayBuffer } | { kind: 'export'; request: ExportJobRequest; cancelBuffer: SharedArrayBuffer }) & SqliteAddonOption;

export function workerImportRunner(workerScript: string, sqlite: SqliteAddonOption = {}): ImportRunner {
  return (request, control) => runInWorker(workerScript, { kind: 'import', request, cancelBuffer: control.cancelFlag.buffer as SharedArrayBuffer, ...sqlite }, control) as Promise<ImportSummary>;
}

export function workerExportRunner(workerScript: string, sqlite: SqliteAddonOption = {}): ExportRunner {
  return (request, control) => runInWorker(workerScript, { kind: 'export', request, cancelBuffer: control.cancelFlag.buffer as SharedArrayBuffer, ...sqlite }, control) as Promise<ExportRunSummary>;
}

function runInWorker(workerScript: string, data: JobWorkerData, control: JobControl): Promise<ImportSummary | ExportRunSummary> {
  return new Promise((resolve, reject) => {
      const worker = new Worker(workerScript, { workerData: data });
      let settled = false;
      worker.on('message', (message: JobWorkerMessage) => {
        if (message.type === 'progress') control.onProgress(message.progress);
        else if (message.type === 'done') {
          settled = true;
          resolve(message.summary);
        } else {
          settled = true;
          reject(new Error(message.message));
        }
      });
      worker.on('error', (error) => {
        if (!settled) reject(error);
        settled = true;
      });
      worker.on('exit', (code) => {
        if (!settled) reject(new Error(`the ${data.kind} worker stopped unexpectedly (exit ${code})`));
      });
  });
}

interface Job {
  state: JobState;
  cancelFlag: Int32Array;
}

export class JobRegistry {
  readonly #jobs = new Map<string, Job>();

  startImport(request: ImportRequest, runner: ImportRunner): JobState {
    for (const job of this.#jobs.values()) {
      // One writer at a time: a second import would only wait for the first one's lock.
      if (job.state.state === 'running' && job.state.kind === 'import') {
        throw new SpanbenchError('busy', 'An import is already running; wait for it to finish or cancel it.');
      }
    }
    const id = randomUUID();
    const job: Job = {
      state: { id, kind: 'import', state: 'running', progress: { ...EMPTY_PROGRESS }, summary: null, exportSummary: null, error: null },
      cancelFlag: new Int32Array(new SharedArrayBuffer(4)),
    };
    this.#jobs.set(id, job);
    runner(request, { cancelFlag: job.cancelFlag, onProgress: (progress) => (job.state.progress = progress) }).then(
      (summary) => {
        job.state.summary = summary;
        job.state.progress = { ...job.state.progress, filesDone: summary.files.length, bytesDone: job.state.progress.bytesTotal, documentsDone: summary.imported };
        job.state.state = summary.cancelled ? 'cancelled' : 'done';
      },
      (error: Error) => {
        job.state.state = 'failed';
        job.state.error = error.message;
      },
    );
    return this.get(id);
  }

  /** `finish` turns the run's summary into the job's (adding download details). */
  startExport(id: string, request: ExportJobRequest, runner: ExportRunner, finish: (summary: ExportRunSummary) => JobState['exportSummary']): JobState {
    const job: Job = {
      state: { id, kind: 'export', state: 'running', progress: { ...EMPTY_PROGRESS }, summary: null, exportSummary: null, error: null },
      cancelFlag: new Int32Array(new SharedArrayBuffer(4)),
    };
    this.#jobs.set(id, job);
    runner(request, { cancelFlag: job.cancelFlag, onProgress: (progress) => (job.state.progress = progress) }).then(
      (summary) => {
        job.state.exportSummary = finish(summary);
        job.state.progress = { ...job.state.progress, filesDone: summary.documents, documentsDone: summary.documents };
        job.state.state = summary.cancelled ? 'cancelled' : 'done';
      },
      (error: Error) => {
        job.state.state = 'failed';
        job.state.error = error.message;
      },
    );
    return this.get(id);
  }

  get(id: string): JobState {
    const job = this.#jobs.get(id);
    if (!job) throw new SpanbenchError('not_found', `There is no job ${id}.`);
    return structuredClone(job.state);
  }

  cancel(id: string): JobState {
    const job = this.#jobs.get(id);
    if (!job) throw new SpanbenchError('not_found', `There is no job ${id}.`);
    if (job.state.state === 'running') Atomics.store(job.cancelFlag, 0, 1);
    return this.get(id);
  }

  /** Asks every running job to stop, and waits until they have (at most `timeoutMs`). */
  async cancelAll(timeoutMs = 10_000): Promise<void> {
    for (const job of this.#jobs.values()) if (job.state.state === 'running') Atomics.store(job.cancelFlag, 0, 1);
    const deadline = Date.now() + timeoutMs;
    while ([...this.#jobs.values()].some((job) => job.state.state === 'running') && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }
}
