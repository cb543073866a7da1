import { describe, expect, it, vi } from 'vitest';
import {
  CONTENT_SECURITY_POLICY,
  hardenWebContents,
  isAllowedExternalUrl,
  isAppUrl,
  isBlockedRequestUrl,
  isTrustedSender,
  permissionDecision,
  webPreferencesFor,
  windowOptionsFor,
  type FrameLike,
  type HardenableWebContents,
} from './security';

describe('window options', () => {
  it('locks down webPreferences', () => {
    const prefs = webPreferencesFor({ preloadPath: '/app/dist/electron/preload.cjs', devTools: false });
    expect(prefs).toEqual({
      preload: '/app/dist/electron/preload.cjs',
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      webviewTag: false,
      navigateOnDragDrop: false,
      safeDialogs: true,
      spellcheck: true,
      devTools: false,
    });
  });

  it('creates hidden windows (shown on ready-to-show) with those preferences', () => {
    const options = windowOptionsFor({ preloadPath: '/p.cjs', devTools: true, title: 'x.sqlite — Spanbench' });
    expect(options.show).toBe(false);
    expect(options.title).toBe('x.sqlite — Spanbench');
    expect(options.webPreferences).toEqual(webPreferencesFor({ preloadPath: '/p.cjs', devTools: true }));
  });
});

describe('content security policy', () => {
  const directives = new Map(
    CONTENT_SECURITY_POLICY.split(';').map((part) => {
      const [name = '', ...values] = part.trim().split(/\s+/);
      return [name, values] as const;
    }),
  );

  it('allows only our own scripts, no inline code or eval', () => {
    expect(directives.get('default-src')).toEqual(["'none'"]);
    expect(directives.get('script-src')).toEqual(["'self'"]);
    expect(CONTENT_SECURITY_POLICY).not.toMatch(/unsafe-inline|unsafe-eval|wasm-unsafe-eval|\*|https?:/);
  });

  it('forbids plugins, frames, framing, forms and <base>', () => {
    for (const name of ['object-src', 'frame-src', 'child-src', 'frame-ancestors', 'form-action', 'base-uri']) {
      expect(directives.get(name), name).toEqual(["'none'"]);
    }
  });
});

describe('external links', () => {
  it.each([
    ['https://github.com/spanbench/spanbench', true],
    ['https://GITHUB.com/x', true],
    ['http://github.com/x', false],
    ['https://github.com.evil.example/x', false],
    ['https://evil.example/?https://github.com', false],
    ['https://user@github.com/x', false],
    ['https://github.com:8443/x', false],
    ['file:///etc/passwd', false],
    ['javascript:alert(1)', false],
    ['app://spanbench/index.html', false],
    ['smb://host/share', false],
    ['not a url', false],
  ])('%s -> %s', (url, allowed) => {
    expect(isAllowedExternalUrl(url)).toBe(allowed);
  });

  it('takes its own allow-list', () => {
    expect(isAllowedExternalUrl('https://example.org/a', ['example.org'])).toBe(true);
    expect(isAllowedExternalUrl('https://github.com/a', ['example.org'])).toBe(false);
  });
});

describe('app URLs and blocked requests', () => {
  it('recognises app://spanbench only', () => {
    expect(isAppUrl('app://spanbench/index.html')).toBe(true);
    expect(isAppUrl('app://spanbench/')).toBe(true);
    expect(isAppUrl('app://other/index.html')).toBe(false);
    expect(isAppUrl('https://spanbench/index.html')).toBe(false);
    expect(isAppUrl('file:///index.html')).toBe(false);
    expect(isAppUrl('about:blank')).toBe(false);
    expect(isAppUrl('')).toBe(false);
  });

  it('blocks network and file requests from windows', () => {
    expect(isBlockedRequestUrl('https://example.org/x.js')).toBe(true);
    expect(isBlockedRequestUrl('http://localhost:5173/')).toBe(true);
    expect(isBlockedRequestUrl('wss://example.org/')).toBe(true);
    expect(isBlockedRequestUrl('file:///etc/passwd')).toBe(true);
    expect(isBlockedRequestUrl('app://spanbench/assets/a.js')).toBe(false);
    expect(isBlockedRequestUrl('data:image/png;base64,AAAA')).toBe(false);
    expect(isBlockedRequestUrl('devtools://devtools/bundled/inspector.html')).toBe(false);
  });

  it('refuses every permission', () => {
    for (const permission of ['media', 'geolocation', 'notifications', 'clipboard-read', 'clipboard-sanitized-write', 'fullscreen', 'openExternal', 'unknown']) {
      expect(permissionDecision(permission)).toBe(false);
    }
  });
});

describe('isTrustedSender', () => {
  const frame = (url: string, parent: FrameLike | null = null, ids = { processId: 4, routingId: 1 }): FrameLike => ({ url, parent, ...ids });
  const main = frame('app://spanbench/index.html');
  const ours = (id: number) => id === 7;

  it('accepts the main frame of our window on app://spanbench', () => {
    expect(isTrustedSender({ sender: { id: 7, mainFrame: main }, senderFrame: main }, ours)).toBe(true);
    // A different wrapper object for the same frame still counts.
    expect(isTrustedSender({ sender: { id: 7, mainFrame: main }, senderFrame: frame('app://spanbench/index.html') }, ours)).toBe(true);
  });

  it('refuses other windows, sub-frames, other origins and destroyed frames', () => {
    expect(isTrustedSender({ sender: { id: 8, mainFrame: main }, senderFrame: main }, ours)).toBe(false);
    const child = frame('app://spanbench/child.html', main, { processId: 4, routingId: 2 });
    expect(isTrustedSender({ sender: { id: 7, mainFrame: main }, senderFrame: child }, ours)).toBe(false);
    const orphan = frame('app://spanbench/index.html', null, { processId: 4, routingId: 9 });
    expect(isTrustedSender({ sender: { id: 7, mainFrame: main }, senderFrame: orphan }, ours)).toBe(false);
    const navigatedAway = frame('https://evil.example/');
    expect(isTrustedSender({ sender: { id: 7, mainFrame: navigatedAway }, senderFrame: navigatedAway }, ours)).toBe(false);
    const fileFrame = frame('file:///tmp/x.html');
    expect(isTrustedSender({ sender: { id: 7, mainFrame: fileFrame }, senderFrame: fileFrame }, ours)).toBe(false);
    expect(isTrustedSender({ sender: { id: 7, mainFrame: main }, senderFrame: null }, ours)).toBe(false);
  });
});

describe('hardenWebContents', () => {
  type Listener = (event: { preventDefault(): void; url: string }, url: string) => void;
  function fakeContents() {
    const listeners = new Map<string, Listener>();
    let openHandler: ((details: { url: string }) => { action: string }) | undefined;
    const contents = {
      on(name: string, listener: Listener) {
        listeners.set(name, listener);
        return contents;
      },
      setWindowOpenHandler(handler: (details: { url: string }) => { action: string }) {
        openHandler = handler;
      },
    };
    const fire = (name: string, url = '') => {
      const event = { preventDefault: vi.fn(), url };
      listeners.get(name)?.(event, url);
      return event;
    };
    return { contents: contents as unknown as HardenableWebContents, fire, open: (url: string) => openHandler?.({ url }) };
  }

  it('denies navigation, redirects, webviews and new windows; opens allow-listed links outside', () => {
    const openExternal = vi.fn();
    const { contents, fire, open } = fakeContents();
    hardenWebContents(contents, { openExternal });

    expect(fire('will-navigate', 'https://evil.example/').preventDefault).toHaveBeenCalled();
    expect(fire('will-navigate', 'app://spanbench/other.html').preventDefault).toHaveBeenCalled();
    expect(fire('will-redirect', 'https://github.com/').preventDefault).toHaveBeenCalled();
    expect(fire('will-attach-webview').preventDefault).toHaveBeenCalled();
    expect(openExternal).not.toHaveBeenCalled();

    expect(open('https://evil.example/')).toEqual({ action: 'deny' });
    expect(open('file:///etc/passwd')).toEqual({ action: 'deny' });
    expect(openExternal).not.toHaveBeenCalled();

    expect(open('https://github.com/spanbench')).toEqual({ action: 'deny' });
    expect(openExternal).toHaveBeenCalledWith('https://github.com/spanbench');
    expect(fire('will-navigate', 'https://github.com/docs').preventDefault).toHaveBeenCalled();
    expect(openExternal).toHaveBeenLastCalledWith('https://github.com/docs');
  });
});
