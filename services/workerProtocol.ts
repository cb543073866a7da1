import type { SqliteAddonOption } from '../db/open';
import type { FirstScreenPage, FirstScreenRequest } from './firstScreen';


/** nativeBinding: the better-sqlite3 addon this worker and its job workers load (db/open.ts). */
export interface WorkerOptions extends SqliteAddonOption {
  projectPath: string;
  readOnly?: boolean;
  createIfMissing?: boolean;
  withSample?: boolean;
  /** Automatic backups (on close, and at most every intervalMs while changing); false turns them off. */
  backups?: false | { dir?: string; intervalMs?: number };
}

export type HostToWorker =
  | { type: 'call'; id: number; method: string; input: unknown }
  /** Files chosen through trusted code, registered under ids the renderer may name. */
  | { type: 'stage'; entries: Array<[id: string, path: string]> }
  /** The first screen drawn into index.html (services/firstScreen.ts). */
  | { type: 'firstScreen'; id: number; request: FirstScreenRequest }
  | { type: 'close' };

export type WorkerToHost =
  /** `created`: the project file was made just now (a path with no project, or an empty file). */
  | { type: 'ready'; readOnly: boolean; readOnlyReason: string | null; file: string; created: boolean }
  | { type: 'failed'; kind: string; message: string }
  /**
   * The response as JSON text: one string crosses the thread boundary instead of a structured
   * clone of every object (10,000 spans), and browser mode sends it on as it is.
   */
  | { type: 'response'; id: number; json: string }
  | { type: 'firstScreen'; id: number; page: FirstScreenPage | null; error: string | null }
  | { type: 'closed' };
