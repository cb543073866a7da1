/**
 * The application menu as a plain template, so its shape is unit-tested without electron.
 * main.ts passes it to Menu.buildFromTemplate.
 *
 * Undo/Redo are NOT role items: the renderer owns annotation history (the undo/redo API
 * methods), so they send ShellCommand 'undo'/'redo' to the focused window. The renderer decides
 * whether a text field has focus and should get native text undo instead.
 */
import type { BaseWindow, MenuItemConstructorOptions } from 'electron';
import { menuAccelerators, type ShellCommand } from '../contract/shell';

export interface MenuActions {
  /** Send a command to the renderer of the given (focused) window. */
  command(command: ShellCommand, window: BaseWindow | undefined): void;
  openProject(window: BaseWindow | undefined): void;
  newProject(window: BaseWindow | undefined): void;
  /** File › Restore Backup… (electron/backupRestore.ts); the item is left out without it. */
  restoreBackup?(window: BaseWindow | undefined): void;
}

export interface MenuOptions {
  platform: NodeJS.Platform;
  /** Reload and developer tools appear only in development. */
  isDev: boolean;
  appName: string;
  actions: MenuActions;
}


export function buildMenuTemplate(options: MenuOptions): MenuItemConstructorOptions[] {
  const { platform, isDev, appName, actions } = options;
  const isMac = platform === 'darwin';
  const send =
    (command: ShellCommand) =>
    (_item: unknown, window: BaseWindow | undefined): void =>
      actions.command(command, window);

  const template: MenuItemConstructorOptions[] = [];

  if (isMac) {
    template.push({
      label: appName,
      submenu: [
        { role: 'about' },
        { type: 'separator' },
        { role: 'services' },
        { type: 'separator' },
        { role: 'hide' },
        { role: 'hideOthers' },
        { role: 'unhide' },
        { type: 'separator' },
        { role: 'quit' },
      ],
    });
  }

  template.push({
    label: '&File',
    submenu: [
      { id: 'open-project', label: 'Open Project…', accelerator: menuAccelerators.openProject, click: (_item, window) => actions.openProject(window) },
      { id: 'new-project', label: 'New Project…', accelerator: menuAccelerators.newProject, click: (_item, window) => actions.newProject(window) },
      { type: 'separator' },
      { id: 'import', label: 'Import…', accelerator: menuAccelerators.import, click: send('import') },
      { id: 'export', label: 'Export…', accelerator: menuAccelerators.export, click: send('export') },
      ...(actions.restoreBackup
        ? [
            { type: 'separator' as const },
            { id: 'restore-backup', label: 'Restore Backup…', click: (_item: unknown, window: BaseWindow | undefined) => actions.restoreBackup?.(window) },
          ]
        : []),
      { type: 'separator' },
      { role: 'close', label: 'Close Window' },
      ...(isMac ? [] : [{ type: 'separator' as const }, { role: 'quit' as const, label: 'Quit' }]),
    ],
  });

  template.push({
    label: '&Edit',
    submenu: [
      { id: 'undo', label: 'Undo', accelerator: menuAccelerators.undo, click: send('undo') },
      { id: 'redo', label: 'Redo', accelerator: isMac ? menuAccelerators.redoMac : menuAccelerators.redoOther, click: send('redo') },
      { type: 'separator' },
      { role: 'cut' },
      { role: 'copy' },
      { role: 'paste' },
      { role: 'selectAll' },
      { type: 'separator' },
      { id: 'find', label: 'Find Documents…', accelerator: menuAccelerators.find, click: send('focus-search') },
    ],
  });

  template.push({
    label: '&Annotate',
    submenu: [
      { id: 'next-span', label: 'Next Span', accelerator: menuAccelerators.nextSpan, click: send('next-span') },
      { id: 'previous-span', label: 'Previous Span', accelerator: menuAccelerators.previousSpan, click: send('previous-span') },
      { id: 'delete-span', label: 'Delete Span', accelerator: menuAccelerators.deleteSpan, click: send('delete-span') },
      { type: 'separator' },
      { id: 'mark-done', label: 'Mark Document Done', accelerator: menuAccelerators.markDone, click: send('mark-done') },
      { type: 'separator' },
      // A plain item, not a checkbox: the renderer owns the setting (setSettings) and shows its state.
      { id: 'toggle-snap', label: 'Snap to Words', accelerator: menuAccelerators.toggleSnap, click: send('toggle-snap') },
      { type: 'separator' },
      // The project's label schema (names, colours, hotkeys, descriptions): the renderer's Labels dialog.
      { id: 'edit-labels', label: 'Labels…', click: send('edit-labels') },
    ],
  });

  template.push({
    label: '&View',
    submenu: [
      ...(isDev ? [{ role: 'reload' as const }, { role: 'forceReload' as const }, { type: 'separator' as const }] : []),
      { id: 'focus-documents', label: 'Document List', accelerator: menuAccelerators.focusDocuments, click: send('focus-documents') },
      { type: 'separator' },
      { role: 'resetZoom' },
      { role: 'zoomIn' },
      { role: 'zoomOut' },
      { type: 'separator' },
      { role: 'togglefullscreen' },
      ...(isDev ? [{ type: 'separator' as const }, { role: 'toggleDevTools' as const }] : []),
    ],
  });

  template.push({ role: 'windowMenu' });

  template.push({
    role: 'help',
    submenu: [
      { id: 'show-shortcuts', label: 'Keyboard Shortcuts', accelerator: menuAccelerators.shortcuts, click: send('show-shortcuts') },
      // On macOS About lives in the app menu.
      ...(isMac ? [] : [{ type: 'separator' as const }, { role: 'about' as const, label: `About ${appName}` }]),
    ],
  });

  return template;
}
