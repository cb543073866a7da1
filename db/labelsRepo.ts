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

export function listLabels(db: ProjectDb): Label[] {
  return (statement(db, `SELECT ${COLUMNS} FROM labels ORDER BY sort_order, id`).all() as LabelRow[]).map(rowToLabel);
}

export function getLabel(db: ProjectDb, id: number): Label | null {
  const row = statement(db, `SELECT ${COLUMNS} FROM labels WHERE id = ?`).get(id) as LabelRow | undefined;
  return row ? rowToLabel(row) : null;
}

export function findLabelByName(db: ProjectDb, name: string): Label | null {
  const row = statement(db, `SELECT ${COLUMNS} FROM labels WHERE name = ?`).get(name) as LabelRow | undefined;
  return row ? rowToLabel(row) : null;
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
