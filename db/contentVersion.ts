import type { ProjectDb } from './open';
import { statement } from './statements';

/**
 * A value that is different whenever the project's content may have changed since it was last
 * read, so that something drawn from the content can be kept until then (the first screen the
 * back end serves, services/firstScreen.ts). Two counters make it:
 * - `total_changes()`: rows this connection has inserted, updated or deleted, committed or not
 *   (a rolled-back change only costs a needless redraw);
 * - `PRAGMA data_version`: bumped by each commit of any other connection to the file (an import
 *   job's own connection, the command line, another program).
 */
export function contentVersion(db: ProjectDb): string {
  const { version, changes } = statement(db, 'SELECT (SELECT data_version FROM pragma_data_version) AS version, total_changes() AS changes').get() as {
    version: number;
    changes: number;
  };
  return `${version}.${changes}`;
}
