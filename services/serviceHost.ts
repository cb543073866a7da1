/**
 * Runs a project's services in a worker thread and forwards calls to it.
 * Used by the Electron main process and by browser mode alike.
 */
import { randomUUID } from 'node:crypto';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import { isApiMethod, parseApiInput, SpanbenchError, toWireError, type WireResponse } from '../contract/api';
import type { FirstScreenPage, FirstScreenRequest } from './firstScreen';
import type { HostToWorker, WorkerOptions, WorkerToHost } from './workerProtocol';

export class ProjectStartError extends Error {
  constructor(
    readonly kind: string,
    message: string,
  ) {
    super(message);
    this.name = 'ProjectStartError';
  }
}

export class ServiceHost {
  readonly #worker: Worker;
  readonly #pending = new Map<number, (json: string) => void>();
  readonly #pendingPages = new Map<number, (page: FirstScreenPage | Error) => void>();
  #nextId = 1;
  #closed = false;

  private constructor(
    worker: Worker,
    readonly projectPath: string,
    readonly readOnly: boolean,
    readonly readOnlyReason: string | null,
    /** The project file was created by this start (createIfMissing on a path with no project). */
    readonly created: boolean,
  ) {
    this.#worker = worker;
    worker.on('message', (message: WorkerToHost) => {
      if (message.type === 'firstScreen') {
        const settle = this.#pendingPages.get(message.id);
        this.#pendingPages.delete(message.id);
        settle?.(message.page ?? new Error(message.error ?? 'the first screen could not be rendered'));
        return;
      }
      if (message.type !== 'response') return;
      const resolve = this.#pending.get(message.id);
      this.#pending.delete(message.id);
      resolve?.(message.json);
    });
    worker.on('error', (error) => this.#failAll(`The project worker failed: ${error.message}`));
    worker.on('exit', () => {
      this.#closed = true;
      this.#failAll('The project was closed.');
    });
  }

  static start(options: WorkerOptions & { workerScript: string }): Promise<ServiceHost> {
    const { workerScript, ...workerOptions } = options;
    const worker = new Worker(workerScript, { workerData: workerOptions });
    return new Promise((resolve, reject) => {
      const onMessage = (message: WorkerToHost) => {
        if (message.type === 'ready') {
          cleanup();
          resolve(new ServiceHost(worker, message.file, message.readOnly, message.readOnlyReason, message.created));
        } else if (message.type === 'failed') {
          cleanup();
          void worker.terminate();
          reject(new ProjectStartError(message.kind, message.message));
        }
      };
      const onError = (error: Error) => {
        cleanup();
        reject(new ProjectStartError('internal', `The project worker could not start: ${error.message}`));
      };
      const cleanup = () => {
        worker.off('message', onMessage);
        worker.off('error', onError);
      };
      worker.on('message', onMessage);
      worker.on('error', onError);
    });
  }

  /** Validates and forwards one call. Never throws: failures come back as wire errors. */
  async call(method: unknown, rawInput: unknown): Promise<WireResponse<unknown>> {
    return JSON.parse(await this.callJson(method, rawInput)) as WireResponse<unknown>;
  }

  /** The same, answering with the WireResponse as JSON text (browser mode sends it on unparsed). */
  callJson(method: unknown, rawInput: unknown): Promise<string> {
    try {
      if (!isApiMethod(method)) throw new SpanbenchError('unknown_method', `There is no API method ${JSON.stringify(String(method)).slice(0, 80)}.`);
      parseApiInput(method, rawInput);
      if (this.#closed) throw new SpanbenchError('internal', 'The project is closed.');
    } catch (error) {
      return Promise.resolve(JSON.stringify({ ok: false, error: toWireError(error) }));
    }
    const id = this.#nextId++;
    return new Promise((resolve) => {
      this.#pending.set(id, resolve);
      this.#worker.postMessage({ type: 'call', id, method, input: rawInput } satisfies HostToWorker);
    });
  }

  /**
   * index.html with the first screen drawn in (services/firstScreen.ts), rendered in the worker so
   * neither the Electron UI thread nor the HTTP server spends time on it. Rejects when it cannot
   * be rendered; the caller then serves the plain index.html and the app loads as usual.
   */
  renderFirstScreen(request: FirstScreenRequest): Promise<FirstScreenPage> {
    if (this.#closed) return Promise.reject(new Error('The project is closed.'));
    const id = this.#nextId++;
    return new Promise((resolve, reject) => {
      this.#pendingPages.set(id, (page) => (page instanceof Error ? reject(page) : resolve(page)));
      this.#worker.postMessage({ type: 'firstScreen', id, request } satisfies HostToWorker);
    });
  }

  /**
   * Registers files chosen through trusted code (a native dialog, a drop, a browser upload)
   * and returns the ids the renderer may pass to startImport. The renderer never names paths.
   */
  stageFiles(paths: readonly string[]): string[] {
    const entries = paths.map((file): [string, string] => [randomUUID(), path.resolve(file)]);
    this.#worker.postMessage({ type: 'stage', entries } satisfies HostToWorker);
    return entries.map(([id]) => id);
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    const closed = new Promise<void>((resolve) => {
      this.#worker.on('message', (message: WorkerToHost) => message.type === 'closed' && resolve());
      this.#worker.on('exit', () => resolve());
    });
    this.#worker.postMessage({ type: 'close' } satisfies HostToWorker);
    await closed;
    await this.#worker.terminate();
  }

  #failAll(message: string): void {
    for (const resolve of this.#pending.values()) resolve(JSON.stringify({ ok: false, error: { code: 'internal', message } }));
    this.#pending.clear();
    for (const settle of this.#pendingPages.values()) settle(new Error(message));
    this.#pendingPages.clear();
  }
}
