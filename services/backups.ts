/**
 * Backups of a project: taken through SQLite's online backup API (a consistent copy even
 * while the project is being written), kept in the user-data backups folder (paths.ts),
 * newest 10 kept. Restoring validates the backup, backs up the current file first, and
 * replaces it with one rename, so a crash at any moment leaves one whole project in place.
 */
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { backupTo, pruneBackups, timestampedBackupPath } from '../db/backup';
import { inspectProjectFile, openProject, ProjectOpenError, type ProjectDb, type SqliteAddonOption } from '../db/open';
import { backupDir } from './paths';
import { checkProject } from './projectCheck';

export const KEEP_BACKUPS = 10;
export const AUTO_BACKUP_INTERVAL_MS = 60 * 60 * 1000;

export interface BackupOptions {
  /** Default: backupDir(projectPath). */
  dir?: string;
  /** Part of the file name: why the backup was taken. */
  reason?: string;
  keep?: number;
  now?: Date;
}

/** Backs up an open project into its backups folder and prunes old backups there. */
export async function backupProject(db: ProjectDb, projectPath: string, options: BackupOptions = {}): Promise<string> {
  const dir = options.dir ?? backupDir(projectPath);
  const destination = timestampedBackupPath(dir, projectPath, options.reason ?? 'manual', options.now);
  await backupTo(db, destination);
  pruneBackups(dir, projectPath, options.keep ?? KEEP_BACKUPS);
  return destination;
}

export interface BackupEntry {
  file: string;
  takenAt: Date;
  bytes: number;
}

/** Backups of a project, newest first. */
export function listBackups(projectPath: string, dir = backupDir(projectPath)): BackupEntry[] {
  if (!fs.existsSync(dir)) return [];
  const base = path.basename(projectPath).replace(/\.sqlite$/i, '');
  return fs
    .readdirSync(dir)
    .filter((name) => name.startsWith(`${base}.`) && name.endsWith('.sqlite'))
    .sort()
    .reverse()
    .map((name) => {
      const file = path.join(dir, name);
      const stat = fs.statSync(file);
      return { file, takenAt: stat.mtime, bytes: stat.size };
    });
}

/** Connection-wide change marker: data_version moves on others' commits, total_changes() on ours. */
function changeMarker(db: ProjectDb): string {
  const dataVersion = db.pragma('data_version', { simple: true }) as number;
  const ours = (db.prepare('SELECT total_changes() AS n').get() as { n: number }).n;
  return `${dataVersion}:${ours}`;
}

export interface AutoBackupOptions extends BackupOptions {
  intervalMs?: number;
  onError?(error: Error): void;
  onBackup?(file: string): void;
}

/**
 * Backs a project up at most every `intervalMs` while it changes, and once more when it is
 * closed if it changed since the last backup (or was never backed up).
 */
export class AutoBackup {
  readonly #db: ProjectDb;
  readonly #projectPath: string;
  readonly #options: AutoBackupOptions;
  #marker: string;
  #timer: NodeJS.Timeout | null = null;
  #running: Promise<string | null> = Promise.resolve(null);

  constructor(db: ProjectDb, projectPath: string, options: AutoBackupOptions = {}) {
    this.#db = db;
    this.#projectPath = projectPath;
    this.#options = options;
    this.#marker = changeMarker(db);
  }

  start(): void {
    if (this.#timer) return;
    this.#timer = setInterval(() => void this.backupIfChanged('hourly'), this.#options.intervalMs ?? AUTO_BACKUP_INTERVAL_MS);
    this.#timer.unref();
  }

  /** Backs up when something changed since the last backup; returns the file, or null. */
  backupIfChanged(reason: string, evenIfUnchanged = false): Promise<string | null> {
    this.#running = this.#running.then(async () => {
      if (!this.#db.open) return null;
      const marker = changeMarker(this.#db);
      if (marker === this.#marker && !evenIfUnchanged) return null;
      try {
        const file = await backupProject(this.#db, this.#projectPath, { ...this.#options, reason });
        this.#marker = changeMarker(this.#db);
        this.#options.onBackup?.(file);
        return file;
      } catch (error) {
        this.#options.onError?.(error as Error);
        return null;
      }
    });
    return this.#running;
  }

  /** Stops the timer and takes the closing backup; call before closing the connection. */
  async stop(): Promise<string | null> {
    if (this.#timer) clearInterval(this.#timer);
    this.#timer = null;
    const dir = this.#options.dir ?? backupDir(this.#projectPath);
    const never = listBackups(this.#projectPath, dir).length === 0;
    return this.backupIfChanged('on-close', never);
  }
}

export class RestoreError extends Error {
  constructor(
    readonly kind: 'invalid_backup' | 'busy' | 'not_found',
    message: string,
  ) {
    super(message);
    this.name = 'RestoreError';
  }
}

export interface RestoreResult {
  project: string;
  restoredFrom: string;
  /** The project as it was before the restore (a backup, or the damaged file moved aside); null if there was none. */
  previous: string | null;
}

function fsyncDir(dir: string): void {
  try {
    const fd = fs.openSync(dir, 'r');
    try {
      fs.fsyncSync(fd);
    } finally {
      fs.closeSync(fd);
    }
  } catch {
    // Not supported everywhere (Windows); the rename is still atomic.
  }
}

function moveAside(from: string, to: string): void {
  try {
    fs.renameSync(from, to);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EXDEV') throw error;
    fs.copyFileSync(from, to);
    fs.rmSync(from);
  }
}

/**
 * Replaces a project with a backup. The project must not be open anywhere (close its window
 * or server first). Refuses, changing nothing, when the backup is not a readable Spanbench
 * project. The current file is backed up first (or moved aside whole when it cannot be
 * opened), then the validated copy is renamed over it.
 */
export async function restoreBackup(projectPath: string, backupFile: string, options: { dir?: string } & SqliteAddonOption = {}): Promise<RestoreResult> {
  const project = path.resolve(projectPath);
  const source = path.resolve(backupFile);
  const dir = options.dir ?? backupDir(project);
  if (!fs.existsSync(source)) throw new RestoreError('not_found', `There is no backup at ${source}.`);
  if (source === project) throw new RestoreError('invalid_backup', 'The backup and the project are the same file.');

  // Validate a private copy beside the project, so the final rename stays on one disk.
  const staging = path.join(path.dirname(project), `.${path.basename(project)}.restoring`);
  const cleanStaging = () => {
    for (const suffix of ['', '-wal', '-shm', '-journal']) fs.rmSync(`${staging}${suffix}`, { force: true });
  };
  cleanStaging();
  try {
    try {
      inspectProjectFile(source, options);
    } catch (error) {
      if (error instanceof ProjectOpenError) throw new RestoreError('invalid_backup', `Not restored: ${error.message}`);
      throw error;
    }
    fs.copyFileSync(source, staging);
    if (fs.existsSync(`${source}-wal`)) fs.copyFileSync(`${source}-wal`, `${staging}-wal`);
    const check = new Database(staging, { fileMustExist: true, nativeBinding: options.nativeBinding });
    try {
      const report = checkProject(check);
      if (!report.ok) {
        throw new RestoreError('invalid_backup', `Not restored: ${source} is damaged (${report.problems[0]?.message ?? 'integrity check failed'}).`);
      }
      // Fold any WAL into the file: the rename below moves the main file only.
      check.pragma('wal_checkpoint(TRUNCATE)');
      check.pragma('journal_mode = DELETE');
      const fd = fs.openSync(staging, 'r+');
      fs.fsyncSync(fd);
      fs.closeSync(fd);
    } finally {
      check.close();
    }

    let previous: string | null = null;
    if (fs.existsSync(project)) {
      let current: ProjectDb | null = null;
      try {
        current = (await openProject(project, { backupDir: dir, nativeBinding: options.nativeBinding })).db;
      } catch {
        current = null;
      }
      if (current) {
        try {
          previous = await backupProject(current, project, { dir, reason: 'before-restore', keep: Number.MAX_SAFE_INTEGER });
        } finally {
          current.close();
        }
        if (fs.existsSync(`${project}-wal`)) {
          // The last connection to close removes the WAL: another program still has it open. Nothing is
          // restored, so the copy just taken is not a backup anyone needs; left, each refused try would add one.
          fs.rmSync(previous, { force: true });
          throw new RestoreError('busy', `Not restored: ${project} is open in another program (or another Spanbench window). Close it and try again.`);
        }
      } else {
        // Damaged beyond opening: keep it whole, journal files included, for whoever wants to look.
        previous = timestampedBackupPath(dir, project, 'damaged');
        fs.mkdirSync(dir, { recursive: true });
        for (const suffix of ['-wal', '-shm', '-journal']) if (fs.existsSync(`${project}${suffix}`)) moveAside(`${project}${suffix}`, `${previous}${suffix}`);
        moveAside(project, previous);
      }
    }
    for (const suffix of ['-wal', '-shm', '-journal']) fs.rmSync(`${project}${suffix}`, { force: true });
    fs.renameSync(staging, project);
    fsyncDir(path.dirname(project));
    pruneBackups(dir, project, KEEP_BACKUPS + 1);
    return { project, restoredFrom: source, previous };
  } finally {
    cleanStaging();
  }
}
