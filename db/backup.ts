import fs from 'node:fs';
import path from 'node:path';
import type Database from 'better-sqlite3';

/** A consistent copy through SQLite's online backup API, written beside and renamed into place. */
export async function backupTo(db: Database.Database, destination: string): Promise<string> {
  fs.mkdirSync(path.dirname(destination), { recursive: true });
  const partial = `${destination}.partial`;
  fs.rmSync(partial, { force: true });
  await db.backup(partial);
  fs.renameSync(partial, destination);
  return destination;
}

export function timestampedBackupPath(dir: string, projectFile: string, reason: string, now = new Date()): string {
  const base = path.basename(projectFile).replace(/\.sqlite$/i, '');
  const stamp = now.toISOString().replace(/[:.]/g, '-');
  return path.join(dir, `${base}.${stamp}.${reason}.sqlite`);
}

/** Keeps the newest `keep` backups of a project in `dir`, removing older ones. */
export function pruneBackups(dir: string, projectFile: string, keep: number): string[] {
  if (!fs.existsSync(dir)) return [];
  const base = path.basename(projectFile).replace(/\.sqlite$/i, '');
  const ours = fs
    .readdirSync(dir)
    .filter((name) => name.startsWith(`${base}.`) && name.endsWith('.sqlite'))
    .sort();
  const removed = ours.slice(0, Math.max(0, ours.length - keep));
  for (const name of removed) fs.rmSync(path.join(dir, name), { force: true });
  return removed;
}
