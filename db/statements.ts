import type Database from 'better-sqlite3';
import type { ProjectDb } from './open';

/**
 * Preparing a statement compiles its SQL, and a repository call that prepares per call pays that
 * every time: profiled over 300 first screens drawn in the service worker, preparing took 85 of
 * its 1,060 ms (about ten queries a page), more than any of our own functions, and it is part of
 * every span's commit too. So each connection keeps its statements, by their SQL.
 *
 * The few queries built from a filter's parts vary with it; the cache is bounded so that no
 * sequence of filters makes it grow without end. SQLite re-prepares a kept statement itself when
 * the schema changes under it (a migration), so a kept statement never goes stale.
 */
export const STATEMENT_CACHE_LIMIT = 256;

const cacheByConnection = new WeakMap<ProjectDb, Map<string, Database.Statement>>();

/** `db.prepare(sql)`, prepared once per connection. Not for statements put in raw, pluck or expand mode. */
export function statement(db: ProjectDb, sql: string): Database.Statement {
  let cache = cacheByConnection.get(db);
  if (!cache) {
    cache = new Map();
    cacheByConnection.set(db, cache);
  }
  let prepared = cache.get(sql);
  if (prepared) {
    // Used last, dropped last: a Map iterates in insertion order, so moving it to the end keeps
    // the statements in use and lets a filter's one-off queries go first.
    cache.delete(sql);
  } else {
    if (cache.size >= STATEMENT_CACHE_LIMIT) cache.delete(cache.keys().next().value!);
    prepared = db.prepare(sql);
  }
  cache.set(sql, prepared);
  return prepared;
}
