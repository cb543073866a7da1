import type { Database } from 'better-sqlite3';

/**
 * Labels can be deleted, but only softly: a document's undo history may still name a deleted label
 * (a span of it created, then deleted: undoing that recreates the span with the label's id, and
 * spans.label_id references labels), so the row stays and `deleted_at` says it is gone. The name
 * stays taken (labels.name is UNIQUE): adding a label of that name brings this one back.
 */
export function up(db: Database): void {
  db.exec('ALTER TABLE labels ADD COLUMN deleted_at TEXT');
}
