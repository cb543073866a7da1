import type { Label } from '../contract/api';
import type { ProjectDb } from './open';
import { statement } from './statements';
import { nowIso } from './time';

interface LabelRow {
  id: number;
  name: string;
  color: string;
  hotkey: string | null;
  description: string;
  sort_order: number;
}

function rowToLabel(row: LabelRow): Label {
  return { id: row.id, name: row.name, color: row.color, hotkey: row.hotkey, description: row.description, order: row.sort_order };
}

const COLUMNS = 'id, name, color, hotkey, description, sort_order';

/** Connections whose labels table has deleted_at: a column once added stays, so only its presence is kept. */
const connectionsWithDeletedAt = new WeakSet<ProjectDb>();

/**
 * Whether labels can be deleted in this file (migration 004). An older project opened only to be
 * read is read as it is (OLDEST_SCHEMA_READ_AS_IS): it has no such column, and no deleted label.
 */
function labelsHaveDeletedAt(db: ProjectDb): boolean {
  if (connectionsWithDeletedAt.has(db)) return true;
  const found = statement(db, "SELECT 1 FROM pragma_table_info('labels') WHERE name = 'deleted_at'").get() !== undefined;
  if (found) connectionsWithDeletedAt.add(db);
  return found;
}

/**
 * A deleted label stays in the table (migration 004): the undo history may still name it. Only
 * live labels are offered anywhere (palette, dialog, stats, exports' label lists).
 */
function live(db: ProjectDb): string {
  return labelsHaveDeletedAt(db) ? 'deleted_at IS NULL' : 'TRUE';
}

export function listLabels(db: ProjectDb): Label[] {
  return (statement(db, `SELECT ${COLUMNS} FROM labels WHERE ${live(db)} ORDER BY sort_order, id`).all() as LabelRow[]).map(rowToLabel);
}

/** The label with this id, deleted or not: what the history names keeps its name. */
export function getLabel(db: ProjectDb, id: number): Label | null {
  const row = statement(db, `SELECT ${COLUMNS} FROM labels WHERE id = ?`).get(id) as LabelRow | undefined;
  return row ? rowToLabel(row) : null;
}

/** The label with this id unless it was deleted: the only labels new spans and edits may use. */
export function getLiveLabel(db: ProjectDb, id: number): Label | null {
  const row = statement(db, `SELECT ${COLUMNS} FROM labels WHERE id = ? AND ${live(db)}`).get(id) as LabelRow | undefined;
  return row ? rowToLabel(row) : null;
}

/** The label of this name, and whether it was deleted: a deleted label keeps its name taken (labels.name is UNIQUE). */
export function findLabelByName(db: ProjectDb, name: string): { label: Label; deleted: boolean } | null {
  const row = statement(db, `SELECT ${COLUMNS}, ${labelsHaveDeletedAt(db) ? 'deleted_at' : 'NULL AS deleted_at'} FROM labels WHERE name = ?`).get(name) as (LabelRow & { deleted_at: string | null }) | undefined;
  return row ? { label: rowToLabel(row), deleted: row.deleted_at !== null } : null;
}

export interface NewLabel {
  name: string;
  color: string;
  hotkey?: string | null;
  description?: string;
}

export function insertLabel(db: ProjectDb, label: NewLabel): Label {
  const order = (statement(db, 'SELECT coalesce(max(sort_order), 0) + 1 AS next FROM labels').get() as { next: number }).next;
  const info = statement(db, 'INSERT INTO labels (name, color, hotkey, description, sort_order, created_at) VALUES (?, ?, ?, ?, ?, ?)').run(
    label.name,
    label.color,
    label.hotkey ?? null,
    label.description ?? '',
    order,
    nowIso(),
  );
  return getLabel(db, Number(info.lastInsertRowid))!;
}

export function updateLabel(db: ProjectDb, id: number, patch: Partial<NewLabel>): Label | null {
  const current = getLabel(db, id);
  if (!current) return null;
  statement(db, 'UPDATE labels SET name = ?, color = ?, hotkey = ?, description = ? WHERE id = ?').run(
    patch.name ?? current.name,
    patch.color ?? current.color,
    patch.hotkey === undefined ? current.hotkey : patch.hotkey,
    patch.description ?? current.description,
    id,
  );
  return getLabel(db, id);
}

/** Marks the label deleted and frees its hotkey for other labels. The caller checks no span uses it. */
export function markLabelDeleted(db: ProjectDb, id: number): void {
  statement(db, 'UPDATE labels SET deleted_at = ?, hotkey = NULL WHERE id = ?').run(nowIso(), id);
}

/**
 * Brings a deleted label back (its place in the order kept), with `fields` when given (a label
 * added again under its name); without them, as it was, but with no hotkey (another label may have
 * taken it since). Reports whether it was deleted.
 */
export function reviveLabel(db: ProjectDb, id: number, fields?: Omit<NewLabel, 'name'>): boolean {
  const revived = statement(db, `UPDATE labels SET deleted_at = NULL WHERE id = ? AND deleted_at IS NOT NULL`).run(id).changes > 0;
  if (revived && fields) updateLabel(db, id, { color: fields.color, hotkey: fields.hotkey ?? null, description: fields.description ?? '' });
  return revived;
}

/**
 * Puts live label `id` at place `toIndex` among the live labels (the caller checks both). The live
 * labels take the sort_order values they already hold, in their new order: a deleted label keeps
 * its value, so one brought back returns where it stood among them. Values two labels share (a
 * file edited by hand) are spread apart first, or the move would not show.
 */
export function moveLiveLabel(db: ProjectDb, id: number, toIndex: number): void {
  const live = listLabels(db);
  const slots: number[] = [];
  for (const label of live) slots.push(slots.length === 0 ? label.order : Math.max(label.order, slots[slots.length - 1]! + 1));
  const ids = live.map((label) => label.id).filter((other) => other !== id);
  ids.splice(toIndex, 0, id);
  const setOrder = statement(db, 'UPDATE labels SET sort_order = ? WHERE id = ?');
  ids.forEach((labelId, index) => {
    if (live[index]!.id !== labelId || live[index]!.order !== slots[index]) setOrder.run(slots[index], labelId);
  });
}

/** How many spans use each live label, by id (labels no span uses count 0). */
export function spanCountsByLabel(db: ProjectDb): Map<number, number> {
  const rows = statement(
    db,
    `SELECT labels.id AS id, (SELECT count(*) FROM spans WHERE spans.label_id = labels.id) AS spans FROM labels WHERE ${live(db)} ORDER BY sort_order, id`,
  ).all() as Array<{ id: number; spans: number }>;
  return new Map(rows.map((row) => [row.id, row.spans]));
}
