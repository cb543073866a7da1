/**
 * The privileged app:// scheme that serves the renderer bundle (dist/renderer).
 *
 * Pure parts only (no electron import), so traversal handling is unit-tested in Node.
 * main.ts registers the scheme and passes createAppProtocolHandler() to protocol.handle.
 */
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { firstScreenDrawer, type FirstScreenPage, type PageAssets } from '../services/firstScreen';
import { CONTENT_SECURITY_POLICY } from './security';

export const APP_SCHEME = 'app';
export const APP_HOST = 'spanbench';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;
export const APP_ENTRY_URL = `${APP_ORIGIN}/index.html`;
/** The query parameter naming the window a page is for (its webContents id), so its project draws it. */
export const WINDOW_PARAM = 'window';

/** What protocol.registerSchemesAsPrivileged receives (before app 'ready'). */
export const appSchemePrivileges = {
  scheme: APP_SCHEME,
  privileges: {
    // standard: origin, relative URLs and localStorage behave as on https.
    standard: true,
    // secure: counts as a secure context (crypto.subtle, no mixed-content downgrade).
    secure: true,
    supportFetchAPI: true,
    corsEnabled: false,
    bypassCSP: false,
    allowServiceWorkers: false,
    stream: false,
    codeCache: true,
  },
} as const;

export type AppPathResolution = { ok: true; filePath: string } | { ok: false; status: 400 | 403 | 404; reason: string };

/**
 * Maps an app:// request URL to a file inside rootDir, or says why not.
 * Ensure the file is within the renderer build directory: prevents directory traversal
 * (`..`, `%2e%2e`, `%2f`, backslashes, drive letters, NUL) even if the URL parser let one through.
 */
export function resolveAppPath(rootDir: string, requestUrl: string): AppPathResolution {
  let url: URL;
  try {
    url = new URL(requestUrl);
  } catch {
    return { ok: false, status: 400, reason: 'not a URL' };
  }
  if (url.protocol !== `${APP_SCHEME}:`) return { ok: false, status: 400, reason: 'not an app: URL' };
  if (url.host !== APP_HOST) return { ok: false, status: 403, reason: `unknown host ${url.host}` };
  if (url.username || url.password || url.port) return { ok: false, status: 403, reason: 'credentials or port in URL' };

  return resolveAppPathname(rootDir, url.pathname);
}

/**
 * The path half of resolveAppPath, for a pathname as it appears in the URL (still percent-encoded).
 * URL parsers collapse literal `..` before we see it, but `%2e%2e`, `%2f` and `\\` may survive
 * some parsers, and the check must not depend on which parser ran first.
 */
export function resolveAppPathname(rootDir: string, rawPath: string): AppPathResolution {
  // Backslashes are separators on Windows; %5c decodes to one. Refuse both before decoding.
  if (rawPath.includes('\\') || /%5c/i.test(rawPath)) return { ok: false, status: 403, reason: 'backslash in path' };
  // An encoded slash would let a segment hide a separator from the checks below.
  if (/%2f/i.test(rawPath)) return { ok: false, status: 403, reason: 'encoded slash in path' };

  let decoded: string;
  try {
    decoded = decodeURIComponent(rawPath);
  } catch {
    return { ok: false, status: 400, reason: 'malformed percent-encoding' };
  }
  if (decoded.includes('\0')) return { ok: false, status: 400, reason: 'NUL in path' };
  if (!decoded.startsWith('/')) return { ok: false, status: 400, reason: 'relative path' };
  if (decoded.startsWith('//')) return { ok: false, status: 403, reason: 'absolute path' };

  const segments = decoded.slice(1).split('/');
  for (const segment of segments) {
    if (segment === '..' || segment === '.') return { ok: false, status: 403, reason: 'dot segment in path' };
    if (/^[a-zA-Z]:/.test(segment)) return { ok: false, status: 403, reason: 'drive letter in path' };
    // Hidden files (.env, .DS_Store) are never part of the bundle.
    if (segment.startsWith('.')) return { ok: false, status: 404, reason: 'hidden file' };
  }

  const relative = decoded === '/' || decoded.endsWith('/') ? `${decoded}index.html` : decoded;
  const root = path.resolve(rootDir);
  const filePath = path.resolve(root, `.${relative}`);
  if (filePath !== root && !filePath.startsWith(root + path.sep)) {
    return { ok: false, status: 403, reason: 'outside the renderer folder' };
  }
  if (filePath === root) return { ok: false, status: 404, reason: 'folder' };
  return { ok: true, filePath };
}

const contentTypes: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
  '.txt': 'text/plain; charset=utf-8',
  '.wasm': 'application/wasm',
};

export function contentTypeFor(filePath: string): string {
  return contentTypes[path.extname(filePath).toLowerCase()] ?? 'application/octet-stream';
}

/**
 * Headers on every app:// response, errors included. No Cross-Origin-Opener-Policy: there is no
 * opener tie for it to cut (security.ts refuses new windows, and nothing else can open ours), and on
 * the window's first load it would make Chromium swap browsing context groups, launching a second
 * renderer process to draw the first screen (see SECURITY.md).
 */
export function securityHeaders(): Record<string, string> {
  return {
    'Content-Security-Policy': CONTENT_SECURITY_POLICY,
    'X-Content-Type-Options': 'nosniff',
    'Cross-Origin-Resource-Policy': 'same-origin',
    'Referrer-Policy': 'no-referrer',
    'Cache-Control': 'no-cache',
  };
}

export interface AppProtocolOptions {
  rootDir: string;
  readFile?: (filePath: string) => Promise<Uint8Array>;
  log?: (message: string) => void;
  /**
   * index.html with the first screen drawn in (services/firstScreen.ts), for the window that asked
   * (its address says ?window=…&doc=…). Without it, or when it fails, index.html is served as built.
   */
  renderFirstScreen?: (url: URL, assets: PageAssets) => Promise<FirstScreenPage | null>;
}

export type { PageAssets };

/** The handler for protocol.handle(APP_SCHEME, …). Uses the global Request/Response (Node 20 has them). */
export function createAppProtocolHandler(options: AppProtocolOptions): (request: Request) => Promise<Response> {
  const readFile = options.readFile ?? ((filePath: string) => fs.readFile(filePath));
  const indexFile = path.resolve(options.rootDir, 'index.html');
  const render = options.renderFirstScreen;
  const drawFirstScreen = render
    ? firstScreenDrawer(options.rootDir, (url: string, assets) => render(new URL(url), assets), (error) =>
        options.log?.(`the first screen could not be drawn (${error.message}); serving the plain page`),
      )
    : async () => null;
  return async (request) => {
    const headers = securityHeaders();
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      return new Response('Method not allowed', { status: 405, headers: { ...headers, 'Content-Type': 'text/plain; charset=utf-8' } });
    }
    const resolution = resolveAppPath(options.rootDir, request.url);
    if (!resolution.ok) {
      options.log?.(`app:// refused ${request.url}: ${resolution.reason}`);
      return new Response(resolution.status === 404 ? 'Not found' : 'Refused', {
        status: resolution.status,
        headers: { ...headers, 'Content-Type': 'text/plain; charset=utf-8' },
      });
    }
    if (resolution.filePath === indexFile) {
      const page = await drawFirstScreen(request.url);
      if (page) {
        return new Response(request.method === 'HEAD' ? null : page.html, {
          status: 200,
          headers: { ...headers, 'Content-Security-Policy': page.csp, 'Content-Type': contentTypeFor(indexFile) },
        });
      }
    }
    let body: Uint8Array;
    try {
      body = await readFile(resolution.filePath);
    } catch {
      return new Response('Not found', { status: 404, headers: { ...headers, 'Content-Type': 'text/plain; charset=utf-8' } });
    }
    return new Response(request.method === 'HEAD' ? null : body, {
      status: 200,
      headers: { ...headers, 'Content-Type': contentTypeFor(resolution.filePath) },
    });
  };
}
