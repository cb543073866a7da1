import type { Database } from 'better-sqlite3';

/** The first schema: settings, labels, documents, spans, relations and the change log. */
export function up(db: Database): void {
  db.exec(`
    CREATE TABLE settings (
      key TEXT PRIMARY KEY,
      value TEXT NOT NULL
    ) STRICT;

    CREATE TABLE labels (
      id INTEGER PRIMARY KEY,
      name TEXT NOT NULL UNIQUE,
      color TEXT NOT NULL CHECK (color GLOB '#[0-9a-fA-F][0-9a-fA-F][0-9a-fA-F][0-9a-fA-F][0-9a-fA-F][0-9a-fA-F]'),
      hotkey TEXT UNIQUE CHECK (hotkey IS NULL OR length(hotkey) = 1),
      description TEXT NOT NULL DEFAULT '',
      sort_order INTEGER NOT NULL,
      created_at TEXT NOT NULL
    ) STRICT;

    CREATE TABLE documents (
      id INTEGER PRIMARY KEY,
      external_id TEXT,
      title TEXT NOT NULL,
      source TEXT,
      url TEXT,
      published_at TEXT,
      language TEXT,
      metadata TEXT NOT NULL DEFAULT '{}' CHECK (json_valid(metadata)),
      -- Byte-exact as imported; never updated (see the trigger below).
      text TEXT NOT NULL,
      sha256 TEXT NOT NULL CHECK (length(sha256) = 64),
      -- Length in code points, the unit of span offsets.
      length INTEGER NOT NULL CHECK (length >= 0),
      status TEXT NOT NULL DEFAULT 'new' CHECK (status IN ('new', 'in_progress', 'done')),
      span_count INTEGER NOT NULL DEFAULT 0,
      created_at TEXT NOT NULL,
      updated_at TEXT NOT NULL
    ) STRICT;
    CREATE INDEX documents_by_sha256 ON documents (sha256);
    CREATE INDEX documents_by_created ON documents (created_at, id);

    -- Article text is evidence: an edit would silently move every span's meaning.
    CREATE TRIGGER documents_text_is_immutable BEFORE UPDATE OF text ON documents
    WHEN NEW.text IS NOT OLD.text
    BEGIN
      SELECT RAISE(ABORT, 'document text cannot be changed after import');
    END;

    CREATE TABLE spans (
      id INTEGER PRIMARY KEY,
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
    CREATE INDEX spans_by_document ON spans (document_id, start, end);
    CREATE INDEX spans_by_label ON spans (label_id, document_id);

    -- The document list sorts and filters 100,000 documents by span count: keep it stored.
    CREATE TRIGGER spans_count_insert AFTER INSERT ON spans BEGIN
      UPDATE documents SET span_count = span_count + 1 WHERE id = NEW.document_id;
    END;
    CREATE TRIGGER spans_count_delete AFTER DELETE ON spans BEGIN
      UPDATE documents SET span_count = span_count - 1 WHERE id = OLD.document_id;
    END;

    CREATE TABLE relations (
      id INTEGER PRIMARY KEY,
      document_id INTEGER NOT NULL REFERENCES documents (id) ON DELETE CASCADE,
      type TEXT NOT NULL,
      from_span_id INTEGER NOT NULL REFERENCES spans (id) ON DELETE CASCADE,
      to_span_id INTEGER NOT NULL REFERENCES spans (id) ON DELETE CASCADE,
      note TEXT,
      author TEXT,
      created_at TEXT NOT NULL
    ) STRICT;
    CREATE INDEX relations_by_document ON relations (document_id);
    CREATE INDEX relations_by_from ON relations (from_span_id);
    CREATE INDEX relations_by_to ON relations (to_span_id);

    -- Every user change, for undo/redo (which survive a restart) and later review.
    -- state: 'done' (on the undo stack), 'undone' (on the redo stack), 'discarded'
    -- (an undone change overtaken by a new one; kept for the record).
    CREATE TABLE changes (
      id INTEGER PRIMARY KEY,
      document_id INTEGER NOT NULL REFERENCES documents (id) ON DELETE CASCADE,
      kind TEXT NOT NULL,
      description TEXT NOT NULL,
      before TEXT CHECK (before IS NULL OR json_valid(before)),
      after TEXT CHECK (after IS NULL OR json_valid(after)),
      state TEXT NOT NULL DEFAULT 'done' CHECK (state IN ('done', 'undone', 'discarded')),
      author TEXT,
      created_at TEXT NOT NULL
    ) STRICT;
    CREATE INDEX changes_by_document_state ON changes (document_id, state, id);
  `);
}
