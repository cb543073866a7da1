/**
 * What the desktop shell adds beside the API: menu commands pushed to the renderer.
 * Browser mode has no shell; the renderer must work without it.
 */
import type { AnnotationFormat } from './api';

export const shellCommands = [
  'undo',
  'redo',
  'next-span',
  'previous-span',
  'delete-span',
  'mark-done',
  'toggle-snap',
  'show-shortcuts',
  'focus-documents',
  'focus-search',
  'import',
  'export',
  'edit-labels',
] as const;
export type ShellCommand = (typeof shellCommands)[number];

/**
 * The accelerators the desktop menu registers (electron/menu.ts), here so that the renderer's list of
 * shortcuts (?) shows the same keys in the desktop app.
 */
export const menuAccelerators = {
  openProject: 'CmdOrCtrl+O',
  newProject: 'CmdOrCtrl+N',
  import: 'CmdOrCtrl+I',
  export: 'CmdOrCtrl+E',
  undo: 'CmdOrCtrl+Z',
  redoMac: 'Shift+Cmd+Z',
  redoOther: 'Ctrl+Y',
  find: 'CmdOrCtrl+F',
  focusDocuments: 'CmdOrCtrl+L',
  nextSpan: 'CmdOrCtrl+]',
  previousSpan: 'CmdOrCtrl+[',
  deleteSpan: 'CmdOrCtrl+Backspace',
  markDone: 'CmdOrCtrl+Enter',
  toggleSnap: 'CmdOrCtrl+Alt+S',
  shortcuts: 'CmdOrCtrl+/',
} as const;

export const importChoiceKinds = ['files', 'folder'] as const;
export type ImportChoiceKind = (typeof importChoiceKinds)[number];

export interface SpanbenchShell {
  /** 'darwin', 'win32', 'linux' … so shortcuts can show Cmd or Ctrl. */
  platform: string;
  /** Subscribe to menu commands; returns the unsubscribe function. */
  onCommand(listener: (command: ShellCommand) => void): () => void;
  /**
   * Shows the native open dialog for files (several) or one folder (imported recursively),
   * stages what was chosen for this window's project and returns the ids for startImport.
   * An empty list when the analyst cancelled. The page never sees the paths.
   */
  chooseImportFiles(kind: ImportChoiceKind): Promise<string[]>;
  /** Stages files or folders dropped on the window (their paths are read in the preload); returns ids for startImport. */
  stageDroppedFiles(files: File[]): Promise<string[]>;
  /**
   * Shows the native save dialog (formats written as one file) or a folder chooser (formats
   * written as a folder of files), stages the chosen path for this window's project and returns
   * its id for startExport's destinationId; null when the analyst cancelled.
   */
  chooseExportDestination(format: AnnotationFormat, suggestedName: string): Promise<string | null>;
}

/** IPC channel names: API calls, pushed commands, the two import staging calls and the export destination. */
export const IPC_CALL_CHANNEL = 'spanbench:call';
export const IPC_COMMAND_CHANNEL = 'spanbench:command';
export const IPC_CHOOSE_IMPORT_CHANNEL = 'spanbench:choose-import';
export const IPC_STAGE_DROPPED_CHANNEL = 'spanbench:stage-dropped';
export const IPC_CHOOSE_EXPORT_CHANNEL = 'spanbench:choose-export';

/** Longest suggested file name the page may propose for an export (the dialog shows it). */
export const MAX_SUGGESTED_NAME = 200;

/** Most paths one drop may stage (a drop of a folder counts once; the import walks it). */
export const MAX_DROPPED_PATHS = 10_000;
