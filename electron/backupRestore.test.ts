import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it, vi } from 'vitest';
import { insertDocument } from '../db/documentsRepo';
import { inspectProjectFile, openProject } from '../db/open';
import { backupProject, restoreBackup } from '../services/backups';
import { ensureProject } from '../services/project';
import { tempDir } from '../tests/unit/helpers';
import { restoreBackupFlow, type RestoreBackupDeps } from './backupRestore';
import { buildMenuTemplate } from './menu';

/** Fakes for electron's dialogs; the restore itself runs for real on files. */
function fakeDeps(projectPath: string | undefined, answers: { file?: string; confirm?: boolean } = {}) {
  const calls: string[] = [];
  const deps: RestoreBackupDeps = {
    projectOf: () => (projectPath ? { projectPath } : undefined),
    backupDirFor: (p) => path.join(path.dirname(p), 'backups'),
    showOpenDialog: vi.fn(async () => (answers.file ? { canceled: false, filePaths: [answers.file] } : { canceled: true, filePaths: [] })),
    showMessageBox: vi.fn(async (_window, options) => {
      calls.push(`${options.type}: ${options.message}`);
      return { response: options.type === 'question' ? (answers.confirm ? 0 : 1) : 0 };
    }),
    validate: (file) => void inspectProjectFile(file),
    closeProject: vi.fn(async () => void calls.push('close')),
    restore: (p, file) => restoreBackup(p, file, { dir: path.join(path.dirname(p), 'backups') }),
    reopenProject: vi.fn(async () => void calls.push('reopen')),
  };
  return { deps, calls };
}

async function projectWithBackup() {
  const dir = tempDir();
  const projectPath = path.join(dir, 'p.sqlite');
  const opened = await ensureProject(projectPath, { withSample: true });
  const backup = await backupProject(opened.db, projectPath, { dir: path.join(dir, 'backups') });
  insertDocument(opened.db, { text: 'added after the backup' });
  opened.db.close();
  return { dir, projectPath, backup };
}

const documents = (file: string) => {
  const db = new Database(file, { readonly: true });
  const n = (db.prepare('SELECT count(*) AS n FROM documents').get() as { n: number }).n;
  db.close();
  return n;
};

describe('Restore Backup…', () => {
  it('opens the dialog at the project backups folder, confirms, closes, restores and reopens', async () => {
    const { projectPath, backup, dir } = await projectWithBackup();
    const { deps, calls } = fakeDeps(projectPath, { file: backup, confirm: true });
    expect(documents(projectPath)).toBe(2);
    expect(await restoreBackupFlow({ id: 1 }, deps)).toBe('restored');
    expect(deps.showOpenDialog).toHaveBeenCalledWith({ id: 1 }, expect.objectContaining({ defaultPath: path.join(dir, 'backups'), properties: ['openFile'] }));
    expect(calls).toEqual([expect.stringMatching(/^question: Replace p\.sqlite with the backup/), 'close', 'reopen', expect.stringMatching(/^info: Restored p\.sqlite/)]);
    expect(documents(projectPath)).toBe(1);
    const reopened = await openProject(projectPath);
    expect(reopened.db.pragma('integrity_check', { simple: true })).toBe('ok');
    reopened.db.close();
  });

  it('changes nothing when the dialog or the confirmation is cancelled', async () => {
    const { projectPath, backup } = await projectWithBackup();
    const before = fs.readFileSync(projectPath);
    const noFile = fakeDeps(projectPath, {});
    expect(await restoreBackupFlow(undefined, noFile.deps)).toBe('cancelled');
    const declined = fakeDeps(projectPath, { file: backup, confirm: false });
    expect(await restoreBackupFlow(undefined, declined.deps)).toBe('cancelled');
    expect(declined.deps.closeProject).not.toHaveBeenCalled();
    expect(fs.readFileSync(projectPath).equals(before)).toBe(true);
  });

  it('refuses a file that is not a Spanbench project before closing anything', async () => {
    const { projectPath, dir } = await projectWithBackup();
    const junk = path.join(dir, 'junk.sqlite');
    fs.writeFileSync(junk, 'not a database '.repeat(30));
    const { deps, calls } = fakeDeps(projectPath, { file: junk, confirm: true });
    expect(await restoreBackupFlow(undefined, deps)).toBe('invalid');
    expect(calls).toEqual(['error: This file cannot be restored.']);
    expect(deps.closeProject).not.toHaveBeenCalled();
    expect(documents(projectPath)).toBe(2);
  });

  it('reopens the project and reports the error when the restore itself fails', async () => {
    const { projectPath, backup } = await projectWithBackup();
    const { deps, calls } = fakeDeps(projectPath, { file: backup, confirm: true });
    deps.restore = async () => {
      throw new Error('Not restored: the disk is full');
    };
    expect(await restoreBackupFlow(undefined, deps)).toBe('failed');
    expect(calls.slice(1)).toEqual(['close', 'reopen', 'error: The backup was not restored.']);
  });

  it('asks for a project when no project window is focused', async () => {
    const { deps } = fakeDeps(undefined);
    expect(await restoreBackupFlow(undefined, deps)).toBe('no-project');
    expect(deps.showOpenDialog).not.toHaveBeenCalled();
  });

  it('is in the File menu and calls its action with the window', () => {
    const restore = vi.fn();
    const template = buildMenuTemplate({
      platform: 'linux',
      isDev: false,
      appName: 'Spanbench',
      actions: { command: vi.fn(), openProject: vi.fn(), newProject: vi.fn(), restoreBackup: restore },
    });
    const file = template.find((menu) => menu.label === '&File');
    const item = (file?.submenu as Array<{ id?: string; label?: string; click?: (...args: unknown[]) => void }>).find((entry) => entry.id === 'restore-backup');
    expect(item?.label).toBe('Restore Backup…');
    item?.click?.({}, { id: 7 }, {});
    expect(restore).toHaveBeenCalledWith({ id: 7 });
  });
});
