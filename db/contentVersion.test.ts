import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { contentVersion } from './contentVersion';

const opened: Database.Database[] = [];
const dirs: string[] = [];
afterEach(() => {
  for (const db of opened.splice(0)) db.close();
  for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

function twoConnections(): { ours: Database.Database; theirs: Database.Database } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'spanbench-version-'));
  dirs.push(dir);
  const file = path.join(dir, 'p.sqlite');
  const ours = new Database(file);
  ours.pragma('journal_mode = WAL');
  ours.exec('CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT) STRICT');
  const theirs = new Database(file);
  opened.push(ours, theirs);
  return { ours, theirs };
}

describe('contentVersion', () => {
  it('stays the same while nothing is written', () => {
    const { ours } = twoConnections();
    const before = contentVersion(ours);
    ours.prepare('SELECT count(*) FROM t').get();
    expect(contentVersion(ours)).toBe(before);
  });

  it("changes with this connection's own writes, updates and deletes included", () => {
    const { ours } = twoConnections();
    const seen = new Set([contentVersion(ours)]);
    ours.prepare("INSERT INTO t (v) VALUES ('a')").run();
    seen.add(contentVersion(ours));
    ours.prepare("UPDATE t SET v = 'b'").run();
    seen.add(contentVersion(ours));
    ours.prepare('DELETE FROM t').run();
    seen.add(contentVersion(ours));
    expect(seen.size).toBe(4);
  });

  it("changes when another connection commits to the file", () => {
    const { ours, theirs } = twoConnections();
    const before = contentVersion(ours);
    theirs.prepare("INSERT INTO t (v) VALUES ('from elsewhere')").run();
    expect(contentVersion(ours)).not.toBe(before);
  });
});
