import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { statement, STATEMENT_CACHE_LIMIT } from './statements';

const opened: Database.Database[] = [];
function memoryDb(): Database.Database {
  const db = new Database(':memory:');
  opened.push(db);
  db.exec('CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT) STRICT');
  return db;
}

afterEach(() => {
  for (const db of opened.splice(0)) db.close();
});

describe('statement', () => {
  it('prepares a query once per connection and gives the same statement back', () => {
    const db = memoryDb();
    const first = statement(db, 'SELECT v FROM t WHERE id = ?');
    expect(statement(db, 'SELECT v FROM t WHERE id = ?')).toBe(first);
    expect(statement(db, 'SELECT id FROM t')).not.toBe(first);
  });

  it('keeps each connection its own statements, bound to it', () => {
    const a = memoryDb();
    const b = memoryDb();
    statement(a, 'INSERT INTO t (v) VALUES (?)').run('in a');
    expect(statement(b, 'SELECT count(*) AS n FROM t').get()).toEqual({ n: 0 });
    expect(statement(a, 'SELECT count(*) AS n FROM t').get()).toEqual({ n: 1 });
  });

  it('still works after the schema changes under a kept statement', () => {
    const db = memoryDb();
    statement(db, 'INSERT INTO t (v) VALUES (?)').run('x');
    expect(statement(db, 'SELECT * FROM t').all()).toEqual([{ id: 1, v: 'x' }]);
    db.exec('ALTER TABLE t ADD COLUMN w TEXT');
    expect(statement(db, 'SELECT * FROM t').all()).toEqual([{ id: 1, v: 'x', w: null }]);
  });

  it('drops the statement used longest ago once it holds the limit, so built queries cannot grow it without end', () => {
    const db = memoryDb();
    const inUse = statement(db, 'SELECT 0 AS n');
    const idle = statement(db, 'SELECT 1 AS n');
    for (let i = 2; i < STATEMENT_CACHE_LIMIT; i++) statement(db, `SELECT ${i} AS n`);
    expect(statement(db, 'SELECT 0 AS n')).toBe(inUse);
    statement(db, `SELECT ${STATEMENT_CACHE_LIMIT} AS n`);
    expect(statement(db, 'SELECT 0 AS n')).toBe(inUse);
    const again = statement(db, 'SELECT 1 AS n');
    expect(again).not.toBe(idle);
    expect(again.get()).toEqual({ n: 1 });
  });
});
