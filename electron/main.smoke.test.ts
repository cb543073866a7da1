/**
 * Runs the bundled main process against a fake 'electron' module: the real app:// handler,
 * IPC handler, ServiceHost, worker thread and SQLite project, everything except Chromium.
 * This is what can be checked of main.ts on machines without the Electron binary.
 */
import { EventEmitter } from 'node:events';
import { cpSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync, existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { build } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { WireResponse } from '../contract/api';
import { IPC_CALL_CHANNEL, IPC_CHOOSE_EXPORT_CHANNEL, IPC_CHOOSE_IMPORT_CHANNEL, IPC_COMMAND_CHANNEL, IPC_STAGE_DROPPED_CHANNEL } from '../contract/shell';
import { chromiumSwitches } from './chromiumSwitches';
import type { FrameLike } from './security';

const root = path.resolve(import.meta.dirname, '..');
/** What npm start names in SPANBENCH_SQLITE_BINDING for Electron; in Node the Node build stands in for it. */
const nodeAddon = path.join(root, 'node_modules/better-sqlite3/build/Release/better_sqlite3.node');
const tmp = mkdtempSync(path.join(os.tmpdir(), 'spanbench-main-smoke-'));
const home = path.join(tmp, 'home');

let nextContentsId = 1;
class FakeWebContents extends EventEmitter {
  readonly id = nextContentsId++;
  readonly mainFrame: FrameLike = { url: '', parent: null, processId: 10, routingId: this.id };
  readonly sent: unknown[][] = [];
  windowOpenHandler: ((details: { url: string }) => unknown) | undefined;
  setWindowOpenHandler(handler: (details: { url: string }) => unknown) {
    this.windowOpenHandler = handler;
  }
  send(...args: unknown[]) {
    this.sent.push(args);
  }
}

let nextWindowId = 1;
class FakeBrowserWindow extends EventEmitter {
  static all: FakeBrowserWindow[] = [];
  static getAllWindows() {
    return FakeBrowserWindow.all.filter((window) => !window.destroyed);
  }
  static getFocusedWindow() {
    return FakeBrowserWindow.all.find((window) => window.focused && !window.destroyed) ?? null;
  }
  readonly id = nextWindowId++;
  readonly webContents = new FakeWebContents();
  destroyed = false;
  focused = false;
  focusCount = 0;
  loadedUrl = '';
  constructor(readonly options: Record<string, unknown>) {
    super();
    FakeBrowserWindow.all.push(this);
    fake.app.emit('web-contents-created', {}, this.webContents);
  }
  async loadURL(url: string) {
    this.loadedUrl = url;
    (this.webContents.mainFrame as { url: string }).url = url;
  }
  isDestroyed() {
    return this.destroyed;
  }
  isMinimized() {
    return false;
  }
  restore() {}
  show() {}
  focus() {
    for (const window of FakeBrowserWindow.all) window.focused = false;
    this.focused = true;
    this.focusCount += 1;
  }
  close() {
    this.destroyed = true;
    this.emit('closed');
  }
}

let resolveReady: () => void = () => {};
const ready = new Promise<void>((resolve) => (resolveReady = resolve));
const fakeApp = Object.assign(new EventEmitter(), {
  isPackaged: false,
  paths: new Map<string, string>(),
  lockData: undefined as unknown,
  quitCalls: 0,
  setPath(name: string, value: string) {
    this.paths.set(name, value);
  },
  getPath(name: string) {
    return this.paths.get(name) ?? tmp;
  },
  getVersion: () => '0.0.0-test',
  enableSandbox() {
    fake.calls.push('enableSandbox');
  },
  commandLine: {
    appendSwitch(name: string, value?: string) {
      fake.calls.push('appendSwitch');
      fake.switches.push([name, value]);
    },
  },
  requestSingleInstanceLock(data: unknown) {
    this.lockData = data;
    fake.calls.push('requestSingleInstanceLock');
    return true;
  },
  whenReady: () => ready,
  quit() {
    fakeApp.quitCalls += 1;
  },
  setAboutPanelOptions() {},
});

const fake = {
  calls: [] as string[],
  switches: [] as Array<[string, string | undefined]>,
  app: fakeApp,
  schemes: [] as unknown[],
  protocolHandlers: new Map<string, (request: Request) => Promise<Response>>(),
  ipcHandlers: new Map<string, (event: unknown, ...args: unknown[]) => Promise<unknown>>(),
  permissionRequest: undefined as undefined | ((contents: unknown, permission: string, callback: (granted: boolean) => void) => void),
  permissionCheck: undefined as undefined | ((contents: unknown, permission: string) => boolean),
  beforeRequest: undefined as undefined | ((details: { url: string }, callback: (response: { cancel: boolean }) => void) => void),
  menuTemplate: undefined as unknown,
  opened: [] as string[],
  openDialogs: [] as Array<{ parent: unknown; options: unknown }>,
  nextOpenDialog: { canceled: true, filePaths: [] as string[] },
  saveDialogs: [] as Array<{ parent: unknown; options: unknown }>,
  nextSaveDialog: { canceled: true, filePath: undefined as string | undefined },
};

const fakeElectron = {
  app: fakeApp,
  BrowserWindow: FakeBrowserWindow,
  protocol: {
    registerSchemesAsPrivileged(schemes: unknown[]) {
      fake.calls.push('registerSchemesAsPrivileged');
      fake.schemes.push(...schemes);
    },
    handle(scheme: string, handler: (request: Request) => Promise<Response>) {
      fake.calls.push('protocol.handle');
      fake.protocolHandlers.set(scheme, handler);
    },
  },
  session: {
    defaultSession: Object.assign(new EventEmitter(), {
      setPermissionRequestHandler: (handler: typeof fake.permissionRequest) => (fake.permissionRequest = handler),
      setPermissionCheckHandler: (handler: typeof fake.permissionCheck) => (fake.permissionCheck = handler),
      setDevicePermissionHandler: () => {},
      webRequest: { onBeforeRequest: (handler: typeof fake.beforeRequest) => (fake.beforeRequest = handler) },
    }),
  },
  ipcMain: {
    handle(channel: string, handler: (event: unknown, ...args: unknown[]) => Promise<unknown>) {
      fake.ipcHandlers.set(channel, handler);
    },
  },
  Menu: {
    buildFromTemplate: (template: unknown) => template,
    setApplicationMenu: (menu: unknown) => (fake.menuTemplate = menu),
  },
  shell: { openExternal: async (url: string) => void fake.opened.push(url) },
  dialog: {
    showOpenDialog: async (parent: unknown, options?: unknown) => {
      fake.openDialogs.push(options === undefined ? { parent: null, options: parent } : { parent, options });
      return fake.nextOpenDialog;
    },
    showSaveDialog: async (parent: unknown, options?: unknown) => {
      fake.saveDialogs.push(options === undefined ? { parent: null, options: parent } : { parent, options });
      return fake.nextSaveDialog;
    },
    showErrorBox: (title: string, content: string): void => {
      throw new Error(`unexpected error box: ${title}: ${content}`);
    },
  },
};

function ipcEvent(window: FakeBrowserWindow, frame: FrameLike | null = window.webContents.mainFrame) {
  return { sender: window.webContents, senderFrame: frame };
}

async function call(window: FakeBrowserWindow, method: string, input: unknown = {}, frame?: FrameLike | null): Promise<WireResponse<any>> {
  const handler = fake.ipcHandlers.get(IPC_CALL_CHANNEL);
  if (!handler) throw new Error('no IPC handler');
  return (await handler(frame === undefined ? ipcEvent(window) : ipcEvent(window, frame), method, input)) as WireResponse<any>;
}

async function until<T>(probe: () => T | undefined | false, what: string): Promise<T> {
  for (let attempt = 0; attempt < 200; attempt += 1) {
    const value = probe();
    if (value) return value;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`timed out waiting for ${what}`);
}

beforeAll(async () => {
  // The layout electron-builder packs: dist/electron, dist/node, dist/renderer.
  const common = { bundle: true, platform: 'node' as const, target: 'node20', format: 'cjs' as const, external: ['electron', 'better-sqlite3'], logLevel: 'silent' as const };
  await build({ ...common, entryPoints: [path.join(root, 'electron/main.ts')], outfile: path.join(tmp, 'dist/electron/main.cjs') });
  await build({ ...common, entryPoints: [path.join(root, 'services/serviceWorker.ts')], outfile: path.join(tmp, 'dist/node/serviceWorker.cjs') });
  await build({ ...common, entryPoints: [path.join(root, 'services/importWorker.ts')], outfile: path.join(tmp, 'dist/node/importWorker.cjs') });
  // The built renderer and its server-rendering twin (npm test builds them first): the window's page is drawn from them.
  for (const part of ['dist/renderer/index.html', 'dist/ssr/firstScreen.cjs']) {
    if (!existsSync(path.join(root, part))) throw new Error(`${part} is missing: run \`node scripts/build.mjs\` before these tests (npm test does).`);
  }
  cpSync(path.join(root, 'dist/renderer'), path.join(tmp, 'dist/renderer'), { recursive: true });
  cpSync(path.join(root, 'dist/ssr'), path.join(tmp, 'dist/ssr'), { recursive: true });
  writeFileSync(path.join(tmp, 'secret.txt'), 'outside');
  mkdirSync(path.join(tmp, 'node_modules'), { recursive: true });
  symlinkSync(path.join(root, 'node_modules/better-sqlite3'), path.join(tmp, 'node_modules/better-sqlite3'), 'dir');
  mkdirSync(path.join(tmp, 'node_modules/electron'), { recursive: true });
  writeFileSync(path.join(tmp, 'node_modules/electron/index.js'), 'module.exports = globalThis.__spanbenchFakeElectron;');

  (globalThis as { __spanbenchFakeElectron?: unknown }).__spanbenchFakeElectron = fakeElectron;
  process.env.SPANBENCH_HOME = home;
  // Every project worker and job worker below loads the addon this names (the app is not packaged).
  process.env.SPANBENCH_SQLITE_BINDING = nodeAddon;
  process.argv = [process.execPath, path.join(tmp, 'dist/electron/main.cjs')];
  createRequire(import.meta.url)(path.join(tmp, 'dist/electron/main.cjs'));
  resolveReady();
  await until(() => FakeBrowserWindow.all[0]?.loadedUrl, 'the first window');
}, 60_000);

afterAll(async () => {
  for (const window of FakeBrowserWindow.getAllWindows()) window.close();
  const willQuit = { defaultPrevented: false, preventDefault() { this.defaultPrevented = true; } };
  fakeApp.emit('will-quit', willQuit);
  await until(() => fakeApp.quitCalls > 0 || !willQuit.defaultPrevented, 'workers to close');
  rmSync(tmp, { recursive: true, force: true });
  delete process.env.SPANBENCH_SQLITE_BINDING;
});

describe('main process with a fake electron', () => {
  it('registers the scheme before ready and takes the instance lock with its launch request', () => {
    expect(fake.calls.indexOf('registerSchemesAsPrivileged')).toBeLessThan(fake.calls.indexOf('protocol.handle'));
    expect(fake.calls).toContain('enableSandbox');
    expect(fake.schemes).toEqual([expect.objectContaining({ scheme: 'app', privileges: expect.objectContaining({ standard: true, secure: true }) })]);
    expect(fakeApp.paths.get('userData')).toBe(home);
    expect(fakeApp.lockData).toEqual({ kind: 'spanbench-launch', projectPath: null, withSample: false });
  });

  it("sets the Chromium switches this machine's cores call for, before ready", () => {
    expect(fake.switches).toEqual(chromiumSwitches(os.availableParallelism()));
    // Chromium reads its switches at start: one appended after ready (app:// is handled then) is ignored.
    if (fake.switches.length > 0) expect(fake.calls.lastIndexOf('appendSwitch')).toBeLessThan(fake.calls.indexOf('protocol.handle'));
  });

  it('opens the default project (created with the sample) in a locked-down window on app://', async () => {
    const window = FakeBrowserWindow.all[0]!;
    // The address names the window by a key only it knows, so the page app:// serves is drawn from this window's project.
    expect(window.loadedUrl).toMatch(/^app:\/\/spanbench\/index\.html\?window=[\w-]{24}$/);
    expect(window.options.show).toBe(false);
    expect(window.options.webPreferences).toMatchObject({
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webSecurity: true,
      preload: path.join(tmp, 'dist/electron/preload.cjs'),
    });
    const info = await call(window, 'getProjectInfo');
    expect(info).toMatchObject({ ok: true, result: { path: path.join(home, 'default-project.sqlite') } });
    expect(existsSync(path.join(home, 'default-project.sqlite'))).toBe(true);
    const documents = await call(window, 'listDocuments');
    expect(documents.ok && documents.result.total).toBeGreaterThanOrEqual(1);
  });

  it('validates input at the boundary and refuses calls from sub-frames and strangers', async () => {
    const window = FakeBrowserWindow.all[0]!;
    expect(await call(window, 'getDocument', { id: -1 })).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    expect(await call(window, 'dropTables')).toMatchObject({ ok: false, error: { code: 'unknown_method' } });
    const child: FrameLike = { url: 'app://spanbench/index.html', parent: window.webContents.mainFrame, processId: 10, routingId: 99 };
    expect(await call(window, 'listLabels', {}, child)).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(await call(window, 'listLabels', {}, null)).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    const stranger = new FakeWebContents();
    const handler = fake.ipcHandlers.get(IPC_CALL_CHANNEL)!;
    expect(await handler({ sender: stranger, senderFrame: stranger.mainFrame }, 'listLabels', {})).toMatchObject({ ok: false, error: { code: 'forbidden' } });
  });

  it('hardens every web contents and the session', () => {
    const window = FakeBrowserWindow.all[0]!;
    expect(window.webContents.windowOpenHandler?.({ url: 'https://evil.example/' })).toEqual({ action: 'deny' });
    const navigation = { preventDefault: () => (prevented = true), url: 'https://evil.example/' };
    let prevented = false;
    window.webContents.emit('will-navigate', navigation, navigation.url);
    expect(prevented).toBe(true);
    let granted: boolean | undefined;
    fake.permissionRequest?.(window.webContents, 'media', (value) => (granted = value));
    expect(granted).toBe(false);
    expect(fake.permissionCheck?.(window.webContents, 'clipboard-read')).toBe(false);
    let cancelled: boolean | undefined;
    fake.beforeRequest?.({ url: 'https://tracker.example/x.js' }, ({ cancel }) => (cancelled = cancel));
    expect(cancelled).toBe(true);
  });

  it('serves the renderer over app:// with the CSP and refuses paths outside it', async () => {
    const handler = fake.protocolHandlers.get('app')!;
    const index = await handler(new Request('app://spanbench/index.html'));
    expect(index.status).toBe(200);
    expect(index.headers.get('content-security-policy')).toContain("default-src 'none'");
    expect((await handler(new Request('app://spanbench/..%2f..%2fsecret.txt'))).status).toBe(403);
    expect((await handler(new Request('app://spanbench/../../secret.txt'))).status).toBe(404);
  });

  it("draws the window's first screen in its project's worker, and serves the plain page to an unknown window", async () => {
    const handler = fake.protocolHandlers.get('app')!;
    const window = FakeBrowserWindow.all[0]!;
    const drawn = await handler(new Request(window.loadedUrl));
    const html = await drawn.text();
    expect(html).toMatch(/<div id="app">[\s\S]*XVIII meeting of the ICMEC CSTO[\s\S]*<article/);
    expect(html).toContain('id="spanbench-first-screen"');
    expect(drawn.headers.get('content-security-policy')).toContain("default-src 'none'");
    expect(drawn.headers.get('content-security-policy')).toContain("style-src-attr 'unsafe-hashes' 'sha256-");
    const stranger = await handler(new Request('app://spanbench/index.html?window=987654'));
    // Another renderer that names this window by its webContents id (which it could guess) gets the plain page too.
    const guessed = await handler(new Request(`app://spanbench/index.html?window=${window.webContents.id}`));
    expect(await guessed.text()).toContain('<div id="app"></div>');
    expect(await stranger.text()).toContain('<div id="app"></div>');
    expect(stranger.headers.get('content-security-policy')).not.toContain('style-src-attr');
  });

  it('installs the menu and sends its commands to the focused window', () => {
    const window = FakeBrowserWindow.all[0]!;
    window.focus();
    const items = (fake.menuTemplate as Array<{ submenu?: Array<{ id?: string; click?: (item: unknown, window: unknown) => void }> }>).flatMap(
      (menu) => menu.submenu ?? [],
    );
    items.find((item) => item.id === 'undo')?.click?.({}, window);
    expect(window.webContents.sent).toContainEqual([IPC_COMMAND_CHANNEL, 'undo']);
  });

  it('routes a second launch: same project focuses, another project opens a window', async () => {
    const first = FakeBrowserWindow.all[0]!;
    const before = first.focusCount;
    fakeApp.emit('second-instance', {}, ['spanbench'], tmp, { kind: 'spanbench-launch', projectPath: null, withSample: false });
    await until(() => first.focusCount > before, 'focus');
    expect(FakeBrowserWindow.getAllWindows()).toHaveLength(1);

    const other = path.join(tmp, 'other.sqlite');
    fakeApp.emit('second-instance', {}, ['spanbench', '--project', other], tmp, {});
    const second = await until(() => FakeBrowserWindow.getAllWindows()[1], 'a second window');
    await until(() => second.loadedUrl, 'the second window to load');
    expect(await call(second, 'getProjectInfo')).toMatchObject({ ok: true, result: { path: other } });
    // Each window talks to its own project.
    expect(await call(first, 'getProjectInfo')).toMatchObject({ ok: true, result: { path: path.join(home, 'default-project.sqlite') } });

    second.close();
    expect(await call(second, 'listLabels')).toMatchObject({ ok: false, error: { code: 'forbidden' } });
  });

  it('imports through the native dialog and through a drop: only ids reach the page, only our windows may ask', async () => {
    const window = FakeBrowserWindow.getAllWindows()[0]!;
    const corpus = path.join(tmp, 'corpus');
    mkdirSync(corpus, { recursive: true });
    writeFileSync(path.join(corpus, 'a.jsonl'), '{"title":"Dialog one","text":"First imported through the dialog."}\n{"title":"Dialog two","text":"Second one."}\n');
    writeFileSync(path.join(tmp, 'dropped.txt'), 'Dropped article\nIts text.');
    const choose = fake.ipcHandlers.get(IPC_CHOOSE_IMPORT_CHANNEL)!;
    const drop = fake.ipcHandlers.get(IPC_STAGE_DROPPED_CHANNEL)!;

    fake.nextOpenDialog = { canceled: false, filePaths: [corpus] };
    const chosen = (await choose(ipcEvent(window), 'folder')) as WireResponse<string[]>;
    expect(chosen.ok && chosen.result).toHaveLength(1);
    expect(JSON.stringify(chosen)).not.toContain(tmp);
    expect(fake.openDialogs.at(-1)).toMatchObject({ parent: window, options: { properties: ['openDirectory'] } });

    const dropped = (await drop(ipcEvent(window), [path.join(tmp, 'dropped.txt')])) as WireResponse<string[]>;
    expect(dropped.ok).toBe(true);
    expect(await drop(ipcEvent(window), [path.join(tmp, 'nope.txt')])).toMatchObject({ ok: false, error: { code: 'not_found' } });
    const stranger = new FakeWebContents();
    expect(await drop({ sender: stranger, senderFrame: stranger.mainFrame }, [path.join(tmp, 'dropped.txt')])).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(await choose({ sender: stranger, senderFrame: stranger.mainFrame }, 'files')).toMatchObject({ ok: false, error: { code: 'forbidden' } });

    const before = await call(window, 'listDocuments', { limit: 1 });
    const ids = [...(chosen.ok ? chosen.result : []), ...(dropped.ok ? dropped.result : [])];
    const started = await call(window, 'startImport', { sourceIds: ids, firstLineIsTitle: true });
    expect(started.ok).toBe(true);
    let finished: unknown;
    for (let attempt = 0; attempt < 200 && !finished; attempt++) {
      const state = await call(window, 'getJob', { jobId: started.ok && started.result.id });
      if (state.ok && state.result.state !== 'running') finished = state.result;
      else await new Promise((resolve) => setTimeout(resolve, 50));
    }
    expect(finished).toMatchObject({ state: 'done', summary: { imported: 3 } });
    const after = await call(window, 'listDocuments', { limit: 1 });
    expect(after.ok && before.ok && after.result.total - before.result.total).toBe(3);
  });

  it('exports where the save dialog says: the page gets an id, the file lands at the chosen path', async () => {
    const window = FakeBrowserWindow.getAllWindows()[0]!;
    const choose = fake.ipcHandlers.get(IPC_CHOOSE_EXPORT_CHANNEL)!;
    const target = path.join(tmp, 'exports', 'all.jsonl');
    mkdirSync(path.dirname(target), { recursive: true });
    fake.nextSaveDialog = { canceled: false, filePath: target };
    const chosen = (await choose(ipcEvent(window), 'spanbench', 'project-spanbench')) as WireResponse<string | null>;
    expect(chosen.ok && typeof chosen.result).toBe('string');
    expect(JSON.stringify(chosen)).not.toContain(tmp);
    expect(fake.saveDialogs.at(-1)).toMatchObject({ parent: window, options: { defaultPath: expect.stringMatching(/project-spanbench\.jsonl$/) } });
    const stranger = new FakeWebContents();
    expect(await choose({ sender: stranger, senderFrame: stranger.mainFrame }, 'spanbench', 'x')).toMatchObject({ ok: false, error: { code: 'forbidden' } });

    const started = await call(window, 'startExport', { format: 'spanbench', destinationId: chosen.ok ? chosen.result : undefined });
    expect(started.ok, JSON.stringify(started)).toBe(true);
    let finished: any;
    for (let attempt = 0; attempt < 200 && !finished; attempt++) {
      const state = await call(window, 'getJob', { jobId: started.ok && started.result.id });
      if (state.ok && state.result.state !== 'running') finished = state.result;
      else await new Promise((resolve) => setTimeout(resolve, 50));
    }
    expect(finished).toMatchObject({ state: 'done', exportSummary: { download: false, outputKind: 'file' } });
    expect(readFileSync(target, 'utf8').split('\n')[0]).toContain('"format":"spanbench"');

    fake.nextSaveDialog = { canceled: true, filePath: undefined };
    expect(await choose(ipcEvent(window), 'conll', 'x')).toEqual({ ok: true, result: null });
  });

  it('loads the SQLite addon SPANBENCH_SQLITE_BINDING names only when not packaged', async () => {
    const notAnAddon = path.join(tmp, 'not-an-addon.node');
    writeFileSync(notAnAddon, 'not a shared library');
    const project = path.join(tmp, 'addon.sqlite');
    const errorBoxes: string[] = [];
    const showErrorBox = fakeElectron.dialog.showErrorBox;
    fakeElectron.dialog.showErrorBox = (title: string, content: string) => void errorBoxes.push(`${title}: ${content}`);
    process.env.SPANBENCH_SQLITE_BINDING = notAnAddon;
    try {
      // npm start's dev app loads the file named: this one cannot load, so the project does not open.
      fakeApp.emit('second-instance', {}, ['spanbench', '--project', project], tmp, {});
      const [refused] = await until(() => errorBoxes.length > 0 && errorBoxes, 'the error box');
      expect(refused).toMatch(/^Spanbench could not open the project: [\s\S]*not-an-addon\.node/);

      // A packaged app has its own rebuilt module and does not load a native file the environment names.
      fakeApp.isPackaged = true;
      const windowsBefore = FakeBrowserWindow.all.length;
      fakeApp.emit('second-instance', {}, ['spanbench', '--project', project], tmp, {});
      const packaged = await until(() => FakeBrowserWindow.all[windowsBefore], 'the packaged window');
      await until(() => packaged.loadedUrl, 'the packaged window to load');
      expect(await call(packaged, 'getProjectInfo')).toMatchObject({ ok: true, result: { path: project } });
      expect(errorBoxes).toHaveLength(1);
      packaged.close();
    } finally {
      fakeApp.isPackaged = false;
      process.env.SPANBENCH_SQLITE_BINDING = nodeAddon;
      fakeElectron.dialog.showErrorBox = showErrorBox;
    }
  });
});
