/**
 * File › Restore Backup…: choose a backup of the window's project (the dialog opens at its
 * backups folder), confirm, close the project's worker, restore (services/backups.ts: the
 * current file is backed up first and replaced atomically), and open the project again.
 * Plain functions over injected dependencies, so the whole flow is unit-tested with fakes;
 * main.ts supplies electron's dialog and its window bookkeeping.
 */
import path from 'node:path';
import type { OpenDialogOptions } from 'electron';
import { inspectProjectFile, type SqliteAddonOption } from '../db/open';
import { restoreBackup, type RestoreResult } from '../services/backups';
import { backupDir } from '../services/paths';

export interface RestoreBackupDeps {
  /** The project shown in the window the menu was used from, if any. */
  projectOf(window: unknown): { projectPath: string } | undefined;
  backupDirFor(projectPath: string): string;
  showOpenDialog(window: unknown, options: OpenDialogOptions): Promise<{ canceled: boolean; filePaths: string[] }>;
  /** Resolves to the index of the button pressed. */
  showMessageBox(window: unknown, options: { type: 'question' | 'info' | 'error'; buttons: string[]; defaultId: number; cancelId: number; message: string; detail: string }): Promise<{ response: number }>;
  /** Throws (with a message for the user) when the file is not a readable Spanbench project. */
  validate(backupFile: string): void;
  /** Stops the project's worker and waits until its connection is closed. */
  closeProject(projectPath: string): Promise<void>;
  restore(projectPath: string, backupFile: string): Promise<RestoreResult>;
  /** Starts a worker on the project again and shows it in the window. */
  reopenProject(projectPath: string, window: unknown): Promise<void>;
  log?(message: string): void;
}

export type RestoreOutcome = 'restored' | 'cancelled' | 'invalid' | 'failed' | 'no-project';

export const BACKUP_FILTERS = [{ name: 'Spanbench backup', extensions: ['sqlite'] }];

export async function restoreBackupFlow(window: unknown, deps: RestoreBackupDeps): Promise<RestoreOutcome> {
  const project = deps.projectOf(window);
  if (!project) {
    await deps.showMessageBox(window, { type: 'info', buttons: ['OK'], defaultId: 0, cancelId: 0, message: 'Open a project first.', detail: 'Restore Backup… replaces the project shown in the window.' });
    return 'no-project';
  }
  const { projectPath } = project;
  const chosen = await deps.showOpenDialog(window, {
    title: `Restore a Backup of ${path.basename(projectPath)}`,
    defaultPath: deps.backupDirFor(projectPath),
    buttonLabel: 'Restore…',
    properties: ['openFile'],
    filters: BACKUP_FILTERS,
  });
  const backupFile = chosen.filePaths[0];
  if (chosen.canceled || !backupFile) return 'cancelled';

  try {
    deps.validate(backupFile);
  } catch (error) {
    await deps.showMessageBox(window, { type: 'error', buttons: ['OK'], defaultId: 0, cancelId: 0, message: 'This file cannot be restored.', detail: (error as Error).message });
    return 'invalid';
  }

  const confirmed = await deps.showMessageBox(window, {
    type: 'question',
    buttons: ['Restore', 'Cancel'],
    defaultId: 1,
    cancelId: 1,
    message: `Replace ${path.basename(projectPath)} with the backup ${path.basename(backupFile)}?`,
    detail: 'The project as it is now is backed up first, so this can be undone by restoring that backup. The project closes and reopens.',
  });
  if (confirmed.response !== 0) return 'cancelled';

  await deps.closeProject(projectPath);
  let outcome: RestoreOutcome = 'restored';
  let detail = '';
  try {
    const result = await deps.restore(projectPath, backupFile);
    deps.log?.(`restored ${projectPath} from ${backupFile}; previous version kept at ${result.previous ?? 'nowhere (there was none)'}`);
    detail = result.previous ? `The project as it was is kept at ${result.previous}.` : '';
  } catch (error) {
    outcome = 'failed';
    detail = (error as Error).message;
  }
  // Reopen either way: after a refused restore the project is as it was.
  await deps.reopenProject(projectPath, window);
  if (outcome === 'failed') {
    await deps.showMessageBox(window, { type: 'error', buttons: ['OK'], defaultId: 0, cancelId: 0, message: 'The backup was not restored.', detail });
  } else {
    await deps.showMessageBox(window, { type: 'info', buttons: ['OK'], defaultId: 0, cancelId: 0, message: `Restored ${path.basename(projectPath)} from ${path.basename(backupFile)}.`, detail });
  }
  return outcome;
}

/** The parts that are the same everywhere: where backups are, how a file is checked and restored. */
export function defaultRestoreDeps(sqlite: SqliteAddonOption = {}): Pick<RestoreBackupDeps, 'backupDirFor' | 'validate' | 'restore'> {
  return {
    backupDirFor: (projectPath) => backupDir(projectPath),
    validate: (file) => void inspectProjectFile(file, sqlite),
    restore: (projectPath, file) => restoreBackup(projectPath, file, sqlite),
  };
}
