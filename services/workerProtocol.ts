import type { WireResponse } from '../contract/api';

export interface WorkerOptions {
  projectPath: string;
  readOnly?: boolean;
  createIfMissing?: boolean;
  withSample?: boolean;
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
