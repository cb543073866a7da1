import type { Database } from 'better-sqlite3';
import * as m001 from './001-initial';
import * as m002 from './002-full-text-search';
import * as m003 from './003-never-reuse-ids';
import * as m004 from './004-soft-deleted-labels';

export interface Migration {
  version: number;
  name: string;
  up(db: Database): void;
  /**
   * The migration rebuilds tables (create a copy, copy the rows, drop, rename): migrate() turns
   * foreign keys off around its transaction, as SQLite's procedure requires, and checks them before commit.
   */
  rebuildsTables?: boolean;
}

/** In order; each runs in its own transaction and sets user_version inside it. */
export const migrations: readonly Migration[] = [
  { version: 1, name: 'initial schema', up: m001.up },
  { version: 2, name: 'full-text search and list indexes', up: m002.up },
  { version: 3, name: 'span and relation ids never reused', up: m003.up, rebuildsTables: true },
  { version: 4, name: 'labels deleted softly', up: m004.up },
];

export const LATEST_SCHEMA_VERSION = migrations[migrations.length - 1]!.version;

/**
 * The oldest schema the reading code still handles, so that a project opened only to be read
 * (stats, export, search, agreement, serve --read-only, or a file that cannot be written) is read
 * as it is rather than refused until it is upgraded. Migration 3 changed no column and 4 only added
 * labels.deleted_at, which labelsRepo looks for; a migration that reading comes to rely on raises
 * this to its own version.
 */
export const OLDEST_SCHEMA_READ_AS_IS = 2;

// A gap or a reordering here would skip or repeat a migration on users' files.
migrations.forEach((migration, index) => {
  if (migration.version !== index + 1) {
    throw new Error(`migration list out of order at ${migration.name}: version ${migration.version}, expected ${index + 1}`);
  }
});
