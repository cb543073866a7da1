/**
 * Backups and restores: services/backups.ts, the automatic backups of the service worker,
 * and `spanbench backup|check|restore`.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { beforeAll, describe, expect, it } from 'vitest';
import { insertDocument } from '../../db/documentsRepo';
import { openProject } from '../../db/open';
import { AutoBackup, backupProject, listBackups, restoreBackup, RestoreError } from '../../services/backups';
import { backupDir } from '../../services/paths';
import { ensureProject } from '../../services/project';
import { ServiceHost } from '../../services/serviceHost';
import { cliBin, repoRoot, requireBuild, workerScript } from './built';
import { tempDir } from './helpers';

beforeAll(requireBuild);

function cli(args: string[], env: Record<string, string> = {}) {
  const result = spawnSync(process.execPath, [cliBin, ...args], { cwd: repoRoot, encoding: 'utf8', env: { ...process.env, ...env } });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

async function projectWith(file: string, documents: number): Promise<void> {
  const opened = await ensureProject(file, { withSample: true });
  opened.db.transaction(() => {
    for (let i = 0; i < documents; i++) insertDocument(opened.db, { title: `Doc ${i}`, text: `Text of document ${i} — Ташкент 👋` });
  })();
  opened.db.close();
}

function count(file: string, sql = 'SELECT count(*) AS n FROM documents'): number {
  const db = new Database(file, { readonly: true });
  try {
    return (db.prepare(sql).get() as { n: number }).n;
  } finally {
    db.close();
  }
}

describe('services/backups', () => {
  it('backs up through the SQLite backup API into the project backups folder and keeps the newest 10', async () => {
    const dir = tempDir();
    const file = path.join(dir, 'p.sqlite');
    await projectWith(file, 3);
    const opened = await openProject(file);
    const backups = path.join(dir, 'backups');
    const made: string[] = [];
    for (let i = 0; i < 13; i++) made.push(await backupProject(opened.db, file, { dir: backups, now: new Date(Date.UTC(2026, 0, 1, 0, i)) }));
    opened.db.close();
    const kept = listBackups(file, backups).map((b) => b.file);
    expect(kept).toEqual(made.slice(3).reverse());
    expect(count(kept[0]!)).toBe(4);
    expect(fs.readdirSync(backups).some((name) => name.endsWith('.partial'))).toBe(false);
  });

  it('gives each project its own backup folder, even when two share a file name', () => {
    const env = { SPANBENCH_HOME: '/home/u/.spanbench' };
    expect(backupDir('/a/project.sqlite', env)).not.toBe(backupDir('/b/project.sqlite', env));
    expect(path.basename(backupDir('/a/project.sqlite', env))).toMatch(/^project-[0-9a-f]{8}$/);
  });

  it('AutoBackup backs up only after changes, at most once per interval, and on close', async () => {
    const dir = tempDir();
    const file = path.join(dir, 'p.sqlite');
    await projectWith(file, 1);
    const opened = await openProject(file);
    const backups = path.join(dir, 'backups');
    const auto = new AutoBackup(opened.db, file, { dir: backups });
    expect(await auto.backupIfChanged('hourly')).toBeNull();
    insertDocument(opened.db, { text: 'a change' });
    const first = await auto.backupIfChanged('hourly');
    expect(first).not.toBeNull();
    expect(count(first!)).toBe(3);
    expect(await auto.backupIfChanged('hourly')).toBeNull();
    // A change by another connection (an import worker) counts too.
    const other = new Database(file);
    other.prepare("INSERT INTO settings (key, value) VALUES ('x', 'y')").run();
    other.close();
    expect(await auto.backupIfChanged('hourly')).not.toBeNull();
    expect(await auto.stop()).toBeNull();
    opened.db.close();
    expect(listBackups(file, backups)).toHaveLength(2);
  });

  it('the project worker backs up on close (when something changed) and on its timer', async () => {
    const dir = tempDir();
    const file = path.join(dir, 'p.sqlite');
    const backups = path.join(dir, 'backups');
    const host = await ServiceHost.start({ workerScript, projectPath: file, createIfMissing: true, withSample: true, backups: { dir: backups, intervalMs: 25 } });
    expect(await host.call('createSpan', { documentId: 1, labelId: 1, start: 0, end: 5 })).toMatchObject({ ok: true });
    for (let i = 0; i < 200 && listBackups(file, backups).length === 0; i++) await new Promise((resolve) => setTimeout(resolve, 25));
    const timed = listBackups(file, backups);
    expect(timed.map((b) => path.basename(b.file))).toEqual([expect.stringMatching(/\.hourly\.sqlite$/)]);
    // Nothing changed since: the timer takes no more copies.
    await new Promise((resolve) => setTimeout(resolve, 150));
    expect(listBackups(file, backups)).toHaveLength(1);
    expect(await host.call('createSpan', { documentId: 1, labelId: 2, start: 6, end: 9 })).toMatchObject({ ok: true });
    await host.close();
    const all = listBackups(file, backups);
    expect(all.length).toBeGreaterThanOrEqual(2);
    expect(count(all[0]!.file, 'SELECT count(*) AS n FROM spans')).toBe(2);

    // Read-only or turned off: no backups.
    const quiet = path.join(dir, 'quiet');
    const off = await ServiceHost.start({ workerScript, projectPath: file, backups: false });
    await off.call('createSpan', { documentId: 1, labelId: 1, start: 10, end: 12 });
    await off.close();
    const readOnly = await ServiceHost.start({ workerScript, projectPath: file, readOnly: true, backups: { dir: quiet } });
    await readOnly.close();
    expect(fs.existsSync(quiet)).toBe(false);
  });

  it('restoreBackup replaces the project atomically, keeping the current one as a backup', async () => {
    const dir = tempDir();
    const file = path.join(dir, 'p.sqlite');
    const backups = path.join(dir, 'backups');
    await projectWith(file, 2);
    const opened = await openProject(file);
    const backup = await backupProject(opened.db, file, { dir: backups });
    insertDocument(opened.db, { text: 'written after the backup' });
    opened.db.close();
    expect(count(file)).toBe(4);
    const result = await restoreBackup(file, backup, { dir: backups });
    expect(count(file)).toBe(3);
    expect(result.previous).not.toBeNull();
    expect(count(result.previous!)).toBe(4);
    expect(fs.readdirSync(dir).filter((name) => name.includes('restoring'))).toEqual([]);
    const reopened = await openProject(file);
    expect(reopened.db.pragma('integrity_check', { simple: true })).toBe('ok');
    reopened.db.close();
  });

  it('restoreBackup refuses a project another program has open, and leaves no backup behind', async () => {
    const dir = tempDir();
    const file = path.join(dir, 'p.sqlite');
    const backups = path.join(dir, 'backups');
    await projectWith(file, 2);
    const opened = await openProject(file);
    const backup = await backupProject(opened.db, file, { dir: backups });
    insertDocument(opened.db, { text: 'written after the backup, while the project is open' });
    for (let attempt = 0; attempt < 2; attempt++) {
      await expect(restoreBackup(file, backup, { dir: backups })).rejects.toMatchObject({ kind: 'busy' });
    }
    expect(fs.readdirSync(backups).filter((name) => name.includes('before-restore'))).toEqual([]);
    expect(count(file)).toBe(4);
    opened.db.close();
  });

  it('restoreBackup opens the files with the SQLite addon it is given (the desktop app started by npm start names one for Electron)', async () => {
    const dir = tempDir();
    const file = path.join(dir, 'p.sqlite');
    const backups = path.join(dir, 'backups');
    await projectWith(file, 2);
    const opened = await openProject(file);
    const backup = await backupProject(opened.db, file, { dir: backups });
    insertDocument(opened.db, { text: 'written after the backup' });
    opened.db.close();
    const before = fs.readFileSync(file);
    const notAnAddon = path.join(dir, 'not-an-addon.node');
    fs.writeFileSync(notAnAddon, 'not a shared library');
    await expect(restoreBackup(file, backup, { dir: backups, nativeBinding: notAnAddon })).rejects.toThrow(/not-an-addon\.node/);
    expect(fs.readFileSync(file).equals(before)).toBe(true);
    const nodeAddon = path.join(repoRoot, 'node_modules/better-sqlite3/build/Release/better_sqlite3.node');
    expect((await restoreBackup(file, backup, { dir: backups, nativeBinding: nodeAddon })).previous).not.toBeNull();
    expect(count(file)).toBe(3);
  });

  it('restoreBackup refuses what is not a valid project and changes nothing', async () => {
    const dir = tempDir();
    const file = path.join(dir, 'p.sqlite');
    await projectWith(file, 1);
    const before = fs.readFileSync(file);
    const notes = path.join(dir, 'notes.sqlite');
    fs.writeFileSync(notes, 'not a database at all '.repeat(20));
    const foreign = path.join(dir, 'foreign.sqlite');
    const other = new Database(foreign);
    other.exec('CREATE TABLE contacts (name TEXT)');
    other.close();
    for (const bad of [notes, foreign, path.join(dir, 'missing.sqlite')]) {
      await expect(restoreBackup(file, bad, { dir: path.join(dir, 'backups') })).rejects.toThrow(RestoreError);
    }
    expect(fs.readFileSync(file).equals(before)).toBe(true);
    expect(fs.existsSync(path.join(dir, 'backups'))).toBe(false);
  });
});

describe('spanbench backup / check / restore', () => {
  it('backup writes a valid copy and never overwrites', async () => {
    const dir = tempDir();
    const file = path.join(dir, 'p.sqlite');
    await projectWith(file, 2);
    const out = path.join(dir, 'copy.sqlite');
    const made = cli(['backup', file, out]);
    expect(made).toMatchObject({ code: 0 });
    expect(made.stdout).toContain('Backed up');
    expect(count(out)).toBe(3);
    const again = cli(['backup', file, out]);
    expect(again.code).toBe(2);
    expect(again.stderr).toContain('never overwrites');
    // A folder gets a dated copy.
    expect(cli(['backup', file, dir]).code).toBe(0);
    expect(fs.readdirSync(dir).filter((name) => /^p\..*\.manual\.sqlite$/.test(name))).toHaveLength(1);
  });

  it('check passes a healthy project and names every problem of a damaged one', async () => {
    const dir = tempDir();
    const file = path.join(dir, 'p.sqlite');
    await projectWith(file, 2);
    const ok = cli(['check', file]);
    expect(ok).toMatchObject({ code: 0 });
    expect(ok.stdout).toContain('OK');

    const db = new Database(file);
    db.pragma('foreign_keys = OFF');
    const sample = db.prepare('SELECT id, text FROM documents ORDER BY id LIMIT 1').get() as { id: number; text: string };
    const now = '2026-01-01T00:00:00Z';
    const insert = db.prepare('INSERT INTO spans (id, document_id, label_id, start, end, text, created_at, updated_at) VALUES (?, ?, 1, ?, ?, ?, ?, ?)');
    insert.run(101, sample.id, 0, 5, 'WRONG', now, now);
    insert.run(102, sample.id, 0, 999_999, 'x', now, now);
    insert.run(103, 9999, 0, 1, 'x', now, now);
    db.prepare('UPDATE documents SET span_count = 42 WHERE id = ?').run(sample.id);
    db.close();
    const bytes = fs.readFileSync(file);
    const bad = cli(['check', file]);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/span 101 .* says "WRONG" but the text at 0–5 is/);
    expect(bad.stderr).toMatch(/span 102 .* is outside document/);
    expect(bad.stderr).toMatch(/spans row 103 points to a missing row in documents/);
    expect(bad.stderr).toMatch(/span_count is 42 but it has/);
    expect(bad.stderr).toContain('restore');
    // check only reads.
    expect(fs.readFileSync(file).equals(bytes)).toBe(true);
  });

  it('check reports a file whose pages are damaged', async () => {
    const dir = tempDir();
    const file = path.join(dir, 'p.sqlite');
    await projectWith(file, 300);
    const db = new Database(file);
    db.pragma('journal_mode = DELETE');
    db.close();
    const bytes = fs.readFileSync(file);
    // Scribble over the middle of the file (table and index pages), leaving the header alone.
    for (let i = Math.floor(bytes.length / 2); i < Math.floor(bytes.length / 2) + 6000; i++) bytes[i] = (i * 7) & 0xff;
    fs.writeFileSync(file, bytes);
    const result = cli(['check', file]);
    expect(result.code).toBe(1);
    expect(result.stderr + result.stdout).toMatch(/integrity|malformed|damaged/i);
  });

  it('restore puts a backup back, refuses a non-project, and --list shows backups', async () => {
    const dir = tempDir();
    const home = path.join(dir, 'home');
    const file = path.join(dir, 'p.sqlite');
    await projectWith(file, 1);
    const backup = path.join(dir, 'b.sqlite');
    expect(cli(['backup', file, backup]).code).toBe(0);
    const db = new Database(file);
    db.prepare('DELETE FROM documents').run();
    db.close();
    const restored = cli(['restore', file, backup], { SPANBENCH_HOME: home });
    expect(restored).toMatchObject({ code: 0 });
    expect(restored.stdout).toContain('The project as it was is kept at');
    expect(count(file)).toBe(2);
    const listed = cli(['restore', file, '--list'], { SPANBENCH_HOME: home });
    expect(listed.stdout).toContain('before-restore');

    const junk = path.join(dir, 'junk.sqlite');
    fs.writeFileSync(junk, Buffer.alloc(4096, 0x41));
    const before = fs.readFileSync(file);
    const refused = cli(['restore', file, junk], { SPANBENCH_HOME: home });
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('Not restored');
    expect(fs.readFileSync(file).equals(before)).toBe(true);
  });

  it('restore replaces a project too damaged to open, keeping the damaged file aside', async () => {
    const dir = tempDir();
    const home = path.join(dir, 'home');
    const file = path.join(dir, 'p.sqlite');
    await projectWith(file, 1);
    const backup = path.join(dir, 'b.sqlite');
    expect(cli(['backup', file, backup]).code).toBe(0);
    fs.writeFileSync(file, 'overwritten by something else '.repeat(50));
    const restored = cli(['restore', file, backup], { SPANBENCH_HOME: home });
    expect(restored).toMatchObject({ code: 0 });
    expect(count(file)).toBe(2);
    const aside = fs.readdirSync(backupDir(file, { SPANBENCH_HOME: home })).filter((name) => name.includes('.damaged.'));
    // The damaged file moves aside whole, with whatever journal files it had.
    expect(aside.filter((name) => name.endsWith('.sqlite'))).toHaveLength(1);
  });
});
