/**
 * renderer/boot.ts, the app's entry, with a stand-in page: on a long drawn page the loader imports
 * it while the parser is still inside the embedded data (a 25 MB article's JSON), so it must not
 * start the app (which reads that data) before the page is parsed; and a page whose data cannot be
 * read must still start the app, through the API.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { FIRST_SCREEN_ELEMENT_ID } from '../../contract/constants';

const start = vi.fn<() => Promise<void>>();
vi.mock('../main', () => ({ start }));

interface FakeElement {
  textContent: string;
  removed: boolean;
  cleared: boolean;
  remove(): void;
  replaceChildren(): void;
}

function element(textContent = ''): FakeElement {
  return {
    textContent,
    removed: false,
    cleared: false,
    remove() {
      this.removed = true;
    },
    replaceChildren() {
      this.cleared = true;
      this.textContent = '';
    },
  };
}

/** A document as a browser has it mid-parse: readyState, DOMContentLoaded, #app and the data element. */
function fakeDocument(readyState: DocumentReadyState) {
  const listeners: Array<() => void> = [];
  let listened = () => {};
  const app = element('drawn article');
  const data = element('{"info":{"name":"p"},"document":{"detail":{"text":"the first megabytes of');
  const page = {
    readyState,
    documentElement: { dataset: {} as Record<string, string> },
    getElementById: (id: string) => (id === 'app' ? app : id === FIRST_SCREEN_ELEMENT_ID && !data.removed ? data : null),
    addEventListener: (type: string, listener: () => void) => {
      if (type === 'DOMContentLoaded') {
        listeners.push(listener);
        listened();
      }
    },
    /** Resolves once something waits for the end of parsing. */
    waited: null as unknown as Promise<void>,
    /** The parser reaches the end: the data element is whole now. */
    finishParsing() {
      data.textContent += ' a long article"}}}';
      page.readyState = 'interactive';
      for (const listener of listeners.splice(0)) listener();
    },
    app,
    data,
  };
  page.waited = new Promise<void>((resolve) => (listened = resolve));
  return page;
}

describe('boot (the app entry)', () => {
  beforeEach(() => {
    vi.resetModules();
    start.mockReset();
    vi.stubGlobal('window', { spanbenchEarlyInput: { actions: [], stop: () => undefined } });
  });
  afterEach(() => {
    vi.unstubAllGlobals();
  });

  it('waits until the page is parsed before starting the app: the embedded data is whole only then', async () => {
    const page = fakeDocument('loading');
    vi.stubGlobal('document', page);
    let seen: string | null = null;
    let called = () => {};
    const startCalled = new Promise<void>((resolve) => (called = resolve));
    start.mockImplementation(async () => {
      called();
      seen = page.data.textContent;
      JSON.parse(seen);
    });
    const booted = import('../boot');
    booted.catch(() => undefined);
    // Whichever comes first: the entry waiting for the parser, or starting the app mid-parse.
    await Promise.race([page.waited, startCalled]);
    expect(start, 'the app was started while the page was still being parsed').not.toHaveBeenCalled();
    page.finishParsing();
    await booted;
    expect(start).toHaveBeenCalledTimes(1);
    expect(seen).toBe(page.data.textContent);
    expect(page.documentElement.dataset['ready']).toBe('true');
  });

  it('starts at once on a page already parsed (a plain page, or a short one)', async () => {
    const page = fakeDocument('interactive');
    vi.stubGlobal('document', page);
    start.mockResolvedValue(undefined);
    await import('../boot');
    expect(start).toHaveBeenCalledTimes(1);
    expect(page.documentElement.dataset['ready']).toBe('true');
  });

  it('falls back to loading through the API when the embedded data cannot be read', async () => {
    const page = fakeDocument('complete');
    vi.stubGlobal('document', page);
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    // The first start reads the (cut off) data and fails; the second finds no data and mounts afresh.
    start.mockImplementation(async () => {
      const embedded = page.getElementById(FIRST_SCREEN_ELEMENT_ID);
      if (embedded) JSON.parse(embedded.textContent);
    });
    await import('../boot');
    expect(start).toHaveBeenCalledTimes(2);
    expect(page.data.removed).toBe(true);
    expect(page.app.cleared).toBe(true);
    expect(page.documentElement.dataset['ready']).toBe('true');
    expect(warn.mock.calls[0]?.[0]).toMatch(/first screen could not be used .*JSON/);
    warn.mockRestore();
  });
});
