import path from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../../tests/unit/helpers';
import { migrate, openProject } from '../open';
import { LATEST_SCHEMA_VERSION } from './index';

const SHA = '0'.repeat(64);

/** A project as Spanbench left it at schema 2: spans, a relation, and a change log naming deleted ids. */
function makeSchemaTwoProject(file: string): void {
  const db = new Database(file);
  db.pragma('foreign_keys = ON');
  migrate(db, 0, 2);
  db.exec(`
    INSERT INTO labels (id, name, color, sort_order, created_at) VALUES (1, 'Agency', '#112233', 1, 'x'), (2, 'Decision', '#445566', 2, 'x');
    INSERT INTO documents (id, title, text, sha256, length, created_at, updated_at) VALUES
      (1, 'one', 'Borisov chaired the meeting', '${SHA}', 27, 'x', 'x'),
      (2, 'two', 'NATO ministers met in Brussels', '${SHA}', 30, 'x', 'x');
    INSERT INTO spans (id, document_id, label_id, start, end, text, created_at, updated_at) VALUES
      (1, 1, 1, 0, 7, 'Borisov', 'x', 'x'),
      (2, 1, 2, 8, 15, 'chaired', 'x', 'x'),
      (4, 2, 1, 0, 4, 'NATO', 'x', 'x');
    INSERT INTO relations (id, document_id, type, from_span_id, to_span_id, created_at) VALUES (3, 1, 'chairs', 1, 2, 'x');
  `);
  const change = db.prepare("INSERT INTO changes (document_id, kind, description, before, after, state, created_at) VALUES (?, ?, 'x', ?, ?, ?, 'x')");
  const span = (id: number) => ({ id, documentId: 1, labelId: 1, start: 16, end: 19, text: 'the' });
  change.run(1, 'span.create', null, JSON.stringify(span(7)), 'undone');
  change.run(1, 'span.delete', JSON.stringify({ span: span(9), relations: [{ id: 12, type: 'chairs', from_span_id: 9, to_span_id: 1 }] }), null, 'done');
  change.run(2, 'span.update', JSON.stringify(span(8)), JSON.stringify(span(8)), 'discarded');
  db.close();
}

const schemaItems = (db: Database.Database) =>
  db.prepare("SELECT type, name, tbl_name, sql FROM sqlite_schema WHERE tbl_name IN ('spans', 'relations') AND type IN ('index', 'trigger') ORDER BY name").all();

describe('migration 3: span and relation ids are never reused', () => {
  it('rebuilds spans and relations with AUTOINCREMENT, keeping rows, ids, indexes and triggers, with ids above the history', async () => {
    const dir = tempDir();
    const file = path.join(dir, 'p.sqlite');
    makeSchemaTwoProject(file);
    const old = new Database(file, { readonly: true });
    const rowsBefore = { spans: old.prepare('SELECT * FROM spans ORDER BY id').all(), relations: old.prepare('SELECT * FROM relations ORDER BY id').all() };
    const itemsBefore = schemaItems(old);
    old.close();
    expect(itemsBefore.map((item: any) => item.name)).toEqual(
      expect.arrayContaining(['spans_by_document', 'spans_by_label', 'spans_count_insert', 'spans_count_delete', 'relations_by_document', 'relations_by_from', 'relations_by_to']),
    );

    const { db, schemaVersion, migrationBackup } = await openProject(file, { backupDir: path.join(dir, 'backups') });
    expect(schemaVersion).toBe(LATEST_SCHEMA_VERSION);
    expect(migrationBackup).not.toBeNull();
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(db.prepare("SELECT sql FROM sqlite_schema WHERE name IN ('spans', 'relations') ORDER BY name").pluck().all()).toEqual([
      expect.stringMatching(/^CREATE TABLE "?relations"? \(\s*id INTEGER PRIMARY KEY AUTOINCREMENT,[\s\S]*REFERENCES spans \(id\) ON DELETE CASCADE[\s\S]*STRICT$/),
      expect.stringMatching(/^CREATE TABLE "?spans"? \(\s*id INTEGER PRIMARY KEY AUTOINCREMENT,[\s\S]*STRICT$/),
    ]);
    expect(db.prepare('SELECT * FROM spans ORDER BY id').all()).toEqual(rowsBefore.spans);
    expect(db.prepare('SELECT * FROM relations ORDER BY id').all()).toEqual(rowsBefore.relations);
    expect(schemaItems(db)).toEqual(itemsBefore);
    expect(db.prepare('SELECT id, span_count FROM documents ORDER BY id').all()).toEqual([
      { id: 1, span_count: 2 },
      { id: 2, span_count: 1 },
    ]);
    expect(db.pragma('foreign_key_check')).toEqual([]);
    // Above every id the change log names (span 9, relation 12), discarded changes included.
    expect(db.prepare('SELECT name, seq FROM sqlite_sequence ORDER BY name').all()).toEqual([
      { name: 'relations', seq: 12 },
      { name: 'spans', seq: 9 },
    ]);

    const newSpan = db.prepare("INSERT INTO spans (document_id, label_id, start, end, text, created_at, updated_at) VALUES (2, 2, 5, 14, 'ministers', 'x', 'x')").run();
    expect(Number(newSpan.lastInsertRowid)).toBe(10);
    const newRelation = db.prepare("INSERT INTO relations (document_id, type, from_span_id, to_span_id, created_at) VALUES (2, 'of', 10, 4, 'x')").run();
    expect(Number(newRelation.lastInsertRowid)).toBe(13);
    expect(db.prepare('SELECT span_count FROM documents WHERE id = 2').pluck().get()).toBe(2);
    // Triggers and foreign keys act on the rebuilt tables: a deleted span takes its relations along.
    db.prepare('DELETE FROM spans WHERE id = 1').run();
    expect(db.prepare('SELECT span_count FROM documents WHERE id = 1').pluck().get()).toBe(1);
    expect(db.prepare('SELECT count(*) FROM relations WHERE document_id = 1').pluck().get()).toBe(0);
    expect(() => db.prepare("INSERT INTO spans (document_id, label_id, start, end, text, created_at, updated_at) VALUES (99, 1, 0, 1, 'x', 'x', 'x')").run()).toThrow(/FOREIGN KEY/);
    // The highest id, freed, is not handed out again.
    db.prepare('DELETE FROM spans WHERE id = 10').run();
    expect(Number(db.prepare("INSERT INTO spans (document_id, label_id, start, end, text, created_at, updated_at) VALUES (2, 2, 5, 14, 'ministers', 'x', 'x')").run().lastInsertRowid)).toBe(11);
    db.close();
  });

  it('refuses to commit a rebuild that leaves rows pointing nowhere, changes nothing and turns foreign keys back on', () => {
    const file = path.join(tempDir(), 'p.sqlite');
    makeSchemaTwoProject(file);
    const db = new Database(file);
    // A span of a document that is gone, as only a damaged file could have.
    db.pragma('foreign_keys = OFF');
    db.exec("INSERT INTO spans (id, document_id, label_id, start, end, text, created_at, updated_at) VALUES (5, 77, 1, 0, 1, 'x', 'x', 'x')");
    db.pragma('foreign_keys = ON');
    expect(() => migrate(db, 2)).toThrow(/migration 3 .* left 1 row\(s\) pointing at missing rows, first spans row 5 → documents/);
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(db.pragma('user_version', { simple: true })).toBe(2);
    expect(db.prepare("SELECT sql FROM sqlite_schema WHERE name = 'spans'").pluck().get()).not.toContain('AUTOINCREMENT');
    expect(db.prepare("SELECT count(*) FROM sqlite_schema WHERE name LIKE '%_rebuilt'").pluck().get()).toBe(0);
    db.close();
  });
});
