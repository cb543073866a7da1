import { menuAccelerators } from '../../contract/shell';
import { describe, expect, it } from 'vitest';
import { keepFocusInside, KeyboardDispatcher, returnFocusOnClose } from './keyboard';

/** Stand-ins for the few DOM members the focus return uses (the unit tests run without a DOM). */
function fakeElement(page: { activeElement: unknown }, name: string) {
  const element = {
    name,
    isConnected: true,
    focus: () => (page.activeElement = element),
  };
  return element;
}

function setup() {
  const page: { activeElement: unknown; body: unknown } = { activeElement: null, body: null };
  const body = fakeElement(page, 'body');
  page.body = body;
  const opener = fakeElement(page, 'opener');
  const inside = fakeElement(page, 'inside');
  const dialog = {
    open: true,
    close() {
      this.open = false;
    },
    contains: (node: unknown) => node === inside,
  };
  page.activeElement = opener;
  const doc = page as unknown as Parameters<typeof returnFocusOnClose>[0];
  return { page, body, opener, inside, dialog, doc };
}

describe('returnFocusOnClose', () => {
  it('gives focus back to the opener when the dialog is removed with focus inside it', () => {
    const { page, opener, inside, dialog, doc } = setup();
    const give = returnFocusOnClose(doc);
    page.activeElement = inside;
    give(dialog as never);
    expect(dialog.open).toBe(false);
    expect(page.activeElement).toBe(opener);
  });

  it('gives focus back when it fell to the body', () => {
    const { page, body, opener, dialog, doc } = setup();
    const give = returnFocusOnClose(doc);
    page.activeElement = body;
    give(dialog as never);
    expect(page.activeElement).toBe(opener);
  });

  it('leaves focus the analyst moved elsewhere, and an opener that is gone', () => {
    const { page, dialog, doc } = setup();
    const elsewhere = fakeElement(page, 'elsewhere');
    const give = returnFocusOnClose(doc);
    page.activeElement = elsewhere;
    give(dialog as never);
    expect(page.activeElement).toBe(elsewhere);

    const second = setup();
    const giveBack = returnFocusOnClose(second.doc);
    second.opener.isConnected = false;
    second.page.activeElement = second.body;
    giveBack(second.dialog as never);
    expect(second.page.activeElement).toBe(second.body);
  });
});

describe('keepFocusInside', () => {
  function open() {
    const { page, body, inside, doc } = setup();
    const dialog = Object.assign(fakeElement(page, 'dialog'), { open: true, contains: (node: unknown) => node === inside || node === dialog });
    return { page, body, inside, dialog: dialog as unknown as HTMLDialogElement, doc };
  }

  it('puts focus that fell to the body on the step’s first control, or on the dialog when it has none', () => {
    const first = open();
    first.page.activeElement = first.body;
    keepFocusInside(first.dialog, () => first.inside as never, first.doc);
    expect(first.page.activeElement).toBe(first.inside);

    const second = open();
    second.page.activeElement = second.body;
    keepFocusInside(second.dialog, () => null, second.doc);
    expect(second.page.activeElement).toBe(second.dialog);
  });

  it('moves focus resting on the dialog itself to the first control once the step has drawn it', () => {
    const { page, inside, dialog, doc } = open();
    page.activeElement = dialog;
    keepFocusInside(dialog, () => inside as never, doc);
    expect(page.activeElement).toBe(inside);
  });

  it('leaves focus on one of the dialog’s controls, and does nothing for a closed dialog', () => {
    const { page, inside, dialog, doc } = open();
    page.activeElement = inside;
    const other = fakeElement(page, 'other');
    keepFocusInside(dialog, () => other as never, doc);
    expect(page.activeElement).toBe(inside);

    const closed = open();
    (closed.dialog as unknown as { open: boolean }).open = false;
    closed.page.activeElement = closed.body;
    keepFocusInside(closed.dialog, () => closed.inside as never, closed.doc);
    expect(closed.page.activeElement).toBe(closed.body);
  });
});

describe("the desktop menu's accelerators, as the list of shortcuts shows them", () => {
  it('writes them as bindings are written, on each platform', () => {
    const mac = new KeyboardDispatcher(true);
    const other = new KeyboardDispatcher(false);
    expect(other.describeAccelerator('CmdOrCtrl+Alt+S')).toBe('Ctrl+Alt+S');
    expect(mac.describeAccelerator('CmdOrCtrl+Alt+S')).toBe('⌥⌘S');
    expect(other.describeAccelerator('CmdOrCtrl+Backspace')).toBe('Ctrl+Backspace');
    expect(mac.describeAccelerator('Shift+Cmd+Z')).toBe(mac.describe({ key: 'z', mod: true, shift: true }));
    expect(other.describeAccelerator('Ctrl+Y')).toBe(other.describe({ key: 'y', mod: true }));
    expect(other.describeAccelerator('CmdOrCtrl+]')).toBe('Ctrl+]');
  });

  it('names every accelerator the menu registers with its modifier', () => {
    // Redo is Shift+Cmd+Z on macOS only and Ctrl+Y elsewhere only (electron/menu.ts).
    for (const [name, accelerator] of Object.entries(menuAccelerators)) {
      if (name !== 'redoMac') expect(new KeyboardDispatcher(false).describeAccelerator(accelerator)).toMatch(/^Ctrl\+/);
      if (name !== 'redoOther') expect(new KeyboardDispatcher(true).describeAccelerator(accelerator)).toMatch(/⌘(.|\w+)$/);
    }
  });
});
