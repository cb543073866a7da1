/**
 * Each test gets a fresh project (`spanbench init --sample`, plus any extra text
 * files), its own `spanbench serve --port 0`, and a page open at the printed URL.
 * Needs a build first (dist/node and dist/renderer): `npm run build`.
 */
import { spawn, execFileSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { test as base, expect, type Page } from '@playwright/test';

const repo = fileURLToPath(new URL('../..', import.meta.url));
const cli = join(repo, 'bin', 'spanbench.js');

export interface ExtraText {
  /** File name inside the temp folder. */
  file: string;
  /** Written byte-exact as UTF-8. */
  content: string;
  title: string;
}

export interface Served {
  url: string;
  token: string;
  projectPath: string;
}

export function startServer(projectPath: string, extraArgs: readonly string[] = []): Promise<{ child: ChildProcess; url: string }> {
  const child = spawn(process.execPath, [cli, 'serve', projectPath, '--port', '0', ...extraArgs], { cwd: repo, stdio: ['ignore', 'pipe', 'pipe'] });
  return new Promise((resolve, reject) => {
    let output = '';
    const timer = setTimeout(() => fail(new Error(`spanbench serve printed no URL within 20 s:\n${output}`)), 20_000);
    const fail = (error: Error) => {
      clearTimeout(timer);
      child.kill();
      reject(error);
    };
    const onData = (chunk: Buffer) => {
      output += chunk.toString('utf8');
      const match = /http:\/\/127\.0\.0\.1:\d+\/\?token=[\w.~-]+/.exec(output);
      if (match) {
        clearTimeout(timer);
        child.stdout?.off('data', onData);
        // Keep draining so the server never blocks on a full pipe.
        child.stdout?.resume();
        resolve({ child, url: match[0] });
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
    child.on('exit', (code) => fail(new Error(`spanbench serve exited (${code}) before printing a URL:\n${output}`)));
  });
}

/**
 * A fresh project (`init --sample` plus the extra texts) served on its own port. The fixture
 * uses it for every test; a test that needs a second project (import what the first exported)
 * calls it directly and closes it when done.
 */
export async function serveFreshProject(extraTexts: readonly ExtraText[] = [], serveArgs: readonly string[] = []): Promise<Served & { close(): Promise<void> }> {
  const dir = mkdtempSync(join(tmpdir(), 'spanbench-e2e-'));
  const projectPath = join(dir, 'p.sqlite');
  execFileSync(process.execPath, [cli, 'init', projectPath, '--sample'], { cwd: repo, stdio: 'pipe' });
  for (const extra of extraTexts) {
    const file = join(dir, extra.file);
    writeFileSync(file, extra.content, 'utf8');
    execFileSync(process.execPath, [cli, 'add-text', projectPath, file, '--title', extra.title], { cwd: repo, stdio: 'pipe' });
  }
  let started: { child: ChildProcess; url: string };
  try {
    started = await startServer(projectPath, serveArgs);
  } catch (error) {
    rmSync(dir, { recursive: true, force: true });
    throw error;
  }
  const { child, url } = started;
  return {
    url,
    token: new URL(url).searchParams.get('token') ?? '',
    projectPath,
    close: async () => {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 3000))]);
      if (child.exitCode === null) child.kill('SIGKILL');
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export const test = base.extend<{ extraTexts: ExtraText[]; served: Served; app: Page }>({
  extraTexts: [[], { option: true }],

  served: async ({ extraTexts }, use) => {
    const { close, ...served } = await serveFreshProject(extraTexts);
    try {
      await use(served);
    } finally {
      await close();
    }
  },

  app: async ({ page, served }, use) => {
    const problems: string[] = [];
    page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
    page.on('console', (message) => {
      // CSP violations and uncaught errors must fail the test; a favicon 404 would not reach here (data: icon).
      if (message.type() === 'error') problems.push(`console error: ${message.text()}`);
    });
    page.on('console', (message) => {
      // Svelte reports markup that does not match what the server drew; it must always match.
      if (/hydrat/i.test(message.text())) problems.push(`console ${message.type()}: ${message.text()}`);
    });
    await page.goto(served.url);
    await waitForApp(page);
    await expect(page.locator('article [data-block]').first()).toBeVisible();
    await use(page);
    expect(problems, 'no page errors or console errors').toEqual([]);
  },
});

/**
 * The page shows the server-drawn first screen before its script runs; the app marks <html>
 * data-ready once it has hydrated and its keys are bound.
 */
export async function waitForApp(page: Page): Promise<void> {
  await expect(page.locator('html[data-ready="true"]')).toBeAttached();
}

/** Reloads and waits for the app to be ready again. */
export async function reloadApp(page: Page): Promise<void> {
  await page.reload();
  await waitForApp(page);
}

export { expect };
