import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../../tests/unit/helpers';
import { migrate, openProject, ProjectOpenError } from '../open';
import { LATEST_SCHEMA_VERSION } from './index';

/** A project as Spanbench left it at schema 3: two labels, one of them with a hotkey, and a span. */
function makeSchemaThreeProject(file: string): void {
  const db = new Database(file);
  db.pragma('foreign_keys = ON');
  migrate(db, 0, 3);
  db.exec(`
    INSERT INTO labels (id, name, color, hotkey, description, sort_order, created_at) VALUES
      (1, 'Agency', '#112233', '1', 'Who acts', 1, 'x'),
      (2, 'Decision', '#445566', NULL, '', 2, 'x');
    INSERT INTO documents (id, title, text, sha256, length, created_at, updated_at) VALUES (1, 'one', 'Borisov chaired', '${'0'.repeat(64)}', 15, 'x', 'x');
    INSERT INTO spans (document_id, label_id, start, end, text, created_at, updated_at) VALUES (1, 1, 0, 7, 'Borisov', 'x', 'x');
  `);
  db.close();
}

describe('migration 4: labels are deleted softly', () => {
  it('adds deleted_at to labels, null for every label, keeping rows and the table STRICT', async () => {
    const dir = tempDir();
    const file = path.join(dir, 'p.sqlite');
    makeSchemaThreeProject(file);
    const old = new Database(file, { readonly: true });
    const labelsBefore = old.prepare('SELECT * FROM labels ORDER BY id').all();
    const spansBefore = old.prepare('SELECT * FROM spans ORDER BY id').all();
    old.close();

    const { db, schemaVersion, migrationBackup } = await openProject(file, { backupDir: path.join(dir, 'backups') });
    expect(schemaVersion).toBe(4);
    expect(migrationBackup).not.toBeNull();
    expect(db.prepare('SELECT * FROM labels ORDER BY id').all()).toEqual(labelsBefore.map((row) => ({ ...(row as object), deleted_at: null })));
    expect(db.prepare('SELECT * FROM spans ORDER BY id').all()).toEqual(spansBefore);
    expect(db.prepare("SELECT sql FROM sqlite_schema WHERE name = 'labels'").pluck().get()).toMatch(/deleted_at TEXT[\s\S]*STRICT$/);
    // STRICT holds for the new column too.
    expect(() => db.prepare("UPDATE labels SET deleted_at = x'00' WHERE id = 1").run()).toThrow(/cannot store BLOB value in TEXT column labels.deleted_at/);
    db.close();
  });

  it('a project from a newer Spanbench (schema 5) is still refused, unchanged', async () => {
    expect(LATEST_SCHEMA_VERSION).toBe(4);
    const file = path.join(tempDir(), 'future.sqlite');
    const opened = await openProject(file, { create: true });
    opened.db.pragma(`user_version = ${LATEST_SCHEMA_VERSION + 1}`);
    opened.db.close();
    const before = fs.readFileSync(file);
    const error = await openProject(file).then(
      () => null,
      (thrown: unknown) => thrown,
    );
    expect(error).toBeInstanceOf(ProjectOpenError);
    expect((error as ProjectOpenError).kind).toBe('newer_schema');
    expect((error as ProjectOpenError).message).toContain('schema 5; this version reads up to 4');
    expect(fs.readFileSync(file).equals(before)).toBe(true);
  });
});
