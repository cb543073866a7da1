import type { Span } from '../contract/api';
import type { SpanAttributeValue } from '../core/model';
import type { ProjectDb } from './open';
import { statement } from './statements';

interface SpanRow {
  id: number;
  document_id: number;
  label_id: number;
  start: number;
  end: number;
  text: string;
  note: string | null;
  attributes: string;
  fragments: string | null;
  author: string | null;
  created_at: string;
  updated_at: string;
}

const COLUMNS = 'id, document_id, label_id, start, end, text, note, attributes, fragments, author, created_at, updated_at';

export function rowToSpan(row: SpanRow): Span {
  return {
    id: row.id,
    documentId: row.document_id,
    labelId: row.label_id,
    start: row.start,
    end: row.end,
    text: row.text,
    note: row.note,
    attributes: JSON.parse(row.attributes) as Record<string, SpanAttributeValue>,
    fragments: row.fragments === null ? null : (JSON.parse(row.fragments) as Array<[number, number]>),
    author: row.author,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

export function getSpan(db: ProjectDb, id: number): Span | null {
  const row = statement(db, `SELECT ${COLUMNS} FROM spans WHERE id = ?`).get(id) as SpanRow | undefined;
  return row ? rowToSpan(row) : null;
}

/** In document order: by start, longer spans first so outer spans precede nested ones. */
export function listSpans(db: ProjectDb, documentId: number): Span[] {
  return (statement(db, `SELECT ${COLUMNS} FROM spans WHERE document_id = ? ORDER BY start, end DESC, id`).all(documentId) as SpanRow[]).map(rowToSpan);
}

const INSERT_SPAN_SQL = `INSERT INTO spans (id, document_id, label_id, start, end, text, note, attributes, fragments, author, created_at, updated_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`;

/**
 * Inserts a span exactly as given. `id` is set when redo or undo restores a span,
 * so that relations and the change log keep pointing at the same row; without it the
 * span gets a new id, never one a deleted span had (AUTOINCREMENT, migration 3).
 */
export function insertSpan(db: ProjectDb, span: Omit<Span, 'id'> & { id?: number }): Span {
  const info = statement(db, INSERT_SPAN_SQL).run(
    span.id ?? null,
    span.documentId,
    span.labelId,
    span.start,
    span.end,
    span.text,
    span.note,
    JSON.stringify(span.attributes),
    span.fragments === null ? null : JSON.stringify(span.fragments),
    span.author,
    span.createdAt,
    span.updatedAt,
  );
  return getSpan(db, Number(info.lastInsertRowid))!;
}

/**
 * A span over the very same characters with the same label (`except` aside), if there is one:
 * a second such span is never what was meant, and would have to be found and deleted.
 */
export function findSameSpan(
  db: ProjectDb,
  span: Pick<Span, 'documentId' | 'labelId' | 'start' | 'end' | 'fragments'>,
  except: number | null = null,
): Span | null {
  const row = statement(
    db,
    `SELECT ${COLUMNS} FROM spans WHERE document_id = ? AND start = ? AND end = ? AND label_id = ? AND json(fragments) IS json(?) AND id IS NOT ? ORDER BY id LIMIT 1`,
  ).get(span.documentId, span.start, span.end, span.labelId, span.fragments === null ? null : JSON.stringify(span.fragments), except) as SpanRow | undefined;
  return row ? rowToSpan(row) : null;
}

/** Writes the mutable fields of a span (label, note, attributes) back as given. */
export function writeSpanFields(db: ProjectDb, span: Pick<Span, 'id' | 'labelId' | 'note' | 'attributes' | 'updatedAt'>): void {
  statement(db, 'UPDATE spans SET label_id = ?, note = ?, attributes = ?, updated_at = ? WHERE id = ?').run(
    span.labelId,
    span.note,
    JSON.stringify(span.attributes),
    span.updatedAt,
    span.id,
  );
}

export function deleteSpan(db: ProjectDb, id: number): void {
  statement(db, 'DELETE FROM spans WHERE id = ?').run(id);
}
