import type { HistoryState } from '../contract/api';
import type { ProjectDb } from './open';
import { statement } from './statements';
import { nowIso } from './time';

export type ChangeKind = 'span.create' | 'span.update' | 'span.delete' | 'relation.create' | 'relation.delete' | 'document.status' | 'document.update';

export interface ChangeRecord {
  id: number;
  documentId: number;
  kind: ChangeKind;
  description: string;
  before: unknown;
  after: unknown;
  state: 'done' | 'undone' | 'discarded';
  author: string | null;
  createdAt: string;
}

interface ChangeRow {
  id: number;
  document_id: number;
  kind: ChangeKind;
  description: string;
  before: string | null;
  after: string | null;
  state: ChangeRecord['state'];
  author: string | null;
  created_at: string;
}

function rowToChange(row: ChangeRow): ChangeRecord {
  return {
    id: row.id,
    documentId: row.document_id,
    kind: row.kind,
    description: row.description,
    before: row.before === null ? null : JSON.parse(row.before),
    after: row.after === null ? null : JSON.parse(row.after),
    state: row.state,
    author: row.author,
    createdAt: row.created_at,
  };
}

/** Records a new change; like any editor, a new change clears what could be redone. */
export function recordChange(
  db: ProjectDb,
  change: { documentId: number; kind: ChangeKind; description: string; before: unknown; after: unknown; author: string | null },
): number {
  statement(db, "UPDATE changes SET state = 'discarded' WHERE document_id = ? AND state = 'undone'").run(change.documentId);
  const info = statement(db, 'INSERT INTO changes (document_id, kind, description, before, after, state, author, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)').run(
    change.documentId,
    change.kind,
    change.description,
    change.before === null ? null : JSON.stringify(change.before),
    change.after === null ? null : JSON.stringify(change.after),
    'done',
    change.author,
    nowIso(),
  );
  return Number(info.lastInsertRowid);
}

/** The change Undo would revert: the newest one still done. */
export function latestDoneChange(db: ProjectDb, documentId: number): ChangeRecord | null {
  const row = statement(db, "SELECT * FROM changes WHERE document_id = ? AND state = 'done' ORDER BY id DESC LIMIT 1").get(documentId) as ChangeRow | undefined;
  return row ? rowToChange(row) : null;
}

/** The change Redo would reapply: undone changes form a stack whose top is the oldest undone. */
export function nextUndoneChange(db: ProjectDb, documentId: number): ChangeRecord | null {
  const row = statement(db, "SELECT * FROM changes WHERE document_id = ? AND state = 'undone' ORDER BY id ASC LIMIT 1").get(documentId) as ChangeRow | undefined;
  return row ? rowToChange(row) : null;
}

export function setChangeState(db: ProjectDb, id: number, state: ChangeRecord['state']): void {
  statement(db, 'UPDATE changes SET state = ? WHERE id = ?').run(state, id);
}

/**
 * Rewrites a document's undo and redo stacks (changes done or undone) in place: `rewrite` edits a
 * change's before and after and says whether it did. Discarded changes stay as they were recorded.
 */
export function rewriteOpenChanges(db: ProjectDb, documentId: number, rewrite: (change: ChangeRecord) => boolean): void {
  const rows = statement(db, "SELECT * FROM changes WHERE document_id = ? AND state IN ('done', 'undone') ORDER BY id").all(documentId) as ChangeRow[];
  const update = statement(db, 'UPDATE changes SET before = ?, after = ? WHERE id = ?');
  for (const row of rows) {
    const change = rowToChange(row);
    if (!rewrite(change)) continue;
    update.run(change.before === null ? null : JSON.stringify(change.before), change.after === null ? null : JSON.stringify(change.after), change.id);
  }
}

export function historyState(db: ProjectDb, documentId: number): HistoryState {
  const undo = latestDoneChange(db, documentId);
  const redo = nextUndoneChange(db, documentId);
  return { canUndo: undo !== null, canRedo: redo !== null, undoDescription: undo?.description ?? null, redoDescription: redo?.description ?? null };
}

export function listChanges(db: ProjectDb, documentId: number): ChangeRecord[] {
  return (statement(db, 'SELECT * FROM changes WHERE document_id = ? ORDER BY id').all(documentId) as ChangeRow[]).map(rowToChange);
}
