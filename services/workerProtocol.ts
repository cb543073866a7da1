import type { WireResponse } from '../contract/api';

export interface WorkerOptions {
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
  | { type: 'close' };

export type WorkerToHost =
  | { type: 'ready'; readOnly: boolean; readOnlyReason: string | null; file: string }
  | { type: 'failed'; kind: string; message: string }
  | { type: 'response'; id: number; response: WireResponse<unknown> }
  | { type: 'closed' };
