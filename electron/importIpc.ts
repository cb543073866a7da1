/**
 * The main-process ends of the two import staging channels, free of electron imports so they
 * are tested with fakes. Paths come only from trusted places (the native dialog, or the preload
 * reading a dropped File); the page receives opaque ids and can never name a path itself.
 */
import type { WireResponse } from '../contract/api';
import { importChoiceKinds, MAX_DROPPED_PATHS, type ImportChoiceKind } from '../contract/shell';
import { FORBIDDEN_RESPONSE } from './ipcCall';
import { isTrustedSender, type IpcEventLike } from './security';

/** What staging needs of a window's back end; ServiceHost satisfies it. */
export interface Stager {
  stageFiles(paths: readonly string[]): string[];
}

export interface OpenDialogRequest {
  title: string;
  buttonLabel: string;
  properties: Array<'openFile' | 'openDirectory' | 'multiSelections'>;
  filters?: Array<{ name: string; extensions: string[] }>;
}

export interface ImportIpcDeps {
  /** The stager of the window whose WebContents has this id, if it is one of ours. */
  stagerFor(webContentsId: number): Stager | undefined;
  /** dialog.showOpenDialog, parented to the sender's window. */
  showOpenDialog(webContentsId: number, request: OpenDialogRequest): Promise<{ canceled: boolean; filePaths: string[] }>;
  /** True when the path exists (a file or a folder). */
  exists(path: string): boolean;
  log?: (message: string) => void;
}

/** Extensions the article importer reads (core/import/detect.ts); "All files" stays available. */
const ARTICLE_EXTENSIONS = ['txt', 'text', 'md', 'markdown', 'html', 'htm', 'xhtml', 'jsonl', 'ndjson', 'json', 'csv', 'tsv', 'tab'];

export function dialogRequestFor(kind: ImportChoiceKind): OpenDialogRequest {
  if (kind === 'folder') {
    return { title: 'Import a Folder of Articles', buttonLabel: 'Import', properties: ['openDirectory'] };
  }
  return {
    title: 'Import Articles',
    buttonLabel: 'Import',
    properties: ['openFile', 'multiSelections'],
    filters: [
      { name: 'Articles', extensions: ARTICLE_EXTENSIONS },
      { name: 'All files', extensions: ['*'] },
    ],
  };
}

function trusted(deps: ImportIpcDeps, event: IpcEventLike, what: string): Stager | undefined {
  const stager = deps.stagerFor(event.sender.id);
  if (!stager || !isTrustedSender(event, (id) => deps.stagerFor(id) !== undefined)) {
    deps.log?.(`refused ${what} from ${event.senderFrame?.url ?? 'a destroyed frame'}`);
    return undefined;
  }
  return stager;
}

function invalid(message: string): WireResponse<never> {
  return { ok: false, error: { code: 'invalid_input', message } };
}

export function createChooseImportHandler(deps: ImportIpcDeps): (event: IpcEventLike, kind: unknown) => Promise<WireResponse<string[]>> {
  return async (event, kind) => {
    if (!trusted(deps, event, 'chooseImportFiles')) return FORBIDDEN_RESPONSE;
    if (typeof kind !== 'string' || !(importChoiceKinds as readonly string[]).includes(kind)) {
      return invalid(`chooseImportFiles: kind must be one of ${importChoiceKinds.join(', ')}.`);
    }
    const result = await deps.showOpenDialog(event.sender.id, dialogRequestFor(kind as ImportChoiceKind));
    if (result.canceled || result.filePaths.length === 0) return { ok: true, result: [] };
    // The window may have closed while the dialog was open.
    const stager = deps.stagerFor(event.sender.id);
    if (!stager) return FORBIDDEN_RESPONSE;
    return { ok: true, result: stager.stageFiles(result.filePaths) };
  };
}

export function createStageDroppedHandler(deps: ImportIpcDeps): (event: IpcEventLike, paths: unknown) => Promise<WireResponse<string[]>> {
  return async (event, paths) => {
    const stager = trusted(deps, event, 'stageDroppedFiles');
    if (!stager) return FORBIDDEN_RESPONSE;
    if (!Array.isArray(paths) || paths.length === 0 || paths.length > MAX_DROPPED_PATHS) {
      return invalid(`stageDroppedFiles: expected 1 to ${MAX_DROPPED_PATHS} paths.`);
    }
    if (!paths.every((item): item is string => typeof item === 'string' && item.length <= 4096 && !item.includes('\0'))) {
      return invalid('stageDroppedFiles: every path must be a string.');
    }
    // A dropped File that is not on disk (an image dragged from a web page) has no path: the preload sends ''.
    if (paths.some((item) => item.length === 0)) return invalid('Only files and folders from this computer can be imported by dropping them.');
    // A path that vanished since the drop is named, so the analyst knows which one.
    const missing = paths.filter((item) => !deps.exists(item));
    if (missing.length > 0) {
      return { ok: false, error: { code: 'not_found', message: `Cannot import what was dropped: ${missing.slice(0, 3).join(', ')}${missing.length > 3 ? ` and ${missing.length - 3} more` : ''} no longer exist.` } };
    }
    return { ok: true, result: stager.stageFiles(paths) };
  };
}
