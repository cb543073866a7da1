import { describe, expect, it } from 'vitest';
import { returnFocusOnClose } from './keyboard';

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
