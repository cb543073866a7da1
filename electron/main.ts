/**
 * Electron main process: windows, menu, the app:// protocol, IPC and one ServiceHost
 * (a worker thread owning the SQLite connection) per open project window.
 *
 * Decisions live in the pure modules beside this file (security, appProtocol, launchArgs,
 * menu, ipcCall), which are unit-tested in Node; this file only wires them to electron.
 * Bundled by scripts/build.mjs to dist/electron/main.cjs.
 */
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { app, BrowserWindow, dialog, ipcMain, Menu, protocol, session, shell, type BaseWindow } from 'electron';
import { IPC_CALL_CHANNEL, IPC_CHOOSE_EXPORT_CHANNEL, IPC_CHOOSE_IMPORT_CHANNEL, IPC_COMMAND_CHANNEL, IPC_STAGE_DROPPED_CHANNEL, type ShellCommand } from '../contract/shell';
import type { SqliteAddonOption } from '../db/open';
import { defaultProjectPath, PRODUCT_NAME, userDataDir } from '../services/paths';
import { ServiceHost } from '../services/serviceHost';
import { parseDocumentParam } from '../contract/constants';
import { pageAssetsCache, type FirstScreenPage } from '../services/firstScreen';
import { APP_ENTRY_URL, APP_SCHEME, appSchemePrivileges, createAppProtocolHandler, WINDOW_PARAM, type PageAssets } from './appProtocol';
import { chromiumSwitches } from './chromiumSwitches';
import { createChooseExportHandler, type ExportIpcDeps } from './exportIpc';
import { createChooseImportHandler, createStageDroppedHandler, type ImportIpcDeps } from './importIpc';
import { createCallHandler } from './ipcCall';
import { parseLaunchArgs, projectKey, requestFromSecondInstance, routeLaunch, toSecondInstanceData, type LaunchRequest } from './launchArgs';
import { defaultRestoreDeps, restoreBackupFlow } from './backupRestore';
import { buildMenuTemplate } from './menu';
import { CONTENT_SECURITY_POLICY, hardenWebContents, isBlockedRequestUrl, permissionDecision, windowOptionsFor } from './security';
import { attachUnloadPrompt } from './unloadPrompt';

const isDev = !app.isPackaged || process.env.SPANBENCH_DEV === '1';
const rendererDir = path.join(__dirname, '../renderer');
/** The page assets a first screen is drawn from: the app:// handler's own cache (pageAssetsCache is one per folder). */
const warmPageAssets = pageAssetsCache(rendererDir);
const preloadPath = path.join(__dirname, 'preload.cjs');
const workerScript = path.join(__dirname, '../node/serviceWorker.cjs');
const projectFilters = [{ name: 'Spanbench project', extensions: ['sqlite'] }];

/**
 * `npm start` names a better-sqlite3 addon built for Electron (electron/electronSqlite.mjs), since
 * node_modules' own is built for Node. A packaged app has its own rebuilt module and must never
 * load a native file that an environment variable names.
 */
function sqliteAddon(): SqliteAddonOption {
  return { nativeBinding: app.isPackaged ? undefined : process.env.SPANBENCH_SQLITE_BINDING || undefined };
}

function log(message: string): void {
  console.warn(`[spanbench] ${message}`);
}

interface ProjectWindow {
  readonly key: string;
  readonly projectPath: string;
  readonly window: BrowserWindow;
  /** Replaced when Restore Backup… reopens the project in the same window. */
  backend: ServiceHost;
}

const windowsByKey = new Map<string, ProjectWindow>();
const windowsByContentsId = new Map<number, ProjectWindow>();
/**
 * The app:// handler cannot tell which window a request comes from, so each window's address
 * carries a key only that window knows: a renderer that names another window's (sequential)
 * webContents id, or guesses, gets the plain page, never another open project's first screen.
 */
const windowsByPageKey = new Map<string, ProjectWindow>();
const opening = new Map<string, Promise<void>>();
const closingBackends = new Set<Promise<void>>();

// Must happen before 'ready'. Standard + secure gives app:// an origin and a secure context.
protocol.registerSchemesAsPrivileged([appSchemePrivileges]);
// paths.ts mirrors userData so the CLI finds the same default project; SPANBENCH_HOME (tests,
// portable installs) moves both. The single-instance lock is keyed on this folder too.
app.setPath('userData', userDataDir());
app.enableSandbox();
for (const [name, value] of chromiumSwitches(os.availableParallelism())) app.commandLine.appendSwitch(name, value);

const launch = parseLaunchArgs(process.argv.slice(1), process.cwd());

if (!app.requestSingleInstanceLock(toSecondInstanceData(launch))) {
  // Another Spanbench is running: it received our request through 'second-instance'.
  app.quit();
} else {
  app.on('second-instance', (_event, argv, workingDirectory, additionalData) => {
    const request = requestFromSecondInstance(argv, workingDirectory, additionalData);
    void app.whenReady().then(() => handleLaunch(request));
  });

  // Every WebContents, including any we did not create on purpose, gets the same rules.
  app.on('web-contents-created', (_event, contents) => {
    hardenWebContents(contents, { openExternal: (url) => void shell.openExternal(url), log });
  });

  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });

  app.on('activate', () => {
    if (BrowserWindow.getAllWindows().length === 0) void handleLaunch({ projectPath: null, withSample: false });
  });

  // Give each project worker the chance to checkpoint and close its database before exit.
  app.on('will-quit', (event) => {
    if (closingBackends.size === 0) return;
    event.preventDefault();
    const pending = [...closingBackends];
    void Promise.allSettled(pending).then(() => {
      for (const done of pending) closingBackends.delete(done);
      app.quit();
    });
  });

  void app.whenReady().then(async () => {
    configureSession();
    ipcMain.handle(IPC_CALL_CHANNEL, createCallHandler({ backendFor: (id) => windowsByContentsId.get(id)?.backend, log }));
    const importDeps: ImportIpcDeps = {
      stagerFor: (id) => windowsByContentsId.get(id)?.backend,
      showOpenDialog: async (id, request) => {
        const parent = windowsByContentsId.get(id)?.window;
        const result = parent && !parent.isDestroyed() ? await dialog.showOpenDialog(parent, request) : await dialog.showOpenDialog(request);
        return { canceled: result.canceled, filePaths: result.filePaths };
      },
      exists: (file) => path.isAbsolute(file) && fs.existsSync(file),
      log,
    };
    ipcMain.handle(IPC_CHOOSE_IMPORT_CHANNEL, createChooseImportHandler(importDeps));
    ipcMain.handle(IPC_STAGE_DROPPED_CHANNEL, createStageDroppedHandler(importDeps));
    const exportDeps: ExportIpcDeps = {
      stagerFor: importDeps.stagerFor,
      showSaveDialog: async (id, request) => {
        const parent = windowsByContentsId.get(id)?.window;
        const result = parent && !parent.isDestroyed() ? await dialog.showSaveDialog(parent, request) : await dialog.showSaveDialog(request);
        return { canceled: result.canceled, filePath: result.filePath };
      },
      showOpenDialog: async (id, request) => {
        const parent = windowsByContentsId.get(id)?.window;
        const result = parent && !parent.isDestroyed() ? await dialog.showOpenDialog(parent, request) : await dialog.showOpenDialog(request);
        return { canceled: result.canceled, filePaths: result.filePaths };
      },
      defaultFolder: () => app.getPath('documents'),
      join: (folder, name) => path.join(folder, name),
      log,
    };
    ipcMain.handle(IPC_CHOOSE_EXPORT_CHANNEL, createChooseExportHandler(exportDeps));
    app.setAboutPanelOptions({ applicationName: PRODUCT_NAME, applicationVersion: app.getVersion(), copyright: 'MIT License' });
    Menu.setApplicationMenu(
      Menu.buildFromTemplate(
        buildMenuTemplate({
          platform: process.platform,
          isDev,
          appName: PRODUCT_NAME,
          actions: {
            command: sendCommand,
            openProject: () => void chooseProjectToOpen(),
            newProject: () => void chooseProjectToCreate(),
            restoreBackup: (window) => void restoreBackupFlow(window, restoreDeps()),
          },
        }),
      ),
    );
    await handleLaunch(launch);
  });
}

function configureSession(): void {
  const ses = session.defaultSession;
  protocol.handle(APP_SCHEME, createAppProtocolHandler({ rootDir: rendererDir, log, renderFirstScreen: firstScreenFor }));
  ses.setPermissionRequestHandler((_contents, permission, callback) => {
    log(`permission request refused: ${permission}`);
    callback(permissionDecision(permission));
  });
  ses.setPermissionCheckHandler((_contents, permission) => permissionDecision(permission));
  ses.setDevicePermissionHandler(() => false);
  ses.on('will-download', (event) => event.preventDefault());
  ses.webRequest.onBeforeRequest((details, callback) => {
    const cancel = isBlockedRequestUrl(details.url);
    if (cancel) log(`request refused: ${details.url}`);
    callback({ cancel });
  });
}

/**
 * The app:// scheme serves every window; a window's address names it (?window=<its page key>), so
 * the page drawn for it shows its own project. Drawn in that project's worker, off this thread.
 */
async function firstScreenFor(url: URL, assets: PageAssets): Promise<FirstScreenPage | null> {
  const entry = windowsByPageKey.get(url.searchParams.get(WINDOW_PARAM) ?? '');
  if (!entry) return null;
  return entry.backend.renderFirstScreen({ documentId: parseDocumentParam(url.searchParams.get('doc')), ...assets, baseCsp: CONTENT_SECURITY_POLICY });
}

async function handleLaunch(request: LaunchRequest): Promise<void> {
  const route = routeLaunch(request, windowsByKey, { defaultProjectPath: defaultProjectPath(), keyOf: (p) => projectKey(p) });
  if (route.kind === 'focus') {
    focus(route.window.window);
    return;
  }
  await openProject(route.projectPath, { withSample: route.withSample, createIfMissing: true });
}

async function openProject(projectPath: string, options: { withSample: boolean; createIfMissing: boolean }): Promise<void> {
  const key = projectKey(projectPath);
  const existing = windowsByKey.get(key);
  if (existing) return focus(existing.window);
  const inFlight = opening.get(key);
  if (inFlight) {
    await inFlight;
    const opened = windowsByKey.get(key);
    if (opened) focus(opened.window);
    return;
  }
  const work = createProjectWindow(key, projectPath, options).finally(() => opening.delete(key));
  opening.set(key, work);
  await work;
}

async function createProjectWindow(key: string, projectPath: string, options: { withSample: boolean; createIfMissing: boolean }): Promise<void> {
  let backend: ServiceHost;
  try {
    backend = await ServiceHost.start({ projectPath, workerScript, createIfMissing: options.createIfMissing, withSample: options.withSample, ...sqliteAddon() });
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    log(`could not open ${projectPath}: ${message}`);
    dialog.showErrorBox('Spanbench could not open the project', `${projectPath}\n\n${message}`);
    if (windowsByKey.size === 0 && opening.size <= 1) app.quit();
    return;
  }

  // The window's first request names no document. Its page is drawn now, while the window is being
  // made (the worker's first draw takes ~70 ms, a kept one ~1 ms; services/firstScreen.ts,
  // DrawnPageCache). A failure here is reported when the window asks for the page.
  void warmPageAssets()
    .then((assets) => backend.renderFirstScreen({ documentId: null, ...assets, baseCsp: CONTENT_SECURITY_POLICY }))
    .catch(() => undefined);
  const window = new BrowserWindow(windowOptionsFor({ preloadPath, devTools: isDev, title: `${path.basename(projectPath)} — ${PRODUCT_NAME}` }));
  const entry: ProjectWindow = { key, projectPath, window, backend };
  const contentsId = window.webContents.id;
  const pageKey = randomBytes(18).toString('base64url');
  windowsByKey.set(key, entry);
  windowsByContentsId.set(contentsId, entry);
  windowsByPageKey.set(pageKey, entry);

  window.once('ready-to-show', () => window.show());
  attachUnloadPrompt(window, (parent, options) => dialog.showMessageBoxSync(parent, options));
  window.on('closed', () => {
    windowsByKey.delete(key);
    windowsByContentsId.delete(contentsId);
    windowsByPageKey.delete(pageKey);
    const closing = entry.backend.close().catch((error: unknown) => log(`closing ${projectPath} failed: ${String(error)}`));
    closingBackends.add(closing);
    void closing.finally(() => closingBackends.delete(closing));
  });
  window.webContents.on('render-process-gone', (_event, details) => log(`renderer for ${projectPath} gone: ${details.reason}`));

  try {
    await window.loadURL(`${APP_ENTRY_URL}?${WINDOW_PARAM}=${pageKey}`);
  } catch (error) {
    log(`loading the renderer failed: ${String(error)}`);
  }
}

/** File › Restore Backup… (the flow and its tests are in backupRestore.ts): swaps the window's worker. */
function restoreDeps(): Parameters<typeof restoreBackupFlow>[1] {
  const parentOf = (window: unknown) => (window instanceof BrowserWindow ? window : undefined);
  return {
    ...defaultRestoreDeps(sqliteAddon()),
    projectOf: (window) => ourWindow(parentOf(window)),
    showOpenDialog: (window, options) => (parentOf(window) ? dialog.showOpenDialog(parentOf(window)!, options) : dialog.showOpenDialog(options)),
    showMessageBox: (window, options) => (parentOf(window) ? dialog.showMessageBox(parentOf(window)!, options) : dialog.showMessageBox(options)),
    closeProject: async (projectPath) => windowsByKey.get(projectKey(projectPath))?.backend.close(),
    reopenProject: async (projectPath) => {
      const entry = windowsByKey.get(projectKey(projectPath));
      if (!entry || entry.window.isDestroyed()) return;
      try {
        entry.backend = await ServiceHost.start({ projectPath, workerScript, createIfMissing: false, withSample: false, ...sqliteAddon() });
        entry.window.webContents.reload();
      } catch (error) {
        dialog.showErrorBox('Spanbench could not reopen the project', `${projectPath}\n\n${(error as Error).message}`);
        entry.window.close();
      }
    },
    log,
  };
}

function focus(window: BrowserWindow): void {
  if (window.isDestroyed()) return;
  if (window.isMinimized()) window.restore();
  window.show();
  window.focus();
}

function ourWindow(window: BaseWindow | undefined): ProjectWindow | undefined {
  const target = window ?? BrowserWindow.getFocusedWindow() ?? undefined;
  if (!target) return undefined;
  for (const entry of windowsByKey.values()) if (entry.window.id === target.id) return entry;
  return undefined;
}

function sendCommand(command: ShellCommand, window: BaseWindow | undefined): void {
  const entry = ourWindow(window);
  if (entry && !entry.window.isDestroyed()) entry.window.webContents.send(IPC_COMMAND_CHANNEL, command);
}

async function chooseProjectToOpen(): Promise<void> {
  const parent = BrowserWindow.getFocusedWindow();
  const options = { title: 'Open Project', properties: ['openFile' as const], filters: projectFilters };
  const result = parent ? await dialog.showOpenDialog(parent, options) : await dialog.showOpenDialog(options);
  const chosen = result.filePaths[0];
  if (result.canceled || !chosen) return;
  await openProject(chosen, { withSample: false, createIfMissing: false });
}

async function chooseProjectToCreate(): Promise<void> {
  const parent = BrowserWindow.getFocusedWindow();
  const options = {
    title: 'New Project',
    buttonLabel: 'Create',
    defaultPath: path.join(app.getPath('documents'), 'Untitled.sqlite'),
    filters: projectFilters,
  };
  const result = parent ? await dialog.showSaveDialog(parent, options) : await dialog.showSaveDialog(options);
  if (result.canceled || !result.filePath) return;
  const chosen = result.filePath.toLowerCase().endsWith('.sqlite') ? result.filePath : `${result.filePath}.sqlite`;
  // An existing file is opened, never overwritten: the project may hold someone's work.
  await openProject(chosen, { withSample: false, createIfMissing: true });
}
