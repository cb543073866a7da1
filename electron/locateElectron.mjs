// Finds the Electron executable without require('electron'): in Electron 45 that require
// tries to download the binary when it is missing, which hangs or fails without a network.
// Mirrors node_modules/electron/index.js (path.txt + dist/, ELECTRON_OVERRIDE_DIST_PATH).
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

/**
 * @param {string} [fromDir] where to resolve the electron package from
 * @returns {{ ok: true, executablePath: string, version: string } | { ok: false, reason: string }}
 */
export function locateElectron(fromDir = process.cwd()) {
  let packageDir;
  try {
    const require = createRequire(path.join(fromDir, 'noop.js'));
    packageDir = path.dirname(require.resolve('electron/package.json'));
  } catch {
    return { ok: false, reason: 'the electron package is not installed' };
  }
  const { version } = JSON.parse(readFileSync(path.join(packageDir, 'package.json'), 'utf8'));
  const pathFile = path.join(packageDir, 'path.txt');
  const relative = existsSync(pathFile) ? readFileSync(pathFile, 'utf8').trim() : '';
  if (process.env.ELECTRON_OVERRIDE_DIST_PATH) {
    const executablePath = path.join(process.env.ELECTRON_OVERRIDE_DIST_PATH, relative || 'electron');
    return existsSync(executablePath)
      ? { ok: true, executablePath, version }
      : { ok: false, reason: `ELECTRON_OVERRIDE_DIST_PATH has no ${executablePath}` };
  }
  if (!relative) return { ok: false, reason: `${pathFile} is missing: the binary was never downloaded` };
  const executablePath = path.join(packageDir, 'dist', relative);
  if (!existsSync(executablePath)) return { ok: false, reason: `${executablePath} does not exist` };
  return { ok: true, executablePath, version };
}
