/**
 * Where Spanbench keeps its data. The Electron app and the CLI must agree, so that
 * `spanbench serve` without a project opens the same default project as the app.
 * This mirrors Electron's app.getPath('userData') for productName "Spanbench".
 */
import { createHash } from 'node:crypto';
import os from 'node:os';
import path from 'node:path';

export const PRODUCT_NAME = 'Spanbench';
export const DEFAULT_PROJECT_FILE = 'default-project.sqlite';

export function userDataDir(env: NodeJS.ProcessEnv = process.env, platform: NodeJS.Platform = process.platform): string {
  // Tests and portable installs point this elsewhere.
  if (env.SPANBENCH_HOME) return path.resolve(env.SPANBENCH_HOME);
  const home = os.homedir();
  if (platform === 'win32') return path.join(env.APPDATA ?? path.join(home, 'AppData', 'Roaming'), PRODUCT_NAME);
  if (platform === 'darwin') return path.join(home, 'Library', 'Application Support', PRODUCT_NAME);
  return path.join(env.XDG_CONFIG_HOME ?? path.join(home, '.config'), PRODUCT_NAME);
}

export function defaultProjectPath(env: NodeJS.ProcessEnv = process.env): string {
  return path.join(userDataDir(env), DEFAULT_PROJECT_FILE);
}

/**
 * Automatic backups live in the user data folder (backups/), not beside the project. The folder
 * name carries a hash of the project's full path: two projects both named project.sqlite
 * in different folders must not share (and prune) each other's backups.
 */
export function backupDir(projectPath: string, env: NodeJS.ProcessEnv = process.env): string {
  const absolute = path.resolve(projectPath);
  const base = path.basename(absolute).replace(/\.sqlite$/i, '');
  const tag = createHash('sha256').update(absolute).digest('hex').slice(0, 8);
  return path.join(userDataDir(env), 'backups', `${base}-${tag}`);
}
