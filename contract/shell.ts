/**
 * What the desktop shell adds beside the API: menu commands pushed to the renderer.
 * Browser mode has no shell; the renderer must work without it.
 */
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
] as const;
export type ShellCommand = (typeof shellCommands)[number];

export interface SpanbenchShell {
  /** 'darwin', 'win32', 'linux' … so shortcuts can show Cmd or Ctrl. */
  platform: string;
  /** Subscribe to menu commands; returns the unsubscribe function. */
  onCommand(listener: (command: ShellCommand) => void): () => void;
}

/** IPC channel names: one for API calls, one for pushed commands. */
export const IPC_CALL_CHANNEL = 'spanbench:call';
export const IPC_COMMAND_CHANNEL = 'spanbench:command';
