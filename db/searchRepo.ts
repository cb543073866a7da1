import { SNIPPET_MATCH_END, SNIPPET_MATCH_START } from '../contract/api';
import type { ProjectDb } from './open';

export interface SearchRow {
  id: number;
  snippet: string;
}

/** Counting every match of a word found in most documents costs more than it tells. */
export const SEARCH_COUNT_CAP = 1000;

/**
 * Ranked full-text search; a title match weighs five times a text match.
 * Snippets are made for the page of hits only: asked for in the ranking query,
 * SQLite would build one for every match before sorting.
 */
export function searchDocumentIds(db: ProjectDb, match: string, limit: number, offset: number): { total: number; totalIsCapped: boolean; rows: SearchRow[] } {
  const counted = (
    db.prepare('SELECT count(*) AS n FROM (SELECT 1 FROM documents_fts WHERE documents_fts MATCH ? LIMIT ?)').get(match, SEARCH_COUNT_CAP + 1) as { n: number }
  ).n;
  const ids = db
    .prepare('SELECT rowid AS id FROM documents_fts WHERE documents_fts MATCH ? ORDER BY bm25(documents_fts, 5.0, 1.0), rowid LIMIT ? OFFSET ?')
    .all(match, limit, offset) as Array<{ id: number }>;
  // CAST: better-sqlite3 may bind the id as REAL, and FTS5 then ignores the rowid constraint,
  // giving every hit the first match's snippet.
  const snippet = db.prepare(`SELECT snippet(documents_fts, -1, ?, ?, '…', 24) AS snippet FROM documents_fts WHERE documents_fts MATCH ? AND rowid = CAST(? AS INTEGER)`);
  const rows = ids.map(({ id }) => ({ id, snippet: (snippet.get(SNIPPET_MATCH_START, SNIPPET_MATCH_END, match, id) as { snippet: string } | undefined)?.snippet ?? '' }));
  return { total: Math.min(counted, SEARCH_COUNT_CAP), totalIsCapped: counted > SEARCH_COUNT_CAP, rows };
}
