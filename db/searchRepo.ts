import { SNIPPET_MATCH_END, SNIPPET_MATCH_START } from '../contract/api';
import type { ProjectDb } from './open';

export interface SearchRow {
  id: number;
  snippet: string;
}

/** Ranked full-text search; a title match weighs five times a text match. */
export function searchDocumentIds(db: ProjectDb, match: string, limit: number, offset: number): { total: number; rows: SearchRow[] } {
  const total = (db.prepare('SELECT count(*) AS n FROM documents_fts WHERE documents_fts MATCH ?').get(match) as { n: number }).n;
  const rows = db
    .prepare(
      `SELECT rowid AS id, snippet(documents_fts, -1, ?, ?, '…', 24) AS snippet
       FROM documents_fts WHERE documents_fts MATCH ?
       ORDER BY bm25(documents_fts, 5.0, 1.0), rowid LIMIT ? OFFSET ?`,
    )
    .all(SNIPPET_MATCH_START, SNIPPET_MATCH_END, match, limit, offset) as SearchRow[];
  return { total, rows };
}
