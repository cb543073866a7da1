/** Launch helpers shared by the Electron specs. */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { _electron, type ElectronApplication } from '@playwright/test';
import { prepareElectronSqlite } from '../../electron/electronSqlite.mjs';
import { locateElectron } from '../../electron/locateElectron.mjs';

export const root = path.resolve(fileURLToPath(new URL('../..', import.meta.url)));
export const mainScript = path.join(root, 'dist', 'electron', 'main.cjs');

/** Why these tests cannot run here, or null when they can. */
export function whyNoElectron(): string | null {
  const electron = locateElectron(root);
  if (!electron.ok) return `No Electron binary here: ${electron.reason}`;
  if (!existsSync(mainScript)) return `No Electron binary here: ok, but ${mainScript} is missing (run npm run build)`;
  return null;
}

export function executablePath(): string {
  const electron = locateElectron(root);
  if (!electron.ok) throw new Error(electron.reason);
  return electron.executablePath;
}

let sqliteBinding: { value: string | null } | null = null;

/**
 * The environment the app runs in, as `npm start` gives it: node_modules' better-sqlite3 is built for
 * Node (the CLI and the other tests use it), so the app gets an Electron build of it (made once and
 * cached; electron/electronSqlite.mjs). Where none can be had the specs fail with the reason.
 */
function appEnv(home: string): NodeJS.ProcessEnv {
  if (!sqliteBinding) {
    const electron = locateElectron(root);
    if (!electron.ok) throw new Error(electron.reason);
    const prepared = prepareElectronSqlite({ electronPath: electron.executablePath, electronVersion: electron.version, root });
    if (!prepared.ok) throw new Error(prepared.message);
    sqliteBinding = { value: prepared.nativeBinding };
  }
  const env: NodeJS.ProcessEnv = { ...process.env, SPANBENCH_HOME: home };
  delete env['SPANBENCH_SQLITE_BINDING'];
  if (sqliteBinding.value) env['SPANBENCH_SQLITE_BINDING'] = sqliteBinding.value;
  return env;
}

/** A fresh folder used as SPANBENCH_HOME (user data, instance lock, default project). */
export function tempHome(): { dir: string; cleanup(): void } {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'spanbench-electron-'));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

// Chromium refuses to start as root without --no-sandbox (containers, CI). This turns off the
// OS sandbox only; the renderer is still an Electron sandboxed renderer (webPreferences.sandbox).
const chromiumSwitches = process.getuid?.() === 0 ? ['--no-sandbox'] : [];

export function appArgs(projectPath: string, extra: string[] = []): string[] {
  return [mainScript, '--project', projectPath, '--sample', ...extra, ...chromiumSwitches];
}

export async function launchApp(home: string, projectPath: string): Promise<ElectronApplication> {
  return _electron.launch({
    // Passing the path keeps Playwright from require('electron'), which tries to download it.
    executablePath: executablePath(),
    args: appArgs(projectPath),
    env: { ...appEnv(home), ELECTRON_ENABLE_LOGGING: '1' },
    timeout: 60_000,
  });
}

/** Starts a second instance the way a user would and resolves with its exit code. */
export function runSecondInstance(home: string, projectPath: string): Promise<number | null> {
  return new Promise((resolve, reject) => {
    const child = spawn(executablePath(), appArgs(projectPath), { env: appEnv(home), stdio: 'ignore' });
    const timer = setTimeout(() => {
      child.kill();
      reject(new Error('the second instance did not exit: the single-instance lock did not hand over'));
    }, 30_000);
    child.on('exit', (code) => {
      clearTimeout(timer);
      resolve(code);
    });
    child.on('error', reject);
  });
}
