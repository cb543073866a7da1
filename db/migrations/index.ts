import type { Database } from 'better-sqlite3';
import * as m001 from './001-initial';
import * as m002 from './002-full-text-search';

export interface Migration {
  version: number;
  name: string;
  up(db: Database): void;
}

/** In order; each runs in its own transaction and sets user_version inside it. */
export const migrations: readonly Migration[] = [
  { version: 1, name: 'initial schema', up: m001.up },
  { version: 2, name: 'full-text search and list indexes', up: m002.up },
];

export const LATEST_SCHEMA_VERSION = migrations[migrations.length - 1]!.version;

// A gap or a reordering here would skip or repeat a migration on users' files.
migrations.forEach((migration, index) => {
  if (migration.version !== index + 1) {
    throw new Error(`migration list out of order at ${migration.name}: version ${migration.version}, expected ${index + 1}`);
  }
});
