/**
 * Closing or reloading a window while changes are still saving: the renderer's beforeunload handler
 * asks to stay (renderer/state/document.svelte.ts, watchWindow), and Electron, unlike a browser,
 * shows nothing and keeps the page, so the window could not be closed at all. The main process asks
 * instead, and lets the page go when the analyst says so.
 */
import type { MessageBoxSyncOptions } from 'electron';

export const LEAVE_BUTTON = 0;

export const unloadPromptOptions: MessageBoxSyncOptions = {
  type: 'warning',
  buttons: ['Leave', 'Stay'],
  defaultId: 1,
  cancelId: 1,
  title: 'Spanbench',
  message: 'Spanbench is still saving changes. Leave anyway?',
  detail: 'Changes not saved yet are lost if you leave now. Everything shown as saved is saved.',
  noLink: true,
};

interface PreventableEvent {
  preventDefault(): void;
}

export interface UnloadPromptWindow {
  webContents: { on(event: 'will-prevent-unload', listener: (event: PreventableEvent) => void): unknown };
}

/** `ask` shows the dialog (dialog.showMessageBoxSync): it must answer before the event returns. */
export function attachUnloadPrompt<W extends UnloadPromptWindow>(window: W, ask: (window: W, options: MessageBoxSyncOptions) => number): void {
  window.webContents.on('will-prevent-unload', (event) => {
    // preventDefault here overrides the page's wish to stay: the window closes or reloads.
    if (ask(window, unloadPromptOptions) === LEAVE_BUTTON) event.preventDefault();
  });
}
