/**
 * Opening a project file: the one place that decides whether a file is ours,
 * whether it can be written, and whether its schema must be migrated first.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { LATEST_SCHEMA_VERSION, migrations, OLDEST_SCHEMA_READ_AS_IS } from './migrations/index';
import { backupTo, timestampedBackupPath } from './backup';

/** 'SPBN': lets us tell our projects from other programs' SQLite files. */
export const APPLICATION_ID = 0x5350424e;
const SQLITE_HEADER = Buffer.from('SQLite format 3\0', 'latin1');

export type ProjectDb = Database.Database;

export type ProjectOpenErrorKind = 'not_found' | 'not_sqlite' | 'corrupt' | 'foreign' | 'newer_schema' | 'read_only_needs_migration';

export class ProjectOpenError extends Error {
  constructor(
    readonly kind: ProjectOpenErrorKind,
    readonly file: string,
    message: string,
  ) {
    super(message);
    this.name = 'ProjectOpenError';
  }
}

/**
 * Which better-sqlite3 addon to load, when not node_modules' own: that one is built for Node, so
 * the desktop app started by `npm start` is handed one built for Electron (electron/electronSqlite.mjs).
 */
export interface SqliteAddonOption {
  /** Passed to better-sqlite3 as its nativeBinding option: the path of a better_sqlite3.node. */
  nativeBinding?: string | undefined;
}

export interface OpenProjectOptions extends SqliteAddonOption {
  /** Create the file when it does not exist (default false). */
  create?: boolean;
  /** Open for reading only, even if the file could be written. */
  readOnly?: boolean;
  /** Folder for the backup taken before a migration (default: beside the file). */
  backupDir?: string;
  /**
   * The project is open in this process already (an import or export job beside the app's own
   * connection): its file is then read through SQLite only, not checked byte by byte first.
   * Closing any other descriptor on the file drops every POSIX lock this process holds on it,
   * and the locks are how another program's SQLite sees the app's connection: that program would
   * take itself for the last one, fold the -wal into the file and delete it, while the app went
   * on writing acknowledged changes into the deleted -wal, lost in a crash.
   */
  openInThisProcess?: boolean;
}

export interface OpenedProject {
  db: ProjectDb;
  file: string;
  readOnly: boolean;
  /** Why the project is read-only, when it is and the caller did not ask for it. */
  readOnlyReason: string | null;
  /** The latest, except for an older project opened read-only, which is read as it is (OLDEST_SCHEMA_READ_AS_IS). */
  schemaVersion: number;
  /** Backup taken before migrating, if any. */
  migrationBackup: string | null;
  created: boolean;
}

export async function openProject(file: string, options: OpenProjectOptions = {}): Promise<OpenedProject> {
  const absolute = path.resolve(file);
  const exists = fs.existsSync(absolute);
  // A read-only open cannot create (SQLite would fail with "unable to open database file",
  // which reads as a damaged file): a missing file is missing, whatever `create` says.
  if (!exists && (!options.create || options.readOnly)) {
    throw new ProjectOpenError('not_found', absolute, `No project at ${absolute}.`);
  }
  if (exists && !options.openInThisProcess) checkHeader(absolute, { emptyIsNew: options.create ?? false });

  let readOnly = options.readOnly ?? false;
  let readOnlyReason: string | null = null;
  if (exists && !readOnly) {
    readOnlyReason = whyNotWritable(absolute);
    readOnly = readOnlyReason !== null;
  }
  if (!exists) fs.mkdirSync(path.dirname(absolute), { recursive: true });

  let db: ProjectDb;
  try {
    db = exists && readOnly && needsSnapshot(absolute) ? openSnapshot(absolute, options) : new Database(absolute, { readonly: readOnly, fileMustExist: exists, nativeBinding: options.nativeBinding });
  } catch (error) {
    if (error instanceof ProjectOpenError) throw error;
    throw new ProjectOpenError('corrupt', absolute, `${absolute} could not be opened: ${(error as Error).message}. Restore a backup (spanbench restore), or copy the file somewhere writable and open the copy.`);
  }
  try {
    db.pragma('busy_timeout = 5000');
    db.pragma('foreign_keys = ON');
    // Decide whether the file is ours before anything writes to it (WAL mode rewrites the header).
    const version = readSchemaVersion(db, absolute);
    if (version === 0 && !options.create) throw emptyDatabaseError(absolute);
    if (!readOnly) {
      db.pragma('journal_mode = WAL');
      // FULL: an acknowledged change must survive power loss, not only a crash of the app.
      db.pragma('synchronous = FULL');
    }
    let migrationBackup: string | null = null;
    // Reading needs no upgrade while the reading code still handles the file's schema: nothing is written.
    const readAsItIs = readOnly && version >= OLDEST_SCHEMA_READ_AS_IS;
    if (version < LATEST_SCHEMA_VERSION && !readAsItIs) {
      // Asked for, read-only did not check whether the file could be written: the advice depends on it.
      if (readOnly) throw needsUpgradeError(absolute, version, readOnlyReason ?? whyNotWritable(absolute));
      if (version > 0) {
        migrationBackup = timestampedBackupPath(options.backupDir ?? path.dirname(absolute), absolute, `before-schema-${version + 1}`);
        await backupTo(db, migrationBackup);
      }
      migrate(db, version);
    }
    return {
      db,
      file: absolute,
      readOnly,
      readOnlyReason: options.readOnly ? null : readOnlyReason,
      schemaVersion: readAsItIs ? version : LATEST_SCHEMA_VERSION,
      migrationBackup,
      created: version === 0,
    };
  } catch (error) {
    db.close();
    throw error;
  }
}

/**
 * A project too old to be read as it is, opened read-only. When that was asked for (the file could
 * be written), it only needs opening once by something that writes; otherwise a writable copy does.
 */
function needsUpgradeError(file: string, version: number, notWritableBecause: string | null): ProjectOpenError {
  const older = `${file} was made by an older Spanbench (schema ${version}) and must be upgraded`;
  return new ProjectOpenError(
    'read_only_needs_migration',
    file,
    notWritableBecause === null
      ? `${older} once before it can be read: open it in the app, or with a command that writes to it (spanbench serve ${file}); a backup of it is taken first.`
      : `${older}, but it cannot be written (${notWritableBecause}). Copy it somewhere writable and open the copy.`,
  );
}

function emptyFileError(file: string): ProjectOpenError {
  return new ProjectOpenError('not_sqlite', file, `${file} is empty (0 bytes): it is not a Spanbench project. It was not changed. Delete it and create a project with spanbench init, or restore one from a backup.`);
}

function emptyDatabaseError(file: string): ProjectOpenError {
  return new ProjectOpenError('foreign', file, `${file} is an empty database, not a Spanbench project. It was not changed. Create a project with spanbench init, or restore one from a backup.`);
}

/**
 * Checks the file's bytes before SQLite opens it. An empty file is an empty database to SQLite,
 * which writes the header on first use: that is a new project only when one is being created
 * (`emptyIsNew`); otherwise it is refused, not made into a project without labels.
 */
function checkHeader(file: string, { emptyIsNew }: { emptyIsNew: boolean }): void {
  const stat = fs.statSync(file);
  if (stat.isDirectory()) throw new ProjectOpenError('not_sqlite', file, `${file} is a folder, not a project file.`);
  if (stat.size === 0) {
    if (emptyIsNew) return;
    throw emptyFileError(file);
  }
  const first = Buffer.alloc(100);
  const fd = fs.openSync(file, 'r');
  try {
    fs.readSync(fd, first, 0, 100, 0);
  } finally {
    fs.closeSync(fd);
  }
  const header = first.subarray(0, 16);
  if (stat.size < 100 || !header.equals(SQLITE_HEADER)) {
    throw new ProjectOpenError('not_sqlite', file, `${file} is not a Spanbench project (it is not an SQLite database). Open a project file (.sqlite) or restore a backup.`);
  }
  // SQLite notices missing pages only when it reads them (possibly after writing elsewhere).
  // The header's page count is trustworthy when its change counter matches offset 92; a
  // file shorter than that is truncated, unless a journal still holds the missing pages.
  const pageSize = first.readUInt16BE(16) === 1 ? 65536 : first.readUInt16BE(16);
  const pageCount = first.readUInt32BE(28);
  const countValid = pageCount > 0 && first.readUInt32BE(24) === first.readUInt32BE(92);
  const journal = ['-wal', '-journal'].some((suffix) => {
    try {
      return fs.statSync(`${file}${suffix}`).size > 0;
    } catch {
      return false;
    }
  });
  // A file from a newer Spanbench is refused before SQLite opens it: opening a WAL-mode file, even
  // to read it, leaves -wal and -shm files beside it. The header's user_version (offset 60) is the
  // schema as last checkpointed; with a journal beside it, the version is read through SQLite.
  const headerVersion = first.readUInt32BE(60);
  if (!journal && headerVersion > LATEST_SCHEMA_VERSION) throw newerSchemaError(file, headerVersion);
  if (countValid && stat.size < pageCount * pageSize && !journal) {
    throw new ProjectOpenError(
      'corrupt',
      file,
      `${file} is damaged: it is truncated (${stat.size.toLocaleString('en')} of ${(pageCount * pageSize).toLocaleString('en')} bytes). It was not changed. Restore a backup (spanbench restore PROJECT BACKUP).`,
    );
  }
}

/**
 * What an existing file is by its first bytes: a Spanbench project (our application_id at header
 * offset 68), another SQLite database, or null for anything else (or nothing there). A file with a
 * -shm beside it is a WAL database that a connection (perhaps of this process: the desktop app
 * has one per open window) may hold open: it is 'sqlite' unread, since closing a descriptor of our
 * own on it would drop that connection's locks (see openInThisProcess).
 */
export function databaseKindOf(file: string): 'spanbench' | 'sqlite' | null {
  if (fs.existsSync(`${file}-shm`)) return 'sqlite';
  const first = Buffer.alloc(72);
  let read: number;
  try {
    const fd = fs.openSync(file, 'r');
    try {
      read = fs.readSync(fd, first, 0, first.length, 0);
    } finally {
      fs.closeSync(fd);
    }
  } catch {
    return null;
  }
  if (read < SQLITE_HEADER.length || !first.subarray(0, SQLITE_HEADER.length).equals(SQLITE_HEADER)) return null;
  return read === first.length && first.readUInt32BE(68) === APPLICATION_ID ? 'spanbench' : 'sqlite';
}

function whyNotWritable(file: string): string | null {
  try {
    fs.accessSync(file, fs.constants.W_OK);
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EROFS' ? 'it is on a read-only disk' : 'the file is read-only';
  }
  try {
    // WAL mode writes -wal and -shm files beside the project.
    fs.accessSync(path.dirname(file), fs.constants.W_OK);
  } catch {
    return 'its folder is read-only';
  }
  return null;
}

/**
 * SQLite cannot read a WAL-mode file read-only when its -shm file is missing and cannot be
 * created (a read-only folder or disk): it fails with "unable to open database file".
 * Such projects are read from a snapshot copy (with its -wal, so no committed change is
 * missed) in a temporary folder, removed when the connection closes.
 */
function needsSnapshot(file: string): boolean {
  // Only a file with no -shm beside it is read byte by byte: where one exists, a connection may
  // hold locks on the file, which closing a descriptor of our own would drop (see openInThisProcess).
  if (fs.existsSync(`${file}-shm`)) return false;
  try {
    fs.accessSync(path.dirname(file), fs.constants.W_OK);
    return false;
  } catch {
    // The folder is read-only: a snapshot is needed if the file is in WAL mode.
  }
  const header = Buffer.alloc(20);
  const fd = fs.openSync(file, 'r');
  try {
    if (fs.readSync(fd, header, 0, 20, 0) < 20) return false;
  } finally {
    fs.closeSync(fd);
  }
  return header[18] === 2 || header[19] === 2;
}

function openSnapshot(file: string, { nativeBinding }: SqliteAddonOption): ProjectDb {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'spanbench-readonly-'));
  const copy = path.join(dir, path.basename(file));
  try {
    fs.copyFileSync(file, copy);
    if (fs.existsSync(`${file}-wal`)) fs.copyFileSync(`${file}-wal`, `${copy}-wal`);
    const db = new Database(copy, { readonly: true, fileMustExist: true, nativeBinding });
    const close = db.close.bind(db);
    db.close = () => {
      close();
      fs.rmSync(dir, { recursive: true, force: true });
      return db;
    };
    return db;
  } catch (error) {
    fs.rmSync(dir, { recursive: true, force: true });
    throw error;
  }
}

/**
 * Opens a Spanbench project for reading only, at whatever schema it has (no migration), for
 * backups, checks and restores: nothing is written to the file. Throws ProjectOpenError
 * like openProject.
 */
export function openProjectForReading(file: string, options: SqliteAddonOption = {}): { db: ProjectDb; file: string; schemaVersion: number } {
  const absolute = path.resolve(file);
  if (!fs.existsSync(absolute)) throw new ProjectOpenError('not_found', absolute, `No project at ${absolute}.`);
  checkHeader(absolute, { emptyIsNew: false });
  let db: ProjectDb;
  try {
    db = needsSnapshot(absolute) ? openSnapshot(absolute, options) : new Database(absolute, { readonly: true, fileMustExist: true, nativeBinding: options.nativeBinding });
  } catch (error) {
    throw new ProjectOpenError('corrupt', absolute, `${absolute} could not be opened: ${(error as Error).message}`);
  }
  try {
    const version = readSchemaVersion(db, absolute);
    if (version === 0) throw emptyDatabaseError(absolute);
    return { db, file: absolute, schemaVersion: version };
  } catch (error) {
    db.close();
    throw error;
  }
}

/** Checks that a file is a Spanbench project this version can read, without writing to it. */
export function inspectProjectFile(file: string, options: SqliteAddonOption = {}): { file: string; schemaVersion: number } {
  const { db, ...rest } = openProjectForReading(file, options);
  db.close();
  return rest;
}

function readSchemaVersion(db: ProjectDb, file: string): number {
  let version: number;
  let applicationId: number;
  let tableCount: number;
  try {
    version = db.pragma('user_version', { simple: true }) as number;
    applicationId = db.pragma('application_id', { simple: true }) as number;
    tableCount = (db.prepare("SELECT count(*) AS n FROM sqlite_schema WHERE type = 'table'").get() as { n: number }).n;
  } catch (error) {
    throw new ProjectOpenError('corrupt', file, `${file} is damaged and cannot be read (${(error as Error).message}). Restore a backup.`);
  }
  if (version > LATEST_SCHEMA_VERSION) throw newerSchemaError(file, version);
  if ((version === 0 && tableCount > 0) || (version > 0 && applicationId !== APPLICATION_ID)) {
    throw new ProjectOpenError(
      'foreign',
      file,
      `${file} is an SQLite database from another program, not a Spanbench project. It was not changed. Choose a Spanbench project file, or restore one from a backup.`,
    );
  }
  return version;
}

function newerSchemaError(file: string, version: number): ProjectOpenError {
  return new ProjectOpenError(
    'newer_schema',
    file,
    `${file} was saved by a newer Spanbench (schema ${version}; this version reads up to ${LATEST_SCHEMA_VERSION}). Update Spanbench to open it; the file was not changed.`,
  );
}

/** Runs every migration after `from` (up to `to`), each in its own transaction. */
export function migrate(db: ProjectDb, from: number, to = LATEST_SCHEMA_VERSION): void {
  for (const migration of migrations) {
    if (migration.version <= from || migration.version > to) continue;
    // Dropping a table that others reference would cascade (or fail) with foreign keys on, and the
    // pragma is a no-op inside a transaction: https://www.sqlite.org/lang_altertable.html#otheralter
    const foreignKeysWere = db.pragma('foreign_keys', { simple: true }) as number;
    if (migration.rebuildsTables) db.pragma('foreign_keys = OFF');
    try {
      db.transaction(() => {
        migration.up(db);
        if (migration.rebuildsTables) {
          const broken = db.pragma('foreign_key_check') as Array<{ table: string; rowid: number; parent: string }>;
          if (broken.length > 0) {
            const first = broken[0]!;
            throw new Error(`migration ${migration.version} (${migration.name}) left ${broken.length} row(s) pointing at missing rows, first ${first.table} row ${first.rowid} → ${first.parent}; nothing was changed`);
          }
        }
        if (migration.version === 1) db.pragma(`application_id = ${APPLICATION_ID}`);
        db.pragma(`user_version = ${migration.version}`);
      }).immediate();
    } finally {
      if (migration.rebuildsTables) db.pragma(`foreign_keys = ${foreignKeysWere ? 'ON' : 'OFF'}`);
    }
  }
}
