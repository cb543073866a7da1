/**
 * Security decisions for the desktop shell, kept free of runtime electron imports so
 * each one is unit-tested in Node. main.ts applies them to real windows and sessions.
 * Checklist: https://www.electronjs.org/docs/latest/tutorial/security
 */
import type { BrowserWindowConstructorOptions, WebPreferences } from 'electron';

const APP_PROTOCOL = 'app:';
const APP_HOST = 'spanbench';

/**
 * The renderer needs only its own bundle: no inline script or style, no eval, no network.
 * Dynamic styles (label colours) go through the CSSOM (element.style), which style-src does
 * not restrict, so no 'unsafe-inline' is needed (see renderer/index.html).
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "font-src 'self'",
  "connect-src 'self'",
  "worker-src 'self'",
  "manifest-src 'none'",
  "media-src 'none'",
  "object-src 'none'",
  "frame-src 'none'",
  "child-src 'none'",
  "frame-ancestors 'none'",
  "form-action 'none'",
  "base-uri 'none'",
].join('; ');

export function webPreferencesFor(options: { preloadPath: string; devTools: boolean }): WebPreferences {
  return {
    preload: options.preloadPath,
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
    devTools: options.devTools,
  };
}

export function windowOptionsFor(options: { preloadPath: string; devTools: boolean; title: string; iconPath?: string }): BrowserWindowConstructorOptions {
  return {
    title: options.title,
    width: 1280,
    height: 820,
    minWidth: 760,
    minHeight: 480,
    // Shown on 'ready-to-show' so the window never flashes white.
    show: false,
    backgroundColor: '#ffffff',
    ...(options.iconPath ? { icon: options.iconPath } : {}),
    webPreferences: webPreferencesFor(options),
  };
}

/** Hosts whose https links may open in the user's browser. Everything else is dropped. */
export const EXTERNAL_HOST_ALLOW_LIST: readonly string[] = ['github.com', 'www.electronjs.org', 'spanbench.org', 'www.spanbench.org'];

export function isAllowedExternalUrl(rawUrl: string, allowList: readonly string[] = EXTERNAL_HOST_ALLOW_LIST): boolean {
  let url: URL;
  try {
    url = new URL(rawUrl);
  } catch {
    return false;
  }
  if (url.protocol !== 'https:') return false;
  // user:pass@ is a classic way to dress up a host; a port is never needed for our links.
  if (url.username || url.password || url.port) return false;
  return allowList.includes(url.hostname.toLowerCase());
}

export function isAppUrl(rawUrl: string): boolean {
  try {
    // Node's URL reports origin 'null' for non-special schemes, so compare the parts.
    const url = new URL(rawUrl);
    return url.protocol === APP_PROTOCOL && url.host === APP_HOST && !url.username && !url.password && !url.port;
  } catch {
    return false;
  }
}

/** The parts of WebFrameMain the sender check reads. */
export interface FrameLike {
  readonly url: string;
  readonly parent: FrameLike | null;
  readonly processId: number;
  readonly routingId: number;
}

/** The parts of IpcMainInvokeEvent the sender check reads. */
export interface IpcEventLike {
  readonly sender: { readonly id: number; readonly mainFrame: FrameLike };
  readonly senderFrame: FrameLike | null;
}

/**
 * True only for the main frame of one of our windows showing app://spanbench.
 * senderFrame is null when the frame navigated away or was destroyed before the call arrived.
 */
export function isTrustedSender(event: IpcEventLike, isOurWebContents: (webContentsId: number) => boolean): boolean {
  const frame = event.senderFrame;
  if (!frame) return false;
  if (!isOurWebContents(event.sender.id)) return false;
  if (frame.parent !== null) return false;
  const main = event.sender.mainFrame;
  if (frame !== main && (frame.processId !== main.processId || frame.routingId !== main.routingId)) return false;
  return isAppUrl(frame.url);
}

/** Every permission (camera, notifications, clipboard read, geolocation …) is refused. */
export function permissionDecision(_permission: string): boolean {
  return false;
}

/** The parts of WebContents that hardenWebContents touches; real WebContents satisfy it. */
export interface HardenableWebContents {
  on(event: 'will-navigate', listener: (event: { preventDefault(): void; url: string }, url: string) => void): unknown;
  on(event: 'will-redirect', listener: (event: { preventDefault(): void; url: string }, url: string) => void): unknown;
  on(event: 'will-attach-webview', listener: (event: { preventDefault(): void }) => void): unknown;
  setWindowOpenHandler(handler: (details: { url: string }) => { action: 'deny' } | { action: 'allow' }): void;
}

/**
 * Navigation, redirects, new windows and <webview> are all refused. An allow-listed https link
 * opens in the user's browser instead. Applied to every WebContents the app creates.
 */
export function hardenWebContents(
  contents: HardenableWebContents,
  deps: { openExternal: (url: string) => void; log?: (message: string) => void; allowList?: readonly string[] },
): void {
  const allowList = deps.allowList ?? EXTERNAL_HOST_ALLOW_LIST;
  const sendOut = (url: string, what: string): void => {
    if (isAllowedExternalUrl(url, allowList)) {
      deps.openExternal(url);
    } else {
      deps.log?.(`${what} refused: ${url}`);
    }
  };
  contents.on('will-navigate', (event, url) => {
    event.preventDefault();
    sendOut(url ?? event.url, 'navigation');
  });
  contents.on('will-redirect', (event, url) => {
    event.preventDefault();
    deps.log?.(`redirect refused: ${url ?? event.url}`);
  });
  contents.on('will-attach-webview', (event) => {
    event.preventDefault();
    deps.log?.('webview refused');
  });
  contents.setWindowOpenHandler(({ url }) => {
    sendOut(url, 'new window');
    return { action: 'deny' };
  });
}

/**
 * Defense in depth behind the CSP: the renderer never needs the network or the file system,
 * so any http(s), ws(s), ftp or file request from a window is cancelled.
 */
export function isBlockedRequestUrl(rawUrl: string): boolean {
  let protocol: string;
  try {
    protocol = new URL(rawUrl).protocol;
  } catch {
    return true;
  }
  return ['http:', 'https:', 'ws:', 'wss:', 'ftp:', 'file:'].includes(protocol);
}
