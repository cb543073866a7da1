/**
 * The main-process end of the export destination channel, free of electron imports so it is
 * tested with fakes. The page names a format and a suggested file name; main shows the native
 * save dialog (one-file formats) or a folder chooser (folder formats), stages the chosen path
 * for the sender's project and hands back an opaque id for startExport's destinationId.
 * The page never sees, and can never name, the path it writes to.
 */
import { annotationFormats, type AnnotationFormat, type WireResponse } from '../contract/api';
import { MAX_SUGGESTED_NAME } from '../contract/shell';
import { FORMATS } from '../core/formats/registry';
import { FORBIDDEN_RESPONSE } from './ipcCall';
import type { Stager } from './importIpc';
import { isTrustedSender, type IpcEventLike } from './security';

export interface SaveDialogRequest {
  title: string;
  buttonLabel: string;
  defaultPath: string;
  filters: Array<{ name: string; extensions: string[] }>;
  properties: Array<'createDirectory' | 'showOverwriteConfirmation'>;
}

export interface FolderDialogRequest {
  title: string;
  buttonLabel: string;
  message: string;
  defaultPath: string;
  properties: Array<'openDirectory' | 'createDirectory'>;
}

export interface ExportIpcDeps {
  /** The stager of the window whose WebContents has this id, if it is one of ours. */
  stagerFor(webContentsId: number): Stager | undefined;
  /** dialog.showSaveDialog, parented to the sender's window. */
  showSaveDialog(webContentsId: number, request: SaveDialogRequest): Promise<{ canceled: boolean; filePath?: string | undefined }>;
  /** dialog.showOpenDialog, parented to the sender's window. */
  showOpenDialog(webContentsId: number, request: FolderDialogRequest): Promise<{ canceled: boolean; filePaths: string[] }>;
  /** Where the dialogs open first (the Documents folder). */
  defaultFolder(): string;
  /** Joins the default folder and the suggested name the platform's way. */
  join(folder: string, name: string): string;
  log?: (message: string) => void;
}

/**
 * The page's suggestion, made safe to show as a file name: no folders, no control or
 * bidirectional-override characters (a name that reads differently than it is), no leading dots.
 */
export function safeSuggestedName(raw: string, fallback: string): string {
  const cleaned = raw
    .replace(/[\u0000-\u001f\u007f\u202a-\u202e\u2066-\u2069]/g, '')
    .replace(/[\\/:*?"<>|]+/g, '-')
    .replace(/^[.\s]+/, '')
    .trim()
    .slice(0, MAX_SUGGESTED_NAME);
  return cleaned.length > 0 ? cleaned : fallback;
}

export function exportDialogRequest(format: AnnotationFormat, suggestedName: string, folder: string, join: (folder: string, name: string) => string): { kind: 'file'; request: SaveDialogRequest } | { kind: 'folder'; request: FolderDialogRequest } {
  const info = FORMATS[format];
  if (info.output === 'folder') {
    return {
      kind: 'folder',
      request: {
        title: `Export as ${info.title}: choose a folder`,
        buttonLabel: 'Export Here',
        message: `${info.title} is written as a folder of files. Choose an empty folder, or create one.`,
        defaultPath: folder,
        properties: ['openDirectory', 'createDirectory'],
      },
    };
  }
  const extension = info.extension.replace(/^\./, '');
  const name = suggestedName.toLowerCase().endsWith(info.extension) ? suggestedName : `${suggestedName}${info.extension}`;
  return {
    kind: 'file',
    request: {
      title: `Export as ${info.title}`,
      buttonLabel: 'Export',
      defaultPath: join(folder, name),
      filters: [
        { name: info.title, extensions: [extension] },
        { name: 'All files', extensions: ['*'] },
      ],
      properties: ['createDirectory', 'showOverwriteConfirmation'],
    },
  };
}

function isAnnotationFormat(value: unknown): value is AnnotationFormat {
  return typeof value === 'string' && (annotationFormats as readonly string[]).includes(value);
}

export function createChooseExportHandler(deps: ExportIpcDeps): (event: IpcEventLike, format: unknown, suggestedName: unknown) => Promise<WireResponse<string | null>> {
  return async (event, format, suggestedName) => {
    const stager = deps.stagerFor(event.sender.id);
    if (!stager || !isTrustedSender(event, (id) => deps.stagerFor(id) !== undefined)) {
      deps.log?.(`refused chooseExportDestination from ${event.senderFrame?.url ?? 'a destroyed frame'}`);
      return FORBIDDEN_RESPONSE;
    }
    if (!isAnnotationFormat(format)) {
      return { ok: false, error: { code: 'invalid_input', message: `chooseExportDestination: format must be one of ${annotationFormats.join(', ')}.` } };
    }
    if (typeof suggestedName !== 'string' || suggestedName.length > 1000) {
      return { ok: false, error: { code: 'invalid_input', message: 'chooseExportDestination: the suggested name must be a short string.' } };
    }
    const name = safeSuggestedName(suggestedName, `spanbench-${format}`);
    const dialog = exportDialogRequest(format, name, deps.defaultFolder(), deps.join);
    let chosen: string | undefined;
    if (dialog.kind === 'file') {
      const result = await deps.showSaveDialog(event.sender.id, dialog.request);
      chosen = result.canceled ? undefined : result.filePath;
    } else {
      const result = await deps.showOpenDialog(event.sender.id, dialog.request);
      chosen = result.canceled ? undefined : result.filePaths[0];
    }
    if (!chosen) return { ok: true, result: null };
    // The window may have closed while the dialog was open.
    const current = deps.stagerFor(event.sender.id);
    if (!current) return FORBIDDEN_RESPONSE;
    const [id] = current.stageFiles([chosen]);
    return { ok: true, result: id ?? null };
  };
}
