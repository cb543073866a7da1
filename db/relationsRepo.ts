import type { Relation } from '../contract/api';
import type { ProjectDb } from './open';
import { statement } from './statements';

/** A relation row as stored: what undo needs to put a deleted span's relations back exactly. */
export interface RelationRow {
  id: number;
  type: string;
  from_span_id: number;
  to_span_id: number;
  note: string | null;
  author: string | null;
  created_at: string;
}

const COLUMNS = 'id, type, from_span_id, to_span_id, note, author, created_at';

function rowToRelation(row: RelationRow): Relation {
  return { id: row.id, type: row.type, fromSpanId: row.from_span_id, toSpanId: row.to_span_id, note: row.note };
}

/** A document's relations, oldest first (relations_by_document). */
export function listRelations(db: ProjectDb, documentId: number): Relation[] {
  return (statement(db, `SELECT ${COLUMNS} FROM relations WHERE document_id = ? ORDER BY id`).all(documentId) as RelationRow[]).map(rowToRelation);
}

/** The relations a span takes part in, either way, as stored (a deleted span's snapshot keeps them). */
export function relationRowsOfSpan(db: ProjectDb, spanId: number): RelationRow[] {
  return statement(db, `SELECT ${COLUMNS} FROM relations WHERE from_span_id = ? OR to_span_id = ?`).all(spanId, spanId) as RelationRow[];
}

export function relationExists(db: ProjectDb, id: number): boolean {
  return statement(db, 'SELECT 1 FROM relations WHERE id = ?').get(id) !== undefined;
}

/** Inserts a relation; `id` null gives it a fresh one (never one a deleted relation had, migration 3). Returns its id. */
export function insertRelation(db: ProjectDb, documentId: number, relation: Omit<RelationRow, 'id'> & { id: number | null }): number {
  const info = statement(db, 'INSERT INTO relations (id, document_id, type, from_span_id, to_span_id, note, author, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)').run(
    relation.id,
    documentId,
    relation.type,
    relation.from_span_id,
    relation.to_span_id,
    relation.note,
    relation.author,
    relation.created_at,
  );
  return Number(info.lastInsertRowid);
}

/** A relation as stored, with its document: what deleting it records, so undo can put it back exactly. */
export function getRelationRow(db: ProjectDb, id: number): (RelationRow & { document_id: number }) | null {
  const row = statement(db, `SELECT document_id, ${COLUMNS} FROM relations WHERE id = ?`).get(id) as (RelationRow & { document_id: number }) | undefined;
  return row ?? null;
}

/** The relation of this type from one span to the other, if there is one: a second such link says nothing more. */
export function findSameRelation(db: ProjectDb, relation: Pick<RelationRow, 'type' | 'from_span_id' | 'to_span_id'>): Relation | null {
  const row = statement(db, `SELECT ${COLUMNS} FROM relations WHERE from_span_id = ? AND to_span_id = ? AND type = ? ORDER BY id LIMIT 1`).get(
    relation.from_span_id,
    relation.to_span_id,
    relation.type,
  ) as RelationRow | undefined;
  return row ? rowToRelation(row) : null;
}

export function deleteRelation(db: ProjectDb, id: number): void {
  statement(db, 'DELETE FROM relations WHERE id = ?').run(id);
}

/** The relation types the project uses, most used first (suggestions when linking spans). */
export function listRelationTypes(db: ProjectDb, limit: number): string[] {
  const rows = statement(db, 'SELECT type FROM relations GROUP BY type ORDER BY count(*) DESC, type LIMIT ?').all(limit) as Array<{ type: string }>;
  return rows.map((row) => row.type);
}
