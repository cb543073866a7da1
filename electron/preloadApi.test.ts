import path from 'node:path';
import vm from 'node:vm';
import { build } from 'esbuild';
import { describe, expect, it, vi } from 'vitest';
import { apiMethods } from '../contract/api';
import { IPC_CALL_CHANNEL, IPC_CHOOSE_EXPORT_CHANNEL, IPC_CHOOSE_IMPORT_CHANNEL, IPC_COMMAND_CHANNEL, IPC_STAGE_DROPPED_CHANNEL } from '../contract/shell';
import { createApi, createShell, installApiInMainWorld, installPreload, unwrapWireResponse, type IpcRendererLike } from './preloadApi';

function fakeIpc(answer: (method: string, input: unknown) => unknown = () => ({ ok: true, result: null })) {
  const listeners = new Map<string, (event: unknown, ...args: unknown[]) => void>();
  const ipc = {
    invoke: vi.fn(async (channel: string, method: unknown, input: unknown) => {
      expect(channel).toBe(IPC_CALL_CHANNEL);
      return answer(String(method), input);
    }),
    on: vi.fn((channel: string, listener: (event: unknown, ...args: unknown[]) => void) => {
      listeners.set(channel, listener);
    }),
  } satisfies IpcRendererLike;
  const push = (command: unknown) => listeners.get(IPC_COMMAND_CHANNEL)?.({ sender: 'secret ipc object' }, command);
  return { ipc, push };
}

describe('unwrapWireResponse', () => {
  it('returns results and throws errors with the wire code and message', () => {
    expect(unwrapWireResponse({ ok: true, result: { a: 1 } })).toEqual({ a: 1 });
    expect(unwrapWireResponse({ ok: true, result: null })).toBeNull();
    expect(() => unwrapWireResponse({ ok: false, error: { code: 'not_found', message: 'No document 4.' } })).toThrow(
      expect.objectContaining({ message: 'No document 4.', code: 'not_found', name: 'SpanbenchError' }),
    );
    expect(() => unwrapWireResponse({ ok: false, error: { code: 'conflict', message: 'Hotkey 1 is already used by Agency.', field: 'hotkey' } })).toThrow(
      expect.objectContaining({ message: 'Hotkey 1 is already used by Agency.', code: 'conflict', field: 'hotkey' }),
    );
    expect(() => unwrapWireResponse(undefined)).toThrow(expect.objectContaining({ code: 'internal' }));
  });
});

describe('createApi (fallback path, Electron without executeInMainWorld)', () => {
  it('has one function per method that invokes the call channel', async () => {
    const { ipc } = fakeIpc((method) => ({ ok: true, result: `${method}!` }));
    const api = createApi(ipc);
    expect(Object.keys(api).sort()).toEqual([...apiMethods].sort());
    expect(Object.isFrozen(api)).toBe(true);
    await expect(api.getDocument({ id: 3 })).resolves.toBe('getDocument!');
    expect(ipc.invoke).toHaveBeenCalledWith(IPC_CALL_CHANNEL, 'getDocument', { id: 3 });
  });
});

describe('installApiInMainWorld', () => {
  it('works after being serialized into another realm, building errors with their code there', async () => {
    // contextBridge.executeInMainWorld serializes the function; run it the same way.
    const realm = vm.createContext({});
    const installed = vm.runInContext(`(${installApiInMainWorld.toString()})`, realm) as typeof installApiInMainWorld;
    const call = async (method: string) =>
      method === 'listLabels'
        ? { ok: true, result: ['Agency'] }
        : method === 'createLabel'
          ? { ok: false, error: { code: 'conflict', message: 'A label named Agency already exists.', field: 'name' } }
          : { ok: false, error: { code: 'read_only', message: 'The project is open read-only.' } };
    installed(['listLabels', 'createSpan', 'createLabel'], call);
    const api = vm.runInContext('globalThis.spanbench', realm) as Record<string, (input: unknown) => Promise<unknown>>;
    expect(Object.keys(api)).toEqual(['listLabels', 'createSpan', 'createLabel']);
    await expect(api.listLabels?.({})).resolves.toEqual(['Agency']);
    const error = await api.createSpan?.({}).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(vm.runInContext('Error', realm) as ErrorConstructor);
    expect(error).toMatchObject({ name: 'SpanbenchError', code: 'read_only', message: 'The project is open read-only.' });
    expect(Object.keys(error as object)).not.toContain('field');
    // The field a refusal is about comes across too, for the Labels dialog to show it there.
    const refusal = await api.createLabel?.({}).catch((caught: unknown) => caught);
    expect(refusal).toMatchObject({ name: 'SpanbenchError', code: 'conflict', message: 'A label named Agency already exists.', field: 'name' });
    expect(vm.runInContext(`Object.getOwnPropertyDescriptor(globalThis, 'spanbench').writable`, realm)).toBe(false);
  });
});

describe('createShell', () => {
  it('passes only known command names to listeners, never the IPC event', () => {
    const { ipc, push } = fakeIpc();
    const shell = createShell(ipc, 'linux');
    const listener = vi.fn();
    const unsubscribe = shell.onCommand(listener);
    push('undo');
    push('rm -rf');
    push({ command: 'undo' });
    expect(listener.mock.calls).toEqual([['undo']]);
    unsubscribe();
    push('redo');
    expect(listener).toHaveBeenCalledTimes(1);
    expect(shell.platform).toBe('linux');
  });
});

describe('createShell import staging', () => {
  function importIpc(answer: unknown) {
    const calls: unknown[][] = [];
    const ipc: IpcRendererLike = {
      invoke: async (...args: unknown[]) => {
        calls.push(args);
        return answer;
      },
      on: () => undefined,
    };
    return { ipc, calls };
  }

  it('chooseImportFiles invokes its own channel with the kind and returns the ids', async () => {
    const { ipc, calls } = importIpc({ ok: true, result: ['a1b2c3d4e5', 'f6g7h8i9j0'] });
    const shell = createShell(ipc, 'linux');
    await expect(shell.chooseImportFiles('folder')).resolves.toEqual(['a1b2c3d4e5', 'f6g7h8i9j0']);
    expect(calls).toEqual([[IPC_CHOOSE_IMPORT_CHANNEL, 'folder']]);
    await expect(shell.chooseImportFiles('anything' as 'files')).rejects.toThrow(/kind/);
    expect(calls).toHaveLength(1);
  });

  it('stageDroppedFiles sends only the paths webUtils finds, and passes wire errors on', async () => {
    const { ipc, calls } = importIpc({ ok: true, result: ['id-one-1234'] });
    const webUtils = { getPathForFile: (file: File) => (file.name === 'web.png' ? '' : `/home/a/${file.name}`) };
    const shell = createShell(ipc, 'linux', webUtils);
    const files = [new File(['x'], 'news.jsonl'), new File(['y'], 'web.png')];
    await expect(shell.stageDroppedFiles(files)).resolves.toEqual(['id-one-1234']);
    expect(calls).toEqual([[IPC_STAGE_DROPPED_CHANNEL, ['/home/a/news.jsonl', '']]]);
    await expect(shell.stageDroppedFiles([])).resolves.toEqual([]);

    const refusing = createShell(importIpc({ ok: false, error: { code: 'not_found', message: 'gone' } }).ipc, 'linux', webUtils);
    await expect(refusing.stageDroppedFiles(files)).rejects.toMatchObject({ code: 'not_found', message: 'gone' });
    const confused = createShell(importIpc({ ok: true, result: [1, 2] }).ipc, 'linux', webUtils);
    await expect(confused.stageDroppedFiles(files)).rejects.toMatchObject({ code: 'internal' });
    await expect(createShell(ipc, 'linux').stageDroppedFiles(files)).rejects.toThrow(/not available/);
  });

  it('chooseExportDestination invokes its own channel and returns the staged id or null', async () => {
    const { ipc, calls } = importIpc({ ok: true, result: 'dest-1234abcd' });
    const shell = createShell(ipc, 'linux');
    await expect(shell.chooseExportDestination('conll', 'news-conll')).resolves.toBe('dest-1234abcd');
    expect(calls).toEqual([[IPC_CHOOSE_EXPORT_CHANNEL, 'conll', 'news-conll']]);
    await expect(shell.chooseExportDestination('exe' as 'conll', 'x')).rejects.toThrow(/format/);
    expect(calls).toHaveLength(1);
    await expect(createShell(importIpc({ ok: true, result: null }).ipc, 'linux').chooseExportDestination('brat', 'x')).resolves.toBeNull();
    await expect(createShell(importIpc({ ok: true, result: ['/etc'] }).ipc, 'linux').chooseExportDestination('brat', 'x')).rejects.toMatchObject({ code: 'internal' });
    await expect(createShell(importIpc({ ok: false, error: { code: 'forbidden', message: 'no' } }).ipc, 'linux').chooseExportDestination('brat', 'x')).rejects.toMatchObject({ code: 'forbidden' });
  });
});

describe('installPreload', () => {
  it('exposes spanbench through executeInMainWorld and spanbenchShell, nothing else', () => {
    const { ipc } = fakeIpc();
    const exposed: Record<string, unknown> = {};
    const executeInMainWorld = vi.fn();
    installPreload({ contextBridge: { exposeInMainWorld: (key, api) => (exposed[key] = api), executeInMainWorld }, ipcRenderer: ipc }, 'darwin');
    expect(Object.keys(exposed)).toEqual(['spanbenchShell']);
    expect(executeInMainWorld).toHaveBeenCalledTimes(1);
    const args = executeInMainWorld.mock.calls[0]?.[0].args as [string[], unknown];
    expect(args[0]).toEqual(apiMethods);
  });

  it('falls back to exposeInMainWorld when executeInMainWorld is missing', () => {
    const { ipc } = fakeIpc();
    const exposed: Record<string, unknown> = {};
    installPreload({ contextBridge: { exposeInMainWorld: (key, api) => (exposed[key] = api) }, ipcRenderer: ipc }, 'linux');
    expect(Object.keys(exposed).sort()).toEqual(['spanbench', 'spanbenchShell']);
    expect(Object.keys(exposed.spanbench as object).sort()).toEqual([...apiMethods].sort());
  });
});

describe('the bundled preload', () => {
  it('requires only electron and exposes exactly the contract methods in a sandbox-like realm', async () => {
    const result = await build({
      entryPoints: [path.join(import.meta.dirname, 'preload.ts')],
      bundle: true,
      platform: 'node',
      target: 'node20',
      format: 'cjs',
      external: ['electron'],
      write: false,
      logLevel: 'silent',
    });
    const code = result.outputFiles[0]?.text ?? '';
    const required: string[] = [];
    const mainWorld = vm.createContext({});
    const { ipc } = fakeIpc((method) => (method === 'getHistory' ? { ok: false, error: { code: 'not_found', message: 'No document 1.' } } : { ok: true, result: method }));
    const exposed: Record<string, unknown> = {};
    const fakeElectron = {
      ipcRenderer: ipc,
      contextBridge: {
        exposeInMainWorld: (key: string, api: unknown) => (exposed[key] = api),
        executeInMainWorld: ({ func, args }: { func: (...a: unknown[]) => unknown; args: unknown[] }) =>
          (vm.runInContext(`(${func.toString()})`, mainWorld) as (...a: unknown[]) => unknown)(...args),
      },
    };
    const sandbox = vm.createContext({
      require: (name: string) => {
        required.push(name);
        if (name !== 'electron') throw new Error(`a sandboxed preload cannot require ${name}`);
        return fakeElectron;
      },
      module: { exports: {} },
      exports: {},
      process: { platform: 'linux' },
      console,
    });
    vm.runInContext(code, sandbox);
    expect(required).toEqual(['electron']);
    const api = vm.runInContext('globalThis.spanbench', mainWorld) as Record<string, (input: unknown) => Promise<unknown>>;
    expect(Object.keys(api).sort()).toEqual([...apiMethods].sort());
    await expect(api.listLabels?.({})).resolves.toBe('listLabels');
    await expect(api.getHistory?.({ documentId: 1 })).rejects.toMatchObject({ code: 'not_found', message: 'No document 1.' });
    expect(Object.keys(exposed)).toEqual(['spanbenchShell']);
    expect((exposed.spanbenchShell as { platform: string }).platform).toBe('linux');
  });
});
