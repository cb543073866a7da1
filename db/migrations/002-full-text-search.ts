import type { Database } from 'better-sqlite3';

/**
 * Full-text search over titles and texts. An external-content FTS5 table keeps one
 * copy of each text (in documents); triggers keep the index in step with every write.
 */
export function up(db: Database): void {
  db.exec(`
    CREATE VIRTUAL TABLE documents_fts USING fts5(
      title, text,
      content = 'documents', content_rowid = 'id',
      tokenize = 'unicode61 remove_diacritics 2'
    );
    CREATE TRIGGER documents_fts_insert AFTER INSERT ON documents BEGIN
      INSERT INTO documents_fts (rowid, title, text) VALUES (NEW.id, NEW.title, NEW.text);
    END;
    CREATE TRIGGER documents_fts_delete AFTER DELETE ON documents BEGIN
      INSERT INTO documents_fts (documents_fts, rowid, title, text) VALUES ('delete', OLD.id, OLD.title, OLD.text);
    END;
    CREATE TRIGGER documents_fts_title AFTER UPDATE OF title ON documents BEGIN
      INSERT INTO documents_fts (documents_fts, rowid, title, text) VALUES ('delete', OLD.id, OLD.title, OLD.text);
      INSERT INTO documents_fts (rowid, title, text) VALUES (NEW.id, NEW.title, NEW.text);
    END;
    INSERT INTO documents_fts (documents_fts) VALUES ('rebuild');

    -- Filters of the document list.
    CREATE INDEX documents_by_source ON documents (source COLLATE NOCASE, id);
    CREATE INDEX documents_by_published ON documents (published_at, id);
    CREATE INDEX documents_by_status ON documents (status, id);
    CREATE INDEX documents_by_title ON documents (title COLLATE NOCASE, id);
    CREATE INDEX documents_by_span_count ON documents (span_count, id);
  `);
}
