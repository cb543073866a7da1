import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../tests/unit/helpers';
import { makeReadOnlyFile, whyNoImmutable } from '../tests/unit/mounts';
import { findLabelByName, getLiveLabel, listLabels, spanCountsByLabel } from './labelsRepo';
import { LATEST_SCHEMA_VERSION, migrations, OLDEST_SCHEMA_READ_AS_IS } from './migrations/index';
import { APPLICATION_ID, migrate, openProject, openProjectForReading, ProjectOpenError } from './open';

async function openError(file: string, options = {}): Promise<ProjectOpenError> {
  try {
    const opened = await openProject(file, options);
    opened.db.close();
  } catch (error) {
    if (error instanceof ProjectOpenError) return error;
    throw error;
  }
  throw new Error('expected openProject to fail');
}

/** A project as an older Spanbench left it: the schema of `version`, with a label and a document. */
function olderProject(file: string, version: number): void {
  const db = new Database(file);
  migrate(db, 0, version);
  db.pragma('journal_mode = WAL');
  db.prepare("INSERT INTO labels (name, color, sort_order, created_at) VALUES ('Agency', '#2f6fdf', 1, 'x')").run();
  db.prepare("INSERT INTO documents (title, text, sha256, length, created_at, updated_at) VALUES ('Old', 'Borisov chaired the meeting', ?, 27, 'x', 'x')").run('0'.repeat(64));
  db.close();
}

describe('openProject', () => {
  it('creates a new project at the latest schema with WAL, foreign keys and STRICT tables', async () => {
    const file = path.join(tempDir(), 'new.sqlite');
    const opened = await openProject(file, { create: true });
    expect(opened.created).toBe(true);
    expect(opened.db.pragma('user_version', { simple: true })).toBe(LATEST_SCHEMA_VERSION);
    expect(opened.db.pragma('application_id', { simple: true })).toBe(APPLICATION_ID);
    expect(opened.db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(opened.db.pragma('foreign_keys', { simple: true })).toBe(1);
    const tables = opened.db.prepare("SELECT name, sql FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%'").all() as Array<{ name: string; sql: string }>;
    expect(tables.map((t) => t.name).filter((n) => !n.startsWith('documents_fts')).sort()).toEqual(['changes', 'documents', 'labels', 'relations', 'settings', 'spans']);
    for (const table of tables.filter((t) => !t.name.startsWith('documents_fts'))) expect(table.sql, table.name).toMatch(/STRICT$/);
    opened.db.close();
  });

  it('refuses a missing file unless asked to create it', async () => {
    const error = await openError(path.join(tempDir(), 'missing.sqlite'));
    expect(error.kind).toBe('not_found');
  });

  it('refuses a file that is not SQLite, and leaves it untouched', async () => {
    const file = path.join(tempDir(), 'notes.sqlite');
    fs.writeFileSync(file, 'These are my notes, not a database. '.repeat(20));
    const before = fs.readFileSync(file);
    const error = await openError(file);
    expect(error.kind).toBe('not_sqlite');
    expect(error.message).toContain('not an SQLite database');
    expect(fs.readFileSync(file).equals(before)).toBe(true);
  });

  it('refuses a truncated project file', async () => {
    const dir = tempDir();
    const file = path.join(dir, 'p.sqlite');
    const opened = await openProject(file, { create: true });
    opened.db.pragma('journal_mode = DELETE');
    opened.db.close();
    const bytes = fs.readFileSync(file);
    fs.writeFileSync(file, bytes.subarray(0, 2048));
    const error = await openError(file);
    expect(['corrupt', 'not_sqlite']).toContain(error.kind);
  });

  it('refuses an SQLite file from another program without writing to it', async () => {
    const file = path.join(tempDir(), 'other.sqlite');
    const other = new Database(file);
    other.exec('CREATE TABLE contacts (name TEXT)');
    other.close();
    const before = fs.readFileSync(file);
    const error = await openError(file);
    expect(error.kind).toBe('foreign');
    expect(fs.readFileSync(file).equals(before)).toBe(true);
  });

  it('refuses a project from a newer Spanbench with a clear message', async () => {
    const file = path.join(tempDir(), 'future.sqlite');
    const opened = await openProject(file, { create: true });
    opened.db.pragma(`user_version = ${LATEST_SCHEMA_VERSION + 1}`);
    opened.db.close();
    const error = await openError(file);
    expect(error.kind).toBe('newer_schema');
    expect(error.message).toMatch(/newer Spanbench/);
  });

  it('refuses a newer project before SQLite opens it, so no -wal or -shm appears beside it', async () => {
    const file = path.join(tempDir(), 'future.sqlite');
    const opened = await openProject(file, { create: true });
    opened.db.pragma(`user_version = ${LATEST_SCHEMA_VERSION + 7}`);
    opened.db.close();
    expect(fs.existsSync(`${file}-wal`)).toBe(false);
    const before = fs.readFileSync(file);
    for (const options of [{}, { readOnly: true }]) {
      const error = await openError(file, options);
      expect(error.kind).toBe('newer_schema');
      expect(error.message).toContain(`schema ${LATEST_SCHEMA_VERSION + 7}`);
      expect(fs.readdirSync(path.dirname(file))).toEqual(['future.sqlite']);
      expect(fs.readFileSync(file).equals(before)).toBe(true);
    }
  });

  it('refuses an empty file or an empty database it was not asked to create, and leaves it as it was', async () => {
    const dir = tempDir();
    const empty = path.join(dir, 'empty.sqlite');
    fs.writeFileSync(empty, '');
    for (const options of [{}, { readOnly: true }]) {
      const error = await openError(empty, options);
      expect(error.kind).toBe('not_sqlite');
      expect(error.message).toContain('is empty (0 bytes): it is not a Spanbench project');
      expect(fs.statSync(empty).size).toBe(0);
    }
    const blank = path.join(dir, 'blank.sqlite');
    const maker = new Database(blank);
    maker.exec('CREATE TABLE t (x); DROP TABLE t;'); // a header and no tables
    maker.close();
    const blankBefore = fs.readFileSync(blank);
    const error = await openError(blank, { readOnly: false });
    expect(error.kind).toBe('foreign');
    expect(error.message).toContain('is an empty database, not a Spanbench project');
    // Refused before WAL mode is set, which would rewrite the header and put -wal/-shm beside it.
    expect(fs.readFileSync(blank).equals(blankBefore)).toBe(true);
    expect(fs.existsSync(`${blank}-wal`)).toBe(false);
    // Asked to create one, the empty file becomes the new project.
    const created = await openProject(empty, { create: true });
    expect(created.created).toBe(true);
    created.db.close();
    expect(fs.statSync(empty).size).toBeGreaterThan(0);
  });

  it('opens a read-only file for reading, with the reason', async () => {
    const dir = tempDir();
    const file = path.join(dir, 'ro.sqlite');
    const created = await openProject(file, { create: true });
    created.db.close();
    fs.chmodSync(file, 0o444);
    if (process.getuid?.() === 0) {
      // root can write anything; ask for read-only explicitly instead.
      const opened = await openProject(file, { readOnly: true });
      expect(opened.readOnly).toBe(true);
      expect(() => opened.db.prepare("INSERT INTO settings VALUES ('a', 'b')").run()).toThrow(/readonly/i);
      opened.db.close();
      return;
    }
    const opened = await openProject(file);
    expect(opened.readOnly).toBe(true);
    expect(opened.readOnlyReason).toMatch(/read-only/);
    opened.db.close();
  });

  it('migrates an older project step by step, backing up the old file first', async () => {
    const dir = tempDir();
    const file = path.join(dir, 'old.sqlite');
    const old = new Database(file);
    migrate(old, 0, 1);
    old.prepare("INSERT INTO documents (title, text, sha256, length, created_at, updated_at) VALUES ('Old', 'Borisov chaired the meeting', ?, 27, 'x', 'x')").run('0'.repeat(64));
    old.close();
    const opened = await openProject(file, { backupDir: path.join(dir, 'backups') });
    expect(opened.schemaVersion).toBe(LATEST_SCHEMA_VERSION);
    expect(opened.migrationBackup).not.toBeNull();
    const backup = new Database(opened.migrationBackup!, { readonly: true });
    expect(backup.pragma('user_version', { simple: true })).toBe(1);
    expect(backup.prepare('SELECT title FROM documents').all()).toEqual([{ title: 'Old' }]);
    backup.close();
    // Migration 2 indexed the existing text.
    expect(opened.db.prepare("SELECT rowid FROM documents_fts WHERE documents_fts MATCH 'borisov'").all()).toEqual([{ rowid: 1 }]);
    opened.db.close();
  });

  it('reads an older project opened read-only as it is, labels too, without upgrading or backing it up', async () => {
    expect(OLDEST_SCHEMA_READ_AS_IS).toBeLessThan(LATEST_SCHEMA_VERSION);
    for (let version = OLDEST_SCHEMA_READ_AS_IS; version < LATEST_SCHEMA_VERSION; version++) {
      const dir = tempDir();
      const file = path.join(dir, 'old.sqlite');
      olderProject(file, version);
      const opened = await openProject(file, { readOnly: true, backupDir: path.join(dir, 'backups') });
      expect(opened).toMatchObject({ readOnly: true, schemaVersion: version, migrationBackup: null });
      // Schema 3 has no labels.deleted_at: no label of it is deleted.
      expect(listLabels(opened.db).map((label) => label.name)).toEqual(['Agency']);
      expect(getLiveLabel(opened.db, 1)?.name).toBe('Agency');
      expect(findLabelByName(opened.db, 'Agency')).toMatchObject({ deleted: false });
      expect([...spanCountsByLabel(opened.db)]).toEqual([[1, 0]]);
      opened.db.close();
      const read = openProjectForReading(file);
      expect(listLabels(read.db).map((label) => label.name)).toEqual(['Agency']);
      read.db.close();
      expect(fs.existsSync(path.join(dir, 'backups'))).toBe(false);
      const after = new Database(file, { readonly: true });
      expect(after.pragma('user_version', { simple: true })).toBe(version);
      after.close();
    }
  });

  it('asks for one upgrade of a project too old to be read as it is, or for a copy when the file cannot be written', async (context) => {
    const dir = tempDir();
    const file = path.join(dir, 'old.sqlite');
    olderProject(file, OLDEST_SCHEMA_READ_AS_IS - 1);
    const asked = await openError(file, { readOnly: true });
    expect(asked.kind).toBe('read_only_needs_migration');
    expect(asked.message).toBe(
      `${file} was made by an older Spanbench (schema ${OLDEST_SCHEMA_READ_AS_IS - 1}) and must be upgraded once before it can be read: open it in the app, or with a command that writes to it (spanbench serve ${file}); a backup of it is taken first.`,
    );
    const why = whyNoImmutable();
    if (why) {
      console.log(`skipped the read-only file half: ${why}`);
      context.skip();
    }
    const undo = makeReadOnlyFile(file);
    try {
      for (const options of [{}, { readOnly: true }]) {
        const forced = await openError(file, options);
        expect(forced.message).toBe(
          `${file} was made by an older Spanbench (schema ${OLDEST_SCHEMA_READ_AS_IS - 1}) and must be upgraded, but it cannot be written (the file is read-only). Copy it somewhere writable and open the copy.`,
        );
      }
    } finally {
      undo();
    }
  });

  it('opens an older project it cannot write read-only, as it is, with the reason', async (context) => {
    const why = whyNoImmutable();
    if (why) {
      console.log(`skipped: ${why}`);
      context.skip();
    }
    const file = path.join(tempDir(), 'old.sqlite');
    olderProject(file, LATEST_SCHEMA_VERSION - 1);
    const undo = makeReadOnlyFile(file);
    try {
      const opened = await openProject(file);
      expect(opened).toMatchObject({ readOnly: true, readOnlyReason: 'the file is read-only', schemaVersion: LATEST_SCHEMA_VERSION - 1 });
      expect(listLabels(opened.db).map((label) => label.name)).toEqual(['Agency']);
      opened.db.close();
    } finally {
      undo();
    }
  });

  it('rolls back a failing migration completely and keeps user_version', () => {
    const db = new Database(':memory:');
    migrate(db, 0);
    const version = db.pragma('user_version', { simple: true });
    const failing = { version: 99, name: 'broken', up: (d: Database.Database) => { d.exec('CREATE TABLE half (x INTEGER) STRICT'); throw new Error('boom'); } };
    expect(() =>
      db.transaction(() => {
        failing.up(db);
        db.pragma('user_version = 99');
      })(),
    ).toThrow('boom');
    expect(db.pragma('user_version', { simple: true })).toBe(version);
    expect(db.prepare("SELECT count(*) AS n FROM sqlite_schema WHERE name = 'half'").get()).toEqual({ n: 0 });
    db.close();
  });
});

describe('the better-sqlite3 addon', () => {
  // The desktop app started by npm start is handed an Electron build of the addon this way
  // (electron/electronSqlite.mjs); here the Node one, named explicitly, stands in for it.
  const nodeAddon = path.resolve(import.meta.dirname, '../node_modules/better-sqlite3/build/Release/better_sqlite3.node');

  it('loads the addon named by nativeBinding, for the app and for reading alike', async () => {
    const dir = tempDir();
    const file = path.join(dir, 'named-addon.sqlite');
    const opened = await openProject(file, { create: true, nativeBinding: nodeAddon });
    expect(opened.db.pragma('user_version', { simple: true })).toBe(LATEST_SCHEMA_VERSION);
    opened.db.close();
    const read = openProjectForReading(file, { nativeBinding: nodeAddon });
    expect(read.schemaVersion).toBe(LATEST_SCHEMA_VERSION);
    read.db.close();
    // The named file is what loads: one that cannot be loaded is not quietly replaced by node_modules' own.
    const notAnAddon = path.join(dir, 'not-an-addon.node');
    fs.writeFileSync(notAnAddon, 'not a shared library');
    await expect(openProject(file, { nativeBinding: notAnAddon })).rejects.toThrow(/not-an-addon\.node/);
    expect(() => openProjectForReading(file, { nativeBinding: notAnAddon })).toThrow(/not-an-addon\.node/);
  });
});

describe('schema rules', () => {
  it('forbids changing a document text after import', async () => {
    const opened = await openProject(path.join(tempDir(), 'p.sqlite'), { create: true });
    const { db } = opened;
    db.prepare("INSERT INTO documents (title, text, sha256, length, created_at, updated_at) VALUES ('t', 'abc', ?, 3, 'x', 'x')").run('0'.repeat(64));
    expect(() => db.prepare("UPDATE documents SET text = 'abd'").run()).toThrow(/cannot be changed/);
    db.close();
  });

  it('keeps span_count in step with spans and rejects empty or dangling spans', async () => {
    const opened = await openProject(path.join(tempDir(), 'p.sqlite'), { create: true });
    const { db } = opened;
    db.prepare("INSERT INTO documents (id, title, text, sha256, length, created_at, updated_at) VALUES (1, 't', 'abc', ?, 3, 'x', 'x')").run('0'.repeat(64));
    db.prepare("INSERT INTO labels (id, name, color, sort_order, created_at) VALUES (1, 'A', '#000000', 1, 'x')").run();
    db.prepare("INSERT INTO spans (document_id, label_id, start, end, text, created_at, updated_at) VALUES (1, 1, 0, 1, 'a', 'x', 'x')").run();
    expect(db.prepare('SELECT span_count FROM documents').get()).toEqual({ span_count: 1 });
    expect(() => db.prepare("INSERT INTO spans (document_id, label_id, start, end, text, created_at, updated_at) VALUES (1, 1, 2, 2, '', 'x', 'x')").run()).toThrow(/CHECK/);
    expect(() => db.prepare("INSERT INTO spans (document_id, label_id, start, end, text, created_at, updated_at) VALUES (9, 1, 0, 1, 'a', 'x', 'x')").run()).toThrow(/FOREIGN KEY/);
    db.prepare('DELETE FROM spans').run();
    expect(db.prepare('SELECT span_count FROM documents').get()).toEqual({ span_count: 0 });
    db.close();
  });
});
