import type { MenuItemConstructorOptions } from 'electron';
import { describe, expect, it, vi } from 'vitest';
import { shellCommands } from '../contract/shell';
import { buildMenuTemplate, type MenuActions } from './menu';

function fakeActions() {
  return { command: vi.fn<MenuActions['command']>(), openProject: vi.fn<MenuActions['openProject']>(), newProject: vi.fn<MenuActions['newProject']>() };
}

function flatten(items: MenuItemConstructorOptions[]): MenuItemConstructorOptions[] {
  return items.flatMap((item) => [item, ...(Array.isArray(item.submenu) ? flatten(item.submenu) : [])]);
}

function build(platform: NodeJS.Platform, isDev: boolean, actions = fakeActions()) {
  const template = buildMenuTemplate({ platform, isDev, appName: 'Spanbench', actions });
  return { template, items: flatten(template), actions };
}

function click(item: MenuItemConstructorOptions | undefined): void {
  // The window argument is whatever electron passes; the actions decide what to do with it.
  (item?.click as unknown as (menuItem: unknown, window: unknown, event: unknown) => void)({}, { id: 1 }, {});
}

describe('application menu', () => {
  it('has the usual top-level menus, plus the app menu on macOS', () => {
    expect(build('linux', false).template.map((item) => item.label ?? item.role)).toEqual(['&File', '&Edit', '&Annotate', '&View', 'windowMenu', 'help']);
    expect(build('darwin', false).template.map((item) => item.label ?? item.role)).toEqual(['Spanbench', '&File', '&Edit', '&Annotate', '&View', 'windowMenu', 'help']);
  });

  it('sends undo and redo to the renderer instead of using the undo/redo roles', () => {
    const { items, actions } = build('linux', false);
    expect(items.some((item) => item.role === 'undo' || item.role === 'redo')).toBe(false);
    click(items.find((item) => item.id === 'undo'));
    click(items.find((item) => item.id === 'redo'));
    expect(actions.command.mock.calls.map((call) => call[0])).toEqual(['undo', 'redo']);
    expect(actions.command.mock.calls[0]?.[1]).toEqual({ id: 1 });
  });

  it('keeps clipboard roles and platform redo keys', () => {
    const { items } = build('win32', false);
    for (const role of ['cut', 'copy', 'paste', 'selectAll']) expect(items.some((item) => item.role === role)).toBe(true);
    expect(items.find((item) => item.id === 'redo')?.accelerator).toBe('Ctrl+Y');
    expect(build('darwin', false).items.find((item) => item.id === 'redo')?.accelerator).toBe('Shift+Cmd+Z');
  });

  it('has File items that open, create, import, export, close and quit', () => {
    const { items, actions } = build('linux', false);
    click(items.find((item) => item.id === 'open-project'));
    click(items.find((item) => item.id === 'new-project'));
    click(items.find((item) => item.id === 'import'));
    click(items.find((item) => item.id === 'export'));
    expect(actions.openProject).toHaveBeenCalledTimes(1);
    expect(actions.newProject).toHaveBeenCalledTimes(1);
    expect(actions.command.mock.calls.map((call) => call[0])).toEqual(['import', 'export']);
    expect(items.some((item) => item.role === 'close')).toBe(true);
    expect(items.some((item) => item.role === 'quit')).toBe(true);
    // On macOS Quit lives in the app menu only, About too.
    const mac = build('darwin', false).template;
    const file = mac.find((item) => item.label === '&File');
    expect(flatten([file ?? {}]).some((item) => item.role === 'quit')).toBe(false);
    expect(flatten([mac[0] ?? {}]).map((item) => item.role)).toContain('about');
  });

  it('sends every Annotate and Help command', () => {
    const { items, actions } = build('linux', false);
    for (const id of ['next-span', 'previous-span', 'delete-span', 'mark-done', 'toggle-snap', 'edit-labels', 'show-shortcuts', 'find', 'focus-documents']) {
      click(items.find((item) => item.id === id));
    }
    expect(actions.command.mock.calls.map((call) => call[0])).toEqual([
      'next-span',
      'previous-span',
      'delete-span',
      'mark-done',
      'toggle-snap',
      'edit-labels',
      'show-shortcuts',
      'focus-search',
      'focus-documents',
    ]);
    for (const [command] of actions.command.mock.calls) expect(shellCommands).toContain(command);
  });

  it('offers reload and developer tools only in development', () => {
    const devRoles = ['reload', 'forceReload', 'toggleDevTools'];
    expect(build('linux', false).items.some((item) => devRoles.includes(item.role ?? ''))).toBe(false);
    const dev = build('linux', true).items.map((item) => item.role);
    for (const role of devRoles) expect(dev).toContain(role);
    const view = build('linux', false).items.map((item) => item.role);
    for (const role of ['resetZoom', 'zoomIn', 'zoomOut', 'togglefullscreen']) expect(view).toContain(role);
  });

  it('uses each accelerator once', () => {
    for (const platform of ['darwin', 'linux', 'win32'] as const) {
      const accelerators = build(platform, true).items.flatMap((item) => (item.accelerator ? [item.accelerator] : []));
      expect(new Set(accelerators).size, platform).toBe(accelerators.length);
    }
  });
});
