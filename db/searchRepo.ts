import type { ProjectDb } from './open';
import { statement } from './statements';

export interface SearchRow {
  id: number;
}

/** Counting every match of a word found in most documents costs more than it tells. */
export const SEARCH_COUNT_CAP = 1000;

/**
 * Ranking every match of a word found in most documents (bm25 reads each match's statistics)
 * costs hundreds of milliseconds on 100,000 documents. Past this many matches, ranking is done
 * among the newest RANK_WINDOW matches: a query that broad needs narrowing anyway, and the
 * newest articles are the likeliest wanted.
 */
export const RANK_WINDOW = 5000;

/**
 * Ranked full-text search; a title match weighs five times a text match. Snippets are made by
 * the caller from the hits' texts (core/searchQuery.ts makeSnippet).
 */
export function searchDocumentIds(db: ProjectDb, match: string, limit: number, offset: number): { total: number; totalIsCapped: boolean; rows: SearchRow[] } {
  const countSql = 'SELECT count(*) AS n FROM (SELECT 1 FROM documents_fts WHERE documents_fts MATCH ? LIMIT ?)';
  const counted = (statement(db, countSql).get(match, Math.max(SEARCH_COUNT_CAP, RANK_WINDOW) + 1) as { n: number }).n;
  let lowestRowid = 0;
  if (counted > RANK_WINDOW) {
    // FTS5 walks a doclist backwards cheaply: the RANK_WINDOW-th newest match bounds the window.
    const edgeSql = 'SELECT rowid FROM documents_fts WHERE documents_fts MATCH ? ORDER BY rowid DESC LIMIT 1 OFFSET ?';
    const edge = statement(db, edgeSql).get(match, RANK_WINDOW - 1) as { rowid: number } | undefined;
    lowestRowid = edge?.rowid ?? 0;
  }
  const rankedSql =
    'SELECT rowid AS id FROM documents_fts WHERE documents_fts MATCH ? AND rowid >= CAST(? AS INTEGER) ORDER BY bm25(documents_fts, 5.0, 1.0), rowid LIMIT ? OFFSET ?';
  const ids = statement(db, rankedSql).all(match, lowestRowid, limit, offset) as Array<{ id: number }>;
  const rows = ids.map(({ id }) => ({ id }));
  return { total: Math.min(counted, SEARCH_COUNT_CAP), totalIsCapped: counted > SEARCH_COUNT_CAP, rows };
}
