import path from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { apiMethods } from '../../contract/api';
import { launchApp, runSecondInstance, tempHome, whyNoElectron } from './electronApp';

// The root tsconfig has no DOM lib; these are the few page globals the tests touch.
interface PageGlobals {
  spanbench: Record<string, (input: unknown) => Promise<unknown>>;
  spanbenchShell: object;
  open(url: string): unknown;
  location: { href: string };
  fetch(url: string): Promise<{ status: number; headers: { get(name: string): string | null } }>;
  navigator: { permissions: { query(descriptor: { name: string }): Promise<{ state: string }> } };
}

const skipReason = whyNoElectron();
if (skipReason) console.log(skipReason);
test.skip(skipReason !== null, skipReason ?? '');

let home: ReturnType<typeof tempHome>;
test.beforeEach(() => {
  home = tempHome();
});
test.afterEach(() => {
  home.cleanup();
});

async function openFirstDocument(page: Page): Promise<void> {
  await page.locator('[data-document-id]').first().click();
  await expect(page.locator('article [data-block]').first()).toBeVisible();
}

test('annotate: select text, press 1, the span survives a restart', async () => {
  const project = path.join(home.dir, 'annotate.sqlite');
  let app = await launchApp(home.dir, project);
  let page = await app.firstWindow();
  await openFirstDocument(page);

  // A double-click selects one word and ends with a mouseup, as a user's selection does.
  await page.locator('article [data-block]').first().dblclick({ position: { x: 40, y: 12 } });
  await page.keyboard.press('1');
  const mark = page.locator('article mark[data-span-id]').first();
  await expect(mark).toBeVisible();
  const spanId = await mark.getAttribute('data-span-id');
  const label = await mark.getAttribute('data-label');
  expect(spanId).toMatch(/^\d+$/);
  expect(label).not.toBe('');
  await app.close();

  app = await launchApp(home.dir, project);
  page = await app.firstWindow();
  await openFirstDocument(page);
  await expect(page.locator(`article mark[data-span-id="${spanId}"]`).first()).toHaveAttribute('data-label', label ?? '');
  await app.close();
});

test('security: web preferences, no Node in the page, exactly the contract API', async () => {
  const app = await launchApp(home.dir, path.join(home.dir, 'security.sqlite'));
  const page = await app.firstWindow();
  await page.waitForLoadState('domcontentloaded');

  const prefs = await app.evaluate(({ BrowserWindow }) => {
    // Undocumented but present: the preferences the renderer was really created with.
    const contents = BrowserWindow.getAllWindows()[0]?.webContents as unknown as { getLastWebPreferences(): Record<string, unknown> } | undefined;
    return contents?.getLastWebPreferences() ?? null;
  });
  expect(prefs).toMatchObject({
    contextIsolation: true,
    sandbox: true,
    nodeIntegration: false,
    nodeIntegrationInWorker: false,
    nodeIntegrationInSubFrames: false,
    webSecurity: true,
    allowRunningInsecureContent: false,
    experimentalFeatures: false,
    webviewTag: false,
  });

  // The window's address names it (?window=…) and, once open, its document (&doc=…).
  expect(page.url()).toMatch(/^app:\/\/spanbench\/index\.html\?window=[\w-]+/);
  const globals = await page.evaluate(() => ({
    require: typeof (globalThis as { require?: unknown }).require,
    process: typeof (globalThis as { process?: unknown }).process,
    module: typeof (globalThis as { module?: unknown }).module,
    ipcRenderer: typeof (globalThis as { ipcRenderer?: unknown }).ipcRenderer,
    electron: typeof (globalThis as { electron?: unknown }).electron,
  }));
  expect(globals).toEqual({ require: 'undefined', process: 'undefined', module: 'undefined', ipcRenderer: 'undefined', electron: 'undefined' });

  const api = await page.evaluate(() => {
    const exposed = (globalThis as unknown as PageGlobals).spanbench;
    return { keys: Object.keys(exposed).sort(), allFunctions: Object.values(exposed).every((value) => typeof value === 'function') };
  });
  expect(api).toEqual({ keys: [...apiMethods].sort(), allFunctions: true });
  const shellKeys = await page.evaluate(() => Object.keys((globalThis as unknown as PageGlobals).spanbenchShell).sort());
  expect(shellKeys).toEqual(['chooseImportFiles', 'onCommand', 'platform', 'stageDroppedFiles']);

  // A wire error arrives as an Error with its code.
  const failure = await page.evaluate(async () => {
    const api = (globalThis as unknown as PageGlobals).spanbench;
    try {
      await api.getDocument?.({ id: 987654 });
      return null;
    } catch (error) {
      return { isError: error instanceof Error, code: (error as { code?: string }).code, message: (error as Error).message };
    }
  });
  expect(failure).toMatchObject({ isError: true, code: 'not_found' });
  await app.close();
});

test('security: new windows and navigation are refused; app:// sends the CSP and refuses traversal', async () => {
  const app = await launchApp(home.dir, path.join(home.dir, 'navigation.sqlite'));
  const page = await app.firstWindow();
  await page.waitForLoadState('domcontentloaded');

  expect(await page.evaluate(() => (globalThis as unknown as PageGlobals).open('https://example.org/') === null)).toBe(true);
  expect(await page.evaluate(() => (globalThis as unknown as PageGlobals).open('app://spanbench/index.html') === null)).toBe(true);
  expect(await app.evaluate(({ BrowserWindow }) => BrowserWindow.getAllWindows().length)).toBe(1);

  await page.evaluate(() => {
    (globalThis as unknown as PageGlobals).location.href = 'https://example.org/';
  });
  await page.waitForTimeout(1000);
  expect(page.url()).toMatch(/^app:\/\/spanbench\/index\.html\?window=\d+/);

  const responses = await page.evaluate(async () => {
    const { fetch } = globalThis as unknown as PageGlobals;
    const index = await fetch(location.href);
    const traversal = await fetch('app://spanbench/%2e%2e/%2e%2e/package.json').catch(() => null);
    return { csp: index.headers.get('content-security-policy'), html: await index.text(), traversal: traversal?.status ?? 'refused' };
  });
  expect(responses.csp).toContain("script-src 'self'");
  // The page comes with its first screen drawn by the project's worker: the sample article, with no script run.
  expect(responses.html).toMatch(/<div id="app">[\s\S]*XVIII meeting of the ICMEC CSTO[\s\S]*<article/);
  expect(responses.csp).toContain("style-src-attr 'unsafe-hashes'");
  expect(responses.traversal === 'refused' || Number(responses.traversal) >= 400).toBe(true);

  const denied = await page.evaluate(async () => (await (globalThis as unknown as PageGlobals).navigator.permissions.query({ name: 'geolocation' })).state);
  expect(denied).toBe('denied');
  await app.close();
});

test('single instance: a second launch focuses the open project or opens another window', async () => {
  const first = path.join(home.dir, 'first.sqlite');
  const app = await launchApp(home.dir, first);
  await app.firstWindow();
  const windowCount = () => app.evaluate(({ BrowserWindow }) => BrowserWindow.getAllWindows().length);

  expect(await runSecondInstance(home.dir, first)).toBe(0);
  await expect.poll(windowCount).toBe(1);

  expect(await runSecondInstance(home.dir, path.join(home.dir, 'second.sqlite'))).toBe(0);
  await expect.poll(windowCount).toBe(2);
  const titles = await app.evaluate(({ BrowserWindow }) => BrowserWindow.getAllWindows().map((window) => window.getTitle()));
  expect(titles.length).toBe(2);
  await app.close();
});
