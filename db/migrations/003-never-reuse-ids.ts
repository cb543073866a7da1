import type { Database } from 'better-sqlite3';

/**
 * Span and relation ids are never handed out twice. Without AUTOINCREMENT SQLite gives the
 * highest freed id to the next row, while the change log keeps naming the deleted span by that
 * id: undoing the delete then collided with the newcomer ("UNIQUE constraint failed: spans.id"),
 * and a stale tab relabelled or deleted the newcomer instead. AUTOINCREMENT cannot be added to a
 * table, so both tables are rebuilt (https://www.sqlite.org/lang_altertable.html#otheralter, run by
 * migrate() with foreign keys off and checked before commit), keeping every row, id, index and trigger.
 */
export function up(db: Database): void {
  // The indexes and triggers as they stand (001's and any added since), to put back on the new tables.
  const dependents = db
    .prepare("SELECT sql FROM sqlite_schema WHERE tbl_name IN ('spans', 'relations') AND type IN ('index', 'trigger') AND sql IS NOT NULL ORDER BY type, name")
    .pluck()
    .all() as string[];
  db.exec(`
    CREATE TABLE spans_rebuilt (
      id INTEGER PRIMARY KEY AUTOINCREMENT,
      document_id INTEGER NOT NULL REFERENCES documents (id) ON DELETE CASCADE,
      label_id INTEGER NOT NULL REFERENCES labels (id),
      start INTEGER NOT NULL CHECK (start >= 0),
      end INTEGER NOT NULL CHECK (end > start),
      text TEXT NOT NULL,
      note TEXT,
      attributes TEXT NOT NULL DEFAULT '{}' CHECK (json_valid(attributes)),
      fragments TEXT CHECK (fragments IS NULL OR json_valid(fragments)),
      author TEXT,
      created_at TEXT NOT NULL,
      updated_at TEXT NOT NULL
    ) STRICT;
    INSERT INTO spans_rebuilt (id, document_id, label_id, start, end, text, note, attributes, fragments, author, created_at, updated_at)
      SELECT id, document_id, label_id, start, end, text, note, attributes, fragments, author, created_at, updated_at FROM spans;

    CREATE TABLE relations_rebuilt (
      id INTEGER PRIMARY KEY AUTOINCREMENT,
      document_id INTEGER NOT NULL REFERENCES documents (id) ON DELETE CASCADE,
      type TEXT NOT NULL,
      from_span_id INTEGER NOT NULL REFERENCES spans (id) ON DELETE CASCADE,
      to_span_id INTEGER NOT NULL REFERENCES spans (id) ON DELETE CASCADE,
      note TEXT,
      author TEXT,
      created_at TEXT NOT NULL
    ) STRICT;
    INSERT INTO relations_rebuilt (id, document_id, type, from_span_id, to_span_id, note, author, created_at)
      SELECT id, document_id, type, from_span_id, to_span_id, note, author, created_at FROM relations;

    -- With foreign keys off, dropping fires no cascade and no trigger: span_count stays as it is.
    DROP TABLE relations;
    DROP TABLE spans;
    ALTER TABLE spans_rebuilt RENAME TO spans;
    ALTER TABLE relations_rebuilt RENAME TO relations;
  `);
  for (const sql of dependents) db.exec(sql);

  // The change log names deleted spans and relations by id (undo puts them back under it), so
  // the next new id must be above those too, not only above the rows still in the tables.
  const highestSpanId = db
    .prepare(
      `SELECT coalesce(max(id), 0) FROM (
         SELECT max(id) AS id FROM spans
         UNION ALL SELECT json_extract(after, '$.id') FROM changes WHERE kind = 'span.create'
         UNION ALL SELECT json_extract(before, '$.span.id') FROM changes WHERE kind = 'span.delete'
         UNION ALL SELECT json_extract(before, '$.id') FROM changes WHERE kind = 'span.update'
         UNION ALL SELECT json_extract(after, '$.id') FROM changes WHERE kind = 'span.update'
       ) WHERE typeof(id) = 'integer'`,
    )
    .pluck()
    .get() as number;
  const highestRelationId = db
    .prepare(
      `SELECT coalesce(max(id), 0) FROM (
         SELECT max(id) AS id FROM relations
         UNION ALL SELECT json_extract(relation.value, '$.id') FROM changes, json_each(changes.before, '$.relations') AS relation WHERE changes.kind = 'span.delete'
       ) WHERE typeof(id) = 'integer'`,
    )
    .pluck()
    .get() as number;
  db.prepare("DELETE FROM sqlite_sequence WHERE name IN ('spans', 'relations')").run();
  db.prepare("INSERT INTO sqlite_sequence (name, seq) VALUES ('spans', ?), ('relations', ?)").run(highestSpanId, highestRelationId);
}
