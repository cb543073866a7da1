/**
 * What the preload exposes, written against injected electron pieces so it is unit-tested in Node.
 * The sandboxed preload (preload.ts) may only require 'electron'; everything here is bundled into it.
 *
 * Exposed: window.spanbench (one function per contract method, nothing else) and
 * window.spanbenchShell (platform, onCommand, chooseImportFiles, stageDroppedFiles, chooseExportDestination).
 * No ipcRenderer, no generic invoke.
 */
import { annotationFormats, apiMethods, type AnnotationFormat, type ApiMethod, type ErrorCode, type SpanbenchApi, type WireResponse } from '../contract/api';
import {
  IPC_CALL_CHANNEL,
  IPC_CHOOSE_EXPORT_CHANNEL,
  IPC_CHOOSE_IMPORT_CHANNEL,
  IPC_COMMAND_CHANNEL,
  IPC_STAGE_DROPPED_CHANNEL,
  importChoiceKinds,
  MAX_DROPPED_PATHS,
  shellCommands,
  type ImportChoiceKind,
  type ShellCommand,
  type SpanbenchShell,
} from '../contract/shell';

export interface ContextBridgeLike {
  exposeInMainWorld(apiKey: string, api: unknown): void;
  executeInMainWorld?: (script: { func: (...args: never[]) => unknown; args?: unknown[] }) => unknown;
}

export interface IpcRendererLike {
  invoke(channel: string, ...args: unknown[]): Promise<unknown>;
  on(channel: string, listener: (event: unknown, ...args: unknown[]) => void): unknown;
}

/** electron's webUtils: the only way left (since Electron 32) to learn a dropped File's path. */
export interface WebUtilsLike {
  getPathForFile(file: File): string;
}

export type SpanbenchErrorLike = Error & { code: ErrorCode; field?: string };

function isWireResponse(value: unknown): value is WireResponse<unknown> {
  if (typeof value !== 'object' || value === null) return false;
  const response = value as { ok?: unknown; error?: unknown };
  if (response.ok === true) return 'result' in response;
  return response.ok === false && typeof response.error === 'object' && response.error !== null;
}

/** The result, or an Error whose message is the wire message and whose `code` (and `field`, when it has one) are the wire's. */
export function unwrapWireResponse(response: unknown): unknown {
  if (!isWireResponse(response)) {
    throw Object.assign(new Error('The back end sent an answer Spanbench does not understand.'), { name: 'SpanbenchError', code: 'internal' as ErrorCode });
  }
  if (response.ok) return response.result;
  const { code, field } = response.error;
  throw Object.assign(new Error(response.error.message), { name: 'SpanbenchError', code, ...(field !== undefined ? { field } : {}) });
}

export function createApi(ipcRenderer: IpcRendererLike): SpanbenchApi {
  const api: Partial<Record<ApiMethod, (input: unknown) => Promise<unknown>>> = {};
  for (const method of apiMethods) {
    api[method] = async (input: unknown) => unwrapWireResponse(await ipcRenderer.invoke(IPC_CALL_CHANNEL, method, input));
  }
  return Object.freeze(api) as SpanbenchApi;
}

/** Returns the WireResponse untouched; only ever handed to installApiInMainWorld's closure. */
export function createWireCall(ipcRenderer: IpcRendererLike): (method: string, input: unknown) => Promise<unknown> {
  const allowed = new Set<string>(apiMethods);
  return (method, input) => {
    if (!allowed.has(method)) return Promise.resolve({ ok: false, error: { code: 'unknown_method', message: `Unknown method ${String(method)}` } });
    return ipcRenderer.invoke(IPC_CALL_CHANNEL, method, input);
  };
}

/**
 * Runs in the page's main world (serialized by contextBridge.executeInMainWorld: it must not
 * refer to anything outside itself). contextBridge copies a thrown Error with its message only
 * (electron/electron#25596), so the Error carrying `code` is built here, on the page's side.
 */
export function installApiInMainWorld(methods: readonly string[], call: (method: string, input: unknown) => Promise<unknown>): void {
  const api: Record<string, (input: unknown) => Promise<unknown>> = {};
  for (const method of methods) {
    api[method] = (input: unknown) =>
      call(method, input).then((response) => {
        const wire = response as { ok?: boolean; result?: unknown; error?: { code?: string; message?: string; field?: string } } | null;
        if (wire && wire.ok === true) return wire.result;
        const problem: { code?: string; message?: string; field?: string } = wire && wire.error ? wire.error : { code: 'internal', message: 'The back end sent an answer Spanbench does not understand.' };
        const error = new Error(String(problem.message)) as Error & { code?: string; field?: string };
        error.name = 'SpanbenchError';
        error.code = String(problem.code);
        // The input field the refusal is about: a form shows it there (renderer/lib/labelForm.ts).
        if (typeof problem.field === 'string') error.field = problem.field;
        throw error;
      });
  }
  Object.freeze(api);
  Object.defineProperty(globalThis, 'spanbench', { value: api, enumerable: true, configurable: false, writable: false });
}

export function isShellCommand(value: unknown): value is ShellCommand {
  return typeof value === 'string' && (shellCommands as readonly string[]).includes(value);
}

function unwrapIds(response: unknown): string[] {
  const result = unwrapWireResponse(response);
  if (!Array.isArray(result) || !result.every((id) => typeof id === 'string')) {
    throw Object.assign(new Error('The back end sent an answer Spanbench does not understand.'), { name: 'SpanbenchError', code: 'internal' as ErrorCode });
  }
  return result;
}

export function createShell(ipcRenderer: IpcRendererLike, platform: string, webUtils?: WebUtilsLike): SpanbenchShell {
  const listeners = new Set<(command: ShellCommand) => void>();
  // The IPC event (with its sender) never reaches the page: only a checked command name does.
  ipcRenderer.on(IPC_COMMAND_CHANNEL, (_event, command) => {
    if (!isShellCommand(command)) return;
    for (const listener of [...listeners]) {
      try {
        listener(command);
      } catch (error) {
        console.error('spanbenchShell listener failed', error);
      }
    }
  });
  return Object.freeze({
    platform,
    onCommand(listener: (command: ShellCommand) => void): () => void {
      if (typeof listener !== 'function') throw new TypeError('onCommand needs a function');
      listeners.add(listener);
      return () => {
        listeners.delete(listener);
      };
    },
    async chooseImportFiles(kind: ImportChoiceKind): Promise<string[]> {
      if (!(importChoiceKinds as readonly string[]).includes(kind)) throw new TypeError(`chooseImportFiles: kind must be one of ${importChoiceKinds.join(', ')}`);
      return unwrapIds(await ipcRenderer.invoke(IPC_CHOOSE_IMPORT_CHANNEL, kind));
    },
    async stageDroppedFiles(files: File[]): Promise<string[]> {
      if (!webUtils) throw Object.assign(new Error('Dropping files is not available in this window.'), { name: 'SpanbenchError', code: 'internal' as ErrorCode });
      const list = Array.from(files ?? []).slice(0, MAX_DROPPED_PATHS);
      if (list.length === 0) return [];
      // Only paths cross to main; main checks the sender and that each path exists.
      const paths = list.map((file) => {
        try {
          return webUtils.getPathForFile(file);
        } catch {
          return '';
        }
      });
      return unwrapIds(await ipcRenderer.invoke(IPC_STAGE_DROPPED_CHANNEL, paths));
    },
    async chooseExportDestination(format: AnnotationFormat, suggestedName: string): Promise<string | null> {
      if (!(annotationFormats as readonly string[]).includes(format)) throw new TypeError(`chooseExportDestination: format must be one of ${annotationFormats.join(', ')}`);
      if (typeof suggestedName !== 'string') throw new TypeError('chooseExportDestination: the suggested name is a string');
      const result = unwrapWireResponse(await ipcRenderer.invoke(IPC_CHOOSE_EXPORT_CHANNEL, format, suggestedName));
      if (result !== null && typeof result !== 'string') {
        throw Object.assign(new Error('The back end sent an answer Spanbench does not understand.'), { name: 'SpanbenchError', code: 'internal' as ErrorCode });
      }
      return result;
    },
  }) satisfies SpanbenchShell;
}

export function installPreload(electron: { contextBridge: ContextBridgeLike; ipcRenderer: IpcRendererLike; webUtils?: WebUtilsLike }, platform: string): void {
  const { contextBridge, ipcRenderer, webUtils } = electron;
  if (typeof contextBridge.executeInMainWorld === 'function') {
    contextBridge.executeInMainWorld({
      func: installApiInMainWorld as (...args: never[]) => unknown,
      args: [[...apiMethods], createWireCall(ipcRenderer)],
    });
  } else {
    // Older Electron: codes are lost crossing the bridge, messages survive.
    contextBridge.exposeInMainWorld('spanbench', createApi(ipcRenderer));
  }
  contextBridge.exposeInMainWorld('spanbenchShell', createShell(ipcRenderer, platform, webUtils));
}
