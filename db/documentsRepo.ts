import { createHash } from 'node:crypto';
import type { DocumentDetail, DocumentPage, DocumentPosition, DocumentSortKey, DocumentSummary, ProjectStats } from '../contract/api';
import { codePointLength } from '../core/offsets';
import type { ArticleInput, DocumentStatus, Metadata } from '../core/model';
import type Database from 'better-sqlite3';
import { listLabels, spanCountsByLabel } from './labelsRepo';
import type { ProjectDb } from './open';
import { statement } from './statements';
import { nowIso } from './time';

interface SummaryRow {
  id: number;
  title: string;
  source: string | null;
  published_at: string | null;
  status: DocumentStatus;
  span_count: number;
  created_at: string;
  updated_at: string;
}

interface DetailRow extends SummaryRow {
  external_id: string | null;
  url: string | null;
  language: string | null;
  metadata: string;
  text: string;
  sha256: string;
  length: number;
}

const SUMMARY_COLUMNS = 'id, title, source, published_at, status, span_count, created_at, updated_at';

function rowToSummary(row: SummaryRow): DocumentSummary {
  return {
    id: row.id,
    title: row.title,
    source: row.source,
    publishedAt: row.published_at,
    status: row.status,
    spanCount: row.span_count,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

function rowToDetail(row: DetailRow): DocumentDetail {
  return {
    ...rowToSummary(row),
    externalId: row.external_id,
    url: row.url,
    language: row.language,
    metadata: JSON.parse(row.metadata) as Metadata,
    text: row.text,
    sha256: row.sha256,
    length: row.length,
  };
}

export function sha256Hex(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

const INSERT_DOCUMENT_SQL = `INSERT INTO documents (external_id, title, source, url, published_at, language, metadata, text, sha256, length, status, created_at, updated_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`;

export interface InsertDocumentOptions {
  status?: DocumentStatus;
  createdAt?: string;
  /** Precomputed by callers that already hashed the text (duplicate checks). */
  sha256?: string;
}

export function insertDocument(db: ProjectDb, article: ArticleInput, options: InsertDocumentOptions = {}): number {
  return new DocumentWriter(db).insert(article, options);
}

/** Prepared statements kept for bulk imports, where preparing per row would cost as much as the insert. */
export class DocumentWriter {
  readonly #insert: Database.Statement;
  readonly #findBySha: Database.Statement;

  constructor(db: ProjectDb) {
    this.#insert = statement(db, INSERT_DOCUMENT_SQL);
    this.#findBySha = statement(db, 'SELECT id FROM documents WHERE sha256 = ? LIMIT 1');
  }

  findBySha256(sha256: string): number | null {
    const row = this.#findBySha.get(sha256) as { id: number } | undefined;
    return row?.id ?? null;
  }

  insert(article: ArticleInput, options: InsertDocumentOptions = {}): number {
  const now = nowIso();
  const info = this.#insert
    .run(
      article.externalId ?? null,
      article.title ?? '',
      article.source ?? null,
      article.url ?? null,
      article.publishedAt ?? null,
      article.language ?? null,
      JSON.stringify(article.metadata ?? {}),
      article.text,
      options.sha256 ?? sha256Hex(article.text),
      codePointLength(article.text),
      options.status ?? 'new',
      options.createdAt ?? now,
      now,
    );
  return Number(info.lastInsertRowid);
  }
}

export function getDocumentSummary(db: ProjectDb, id: number): DocumentSummary | null {
  const row = statement(db, `SELECT ${SUMMARY_COLUMNS} FROM documents WHERE id = ?`).get(id) as SummaryRow | undefined;
  return row ? rowToSummary(row) : null;
}

export function getDocument(db: ProjectDb, id: number): DocumentDetail | null {
  const sql = `SELECT ${SUMMARY_COLUMNS}, external_id, url, language, metadata, text, sha256, length FROM documents WHERE id = ?`;
  const row = statement(db, sql).get(id) as DetailRow | undefined;
  return row ? rowToDetail(row) : null;
}

/** The text alone, for checking spans without loading metadata. */
export function getDocumentText(db: ProjectDb, id: number): string | null {
  const row = statement(db, 'SELECT text FROM documents WHERE id = ?').get(id) as { text: string } | undefined;
  return row?.text ?? null;
}

/**
 * The documents an id from a dataset may name: the one with that Spanbench id (when it is one)
 * and those imported with it as their source's id, in id order, without repeats.
 */
export function findDocumentsNamed(db: ProjectDb, name: string): Array<{ id: number; title: string | null; text: string }> {
  const projectId = /^[1-9][0-9]{0,15}$/.test(name) ? Number(name) : -1;
  return statement(db, 'SELECT id, title, text FROM documents WHERE id = ? OR external_id = ? ORDER BY id').all(projectId, name) as Array<{ id: number; title: string | null; text: string }>;
}

export function findDocumentIdBySha256(db: ProjectDb, sha256: string): number | null {
  const row = statement(db, 'SELECT id FROM documents WHERE sha256 = ? LIMIT 1').get(sha256) as { id: number } | undefined;
  return row?.id ?? null;
}

/** Every document's id, text hash, title and status, in id order: what pairing two projects' documents needs. */
export function listDocumentKeys(db: ProjectDb): Array<{ id: number; sha256: string; title: string; status: DocumentStatus }> {
  return statement(db, 'SELECT id, sha256, title, status FROM documents ORDER BY id').all() as Array<{ id: number; sha256: string; title: string; status: DocumentStatus }>;
}

export function countDocuments(db: ProjectDb): number {
  return (statement(db, 'SELECT count(*) AS n FROM documents').get() as { n: number }).n;
}

export function setDocumentStatus(db: ProjectDb, id: number, status: DocumentStatus): void {
  statement(db, 'UPDATE documents SET status = ?, updated_at = ? WHERE id = ?').run(status, nowIso(), id);
}

export function touchDocument(db: ProjectDb, id: number): void {
  statement(db, 'UPDATE documents SET updated_at = ? WHERE id = ?').run(nowIso(), id);
}

const SORT_COLUMNS: Record<DocumentSortKey, string> = {
  title: 'title COLLATE NOCASE',
  publishedAt: 'published_at',
  source: 'source COLLATE NOCASE',
  status: "CASE status WHEN 'new' THEN 0 WHEN 'in_progress' THEN 1 ELSE 2 END",
  spanCount: 'span_count',
  createdAt: 'created_at',
};

/** Which rows the document list holds, and in what order (listDocuments without the page). */
export interface DocumentListQuery {
  sort: DocumentSortKey;
  descending: boolean;
  status?: DocumentStatus | undefined;
  source?: string | undefined;
  publishedFrom?: string | undefined;
  publishedTo?: string | undefined;
  hasLabelId?: number | undefined;
}

export interface DocumentQuery extends DocumentListQuery {
  offset: number;
  limit: number;
}

/** Which documents a list or an export covers; every condition is optional. */
export interface DocumentFilter {
  statuses?: readonly DocumentStatus[] | undefined;
  source?: string | undefined;
  publishedFrom?: string | undefined;
  publishedTo?: string | undefined;
  hasLabelId?: number | undefined;
}

/** SQL conditions (joined with AND, empty when none) and their parameters, over `documents`. */
export function documentFilterSql(filter: DocumentFilter): { conditions: string[]; params: Array<string | number> } {
  const conditions: string[] = [];
  const params: Array<string | number> = [];
  if (filter.statuses && filter.statuses.length > 0) {
    conditions.push(`status IN (${filter.statuses.map(() => '?').join(', ')})`);
    params.push(...filter.statuses);
  }
  if (filter.source) {
    conditions.push('source = ?');
    params.push(filter.source);
  }
  if (filter.publishedFrom) {
    conditions.push('published_at >= ?');
    params.push(filter.publishedFrom);
  }
  if (filter.publishedTo) {
    // A date-only bound includes the whole day (any time on it sorts below "T99").
    conditions.push('published_at <= ?');
    params.push(filter.publishedTo.length === 10 ? `${filter.publishedTo}T99` : filter.publishedTo);
  }
  if (filter.hasLabelId !== undefined) {
    conditions.push('EXISTS (SELECT 1 FROM spans WHERE spans.document_id = documents.id AND spans.label_id = ?)');
    params.push(filter.hasLabelId);
  }
  return { conditions, params };
}

/** The WHERE clause (empty when unfiltered) and its parameters of the list's filters. */
function listWhere(query: DocumentListQuery): { whereSql: string; params: Array<string | number> } {
  const { conditions, params } = documentFilterSql({
    statuses: query.status ? [query.status] : undefined,
    source: query.source,
    publishedFrom: query.publishedFrom,
    publishedTo: query.publishedTo,
    hasLabelId: query.hasLabelId,
  });
  return { whereSql: conditions.length > 0 ? `WHERE ${conditions.join(' AND ')}` : '', params };
}

function countListed(db: ProjectDb, whereSql: string, params: ReadonlyArray<string | number>): number {
  return (statement(db, `SELECT count(*) AS n FROM documents ${whereSql}`).get(...params) as { n: number }).n;
}

export function listDocuments(db: ProjectDb, query: DocumentQuery): DocumentPage {
  const { whereSql, params } = listWhere(query);
  const direction = query.descending ? 'DESC' : 'ASC';
  const total = countListed(db, whereSql, params);
  const pageSql = `SELECT ${SUMMARY_COLUMNS} FROM documents ${whereSql} ORDER BY ${SORT_COLUMNS[query.sort]} ${direction}, id ${direction} LIMIT ? OFFSET ?`;
  const rows = statement(db, pageSql).all(...params, query.limit, query.offset) as SummaryRow[];
  return { total, items: rows.map(rowToSummary) };
}

/**
 * Where a document sits in the list as listDocuments orders and filters it, found without reading
 * the rows before it: the listed rows that sort before it are counted, with the list's own order
 * (its sort key, then id, in one direction; SQLite puts NULLs first ascending and last descending).
 * A document the filters leave out is counted the same way, which tells where it would sit.
 * Null when there is no such document.
 */
export function locateDocument(db: ProjectDb, id: number, query: DocumentListQuery): DocumentPosition | null {
  const key = SORT_COLUMNS[query.sort];
  const own = statement(db, `SELECT ${key} AS key FROM documents WHERE id = ?`).get(id) as { key: string | number | null } | undefined;
  if (!own) return null;
  const { whereSql, params } = listWhere(query);
  const listed = statement(db, `SELECT count(*) AS n FROM documents ${whereSql ? `${whereSql} AND` : 'WHERE'} id = ?`).get(...params, id) as { n: number };
  let before: string;
  let beforeParams: Array<string | number>;
  if (own.key === null) {
    before = query.descending ? `(${key} IS NOT NULL OR id > ?)` : `(${key} IS NULL AND id < ?)`;
    beforeParams = [id];
  } else {
    // Row values compare element by element, each with its own collation (NOCASE for titles and sources).
    before = query.descending ? `(${key}, id) > (?, ?)` : `(${key} IS NULL OR (${key}, id) < (?, ?))`;
    beforeParams = [own.key, id];
  }
  const beforeSql = `SELECT count(*) AS n FROM documents ${whereSql ? `${whereSql} AND` : 'WHERE'} ${before}`;
  const count = (statement(db, beforeSql).get(...params, ...beforeParams) as { n: number }).n;
  return { index: listed.n > 0 ? count : null, before: count, total: countListed(db, whereSql, params) };
}

/** The editable details of a document; its text never is. */
export interface DocumentFields {
  title: string;
  source: string | null;
  url: string | null;
  publishedAt: string | null;
  language: string | null;
  metadata: Metadata;
}

export function updateDocumentFields(db: ProjectDb, id: number, fields: DocumentFields): void {
  statement(db, 'UPDATE documents SET title = ?, source = ?, url = ?, published_at = ?, language = ?, metadata = ?, updated_at = ? WHERE id = ?').run(
    fields.title,
    fields.source,
    fields.url,
    fields.publishedAt,
    fields.language,
    JSON.stringify(fields.metadata),
    nowIso(),
    id,
  );
}

export function projectStats(db: ProjectDb): ProjectStats {
  const labels: Record<string, number> = {};
  const spansByLabel = spanCountsByLabel(db);
  for (const label of listLabels(db)) labels[label.name] = spansByLabel.get(label.id) ?? 0;
  const byStatus: ProjectStats['byStatus'] = { new: 0, in_progress: 0, done: 0 };
  for (const row of statement(db, 'SELECT status, count(*) AS n FROM documents GROUP BY status').all() as Array<{ status: DocumentStatus; n: number }>) {
    byStatus[row.status] = row.n;
  }
  return {
    documents: countDocuments(db),
    spans: (statement(db, 'SELECT count(*) AS n FROM spans').get() as { n: number }).n,
    labels,
    relations: (statement(db, 'SELECT count(*) AS n FROM relations').get() as { n: number }).n,
    byStatus,
  };
}
