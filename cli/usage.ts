import fs from 'node:fs';
import path from 'node:path';

/** A mistake in how the command was called: reported with exit status 2 and no stack trace. */
export class UsageError extends Error {}

/**
 * An expected failure that is no mistake of the call (a file that cannot be read or written,
 * a port in use): reported as one line with exit status 1 and no stack trace.
 */
export class CliError extends Error {}

/**
 * The positionals a command takes, by name: a missing one is named, and an extra one is called
 * extra (not "missing", which is what a plain length check ends up saying).
 */
export function expectPositionals(positionals: string[], command: string, names: string[], usage: string): string[] {
  if (positionals.length < names.length) {
    const missing = names.slice(positionals.length);
    throw new UsageError(`${command} needs ${missing.join(' and ')}; usage: ${usage}`);
  }
  if (positionals.length > names.length) {
    throw new UsageError(`unexpected extra argument ${JSON.stringify(positionals[names.length])} (${command} takes ${names.join(' and ')}); usage: ${usage}`);
  }
  return positionals;
}

const FILE_ERROR_REASONS: Record<string, string> = {
  ENOENT: 'no such file or folder',
  EISDIR: 'is a folder, not a file',
  ENOTDIR: 'a part of the path is a file, not a folder',
  EACCES: 'permission denied',
  EPERM: 'operation not permitted',
  ENOSPC: 'the disk is full',
  EEXIST: 'already exists',
  EROFS: 'the disk is read-only',
  EMFILE: 'too many open files',
  ENAMETOOLONG: 'the name is too long',
};

/** One line for a Node file error (`/a/b.txt: permission denied (EACCES)`), or null for anything else. */
export function describeFileError(error: unknown): string | null {
  const { code, path: file, dest } = (error ?? {}) as NodeJS.ErrnoException & { dest?: string };
  if (typeof code !== 'string' || !(code in FILE_ERROR_REASONS)) return null;
  const where = file ? (dest ? `${file} -> ${dest}` : file) : null;
  return `${where ? `${where}: ` : ''}${FILE_ERROR_REASONS[code]} (${code})`;
}

/** The reason for a failed file operation, without the path: `permission denied`. */
export function fileErrorReason(error: unknown): string {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  return code && code in FILE_ERROR_REASONS ? FILE_ERROR_REASONS[code]! : (error as Error).message;
}

/** better-sqlite3's SqliteError carries SQLite's result code (`SQLITE_CORRUPT`, `SQLITE_READONLY_DBMOVED`, …). */
export function isSqliteError(error: unknown): error is Error & { code: string } {
  const code = (error as { code?: unknown } | null)?.code;
  return error instanceof Error && typeof code === 'string' && code.startsWith('SQLITE_');
}

/** What an SQLite error means for the named file, in words, with SQLite's own message kept. */
export function describeSqliteError(file: string, error: Error & { code: string }): string {
  const primary = error.code.replace(/^(SQLITE_[A-Z]+).*$/, '$1');
  const reasons: Record<string, string> = {
    SQLITE_CORRUPT: 'the file is damaged; run spanbench check on it, and restore a backup (spanbench restore) if it reports problems',
    SQLITE_NOTADB: 'the file is not an SQLite database, or is damaged',
    SQLITE_READONLY: 'it cannot be written (a read-only file, folder or disk)',
    SQLITE_CANTOPEN: 'it could not be opened; check that its folder exists and can be written',
    SQLITE_FULL: 'the disk is full',
    SQLITE_BUSY: 'another program is writing to the project; try again when it is done',
    SQLITE_LOCKED: 'another program is writing to the project; try again when it is done',
    SQLITE_IOERR: 'reading or writing the disk failed',
    SQLITE_PERM: 'permission denied',
  };
  return `${file}: ${reasons[primary] ?? 'SQLite could not complete the operation'} (${error.message}; ${error.code})`;
}

/**
 * Why nothing can be written into `dir`, or into its nearest existing ancestor when `dir` is
 * still to be made: a file stands there (`notAFolder`), or the folder cannot be written or reached
 * (`error`). Null when a file can be created there. SQLite says only "unable to open database
 * file" in those cases, so commands check first and name the folder.
 */
export function unwritableFolder(dir: string): { folder: string; notAFolder: boolean; error: unknown } | null {
  let folder = path.resolve(dir);
  for (;;) {
    try {
      if (!fs.statSync(folder).isDirectory()) return { folder, notAFolder: true, error: null };
      break;
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if ((code !== 'ENOENT' && code !== 'ENOTDIR') || path.dirname(folder) === folder) return { folder, notAFolder: false, error };
      folder = path.dirname(folder);
    }
  }
  try {
    fs.accessSync(folder, fs.constants.W_OK | fs.constants.X_OK);
    return null;
  } catch (error) {
    return { folder, notAFolder: false, error };
  }
}
