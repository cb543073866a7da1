import fs from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { FirstScreenPage } from '../services/firstScreen';
import { rendererBuild, RENDERER_BUILD, rendererTemplate, tempDir } from '../tests/unit/helpers';
import { APP_ENTRY_URL, appSchemePrivileges, contentTypeFor, createAppProtocolHandler, resolveAppPath, resolveAppPathname, WINDOW_PARAM, type PageAssets } from './appProtocol';
import { CONTENT_SECURITY_POLICY } from './security';

const root = path.resolve('/srv/spanbench/dist/renderer');
const inside = (filePath: string) => filePath.startsWith(root + path.sep);

describe('resolveAppPath', () => {
  it('maps the entry and assets into the renderer folder', () => {
    expect(resolveAppPath(root, APP_ENTRY_URL)).toEqual({ ok: true, filePath: path.join(root, 'index.html') });
    expect(resolveAppPath(root, 'app://spanbench/')).toEqual({ ok: true, filePath: path.join(root, 'index.html') });
    expect(resolveAppPath(root, 'app://spanbench/assets/index-abc.js?v=1#x')).toEqual({ ok: true, filePath: path.join(root, 'assets', 'index-abc.js') });
    expect(resolveAppPath(root, 'app://spanbench/fonts/Noto%20Sans.woff2')).toEqual({ ok: true, filePath: path.join(root, 'fonts', 'Noto Sans.woff2') });
  });

  it.each([
    '/../../etc/passwd',
    '/assets/../../../etc/passwd',
    '/%2e%2e/%2e%2e/etc/passwd',
    '/%2E%2E/secret',
    '/.%2e/secret',
    '/./index.html',
    '/assets/%2e%2e%2fsecret',
    '/..%2f..%2fetc%2fpasswd',
    '/..%5c..%5cwindows%5cwin.ini',
    '/assets\\..\\..\\secret',
    '//etc/passwd',
    '/%2fetc%2fpasswd',
    '/C:/Windows/win.ini',
    '/c%3a/windows',
    '/index.html%00.png',
    '/.env',
    '/%E0%A4%A',
    'etc/passwd',
  ])('refuses the raw pathname %s', (pathname) => {
    const result = resolveAppPathname(root, pathname);
    expect(result.ok).toBe(false);
  });

  it.each([
    'app://spanbench/../../etc/passwd',
    'app://spanbench/assets/../../../etc/passwd',
    'app://spanbench/%2e%2e/%2e%2e/etc/passwd',
    'app://spanbench/.%2e/secret',
    'app://spanbench/..%2f..%2fetc%2fpasswd',
    'app://spanbench/..%5c..%5cwindows%5cwin.ini',
    'app://spanbench/assets\\..\\..\\secret',
    'app://spanbench//etc/passwd',
    'app://spanbench/C:/Windows/win.ini',
    'app://spanbench/index.html%00.png',
  ])('keeps %s inside the renderer folder', (url) => {
    // The URL parser collapses dot segments before we see them (app://spanbench/../x is
    // app://spanbench/x); what matters is that nothing resolves outside the folder.
    const result = resolveAppPath(root, url);
    if (result.ok) expect(inside(result.filePath)).toBe(true);
    else expect([400, 403, 404]).toContain(result.status);
  });

  it('refuses other schemes and hosts', () => {
    expect(resolveAppPath(root, 'file:///etc/passwd').ok).toBe(false);
    expect(resolveAppPath(root, 'https://spanbench/index.html').ok).toBe(false);
    expect(resolveAppPath(root, 'app://evil/index.html').ok).toBe(false);
    expect(resolveAppPath(root, 'app://user:pw@spanbench/index.html').ok).toBe(false);
    expect(resolveAppPath(root, 'app://spanbench:8080/index.html').ok).toBe(false);
    expect(resolveAppPath(root, 'not a url').ok).toBe(false);
  });

  it('never resolves outside the renderer folder, whatever the path', () => {
    const segment = fc.oneof(
      fc.constantFrom('..', '.', '%2e%2e', '%2E.', '.%2e', '%2f', '%5c', '\\', '', 'a', 'assets', 'index.html', 'C:', '%00', '%', '~', '//'),
      fc.string({ maxLength: 6 }),
    );
    fc.assert(
      fc.property(fc.array(segment, { maxLength: 8 }), (segments) => {
        const joined = segments.join('/');
        const viaUrl = resolveAppPath(root, `app://spanbench/${joined}`);
        const raw = resolveAppPathname(root, `/${joined}`);
        return (!viaUrl.ok || inside(viaUrl.filePath)) && (!raw.ok || inside(raw.filePath));
      }),
      { numRuns: 3000 },
    );
  });
});

describe('app:// handler', () => {
  const files = new Map([[path.join(root, 'index.html'), '<!doctype html><title>x</title>']]);
  const handler = createAppProtocolHandler({
    rootDir: root,
    readFile: async (filePath) => {
      const text = files.get(filePath);
      if (text === undefined) throw Object.assign(new Error('ENOENT'), { code: 'ENOENT' });
      return new TextEncoder().encode(text);
    },
  });

  it('serves files with the CSP header and a content type', async () => {
    const response = await handler(new Request(APP_ENTRY_URL));
    expect(response.status).toBe(200);
    expect(response.headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY);
    expect(response.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    expect(await response.text()).toContain('<title>x</title>');
  });

  it('refuses traversal, missing files and writes, still with the CSP header', async () => {
    const traversal = await handler(new Request('app://spanbench/%2e%2e/%2e%2e/etc/passwd'));
    expect(traversal.status).toBeGreaterThanOrEqual(400);
    expect(traversal.headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY);
    expect((await handler(new Request('app://spanbench/missing.js'))).status).toBe(404);
    expect((await handler(new Request(APP_ENTRY_URL, { method: 'POST', body: 'x' }))).status).toBe(405);
  });

  it('guesses content types for the bundle', () => {
    expect(contentTypeFor('a/b.js')).toBe('text/javascript; charset=utf-8');
    expect(contentTypeFor('a/b.CSS')).toBe('text/css; charset=utf-8');
    expect(contentTypeFor('a/b.woff2')).toBe('font/woff2');
    expect(contentTypeFor('a/b.unknown')).toBe('application/octet-stream');
  });

  it('registers app:// as a standard, secure scheme that does not bypass CSP', () => {
    expect(appSchemePrivileges.scheme).toBe('app');
    expect(appSchemePrivileges.privileges).toMatchObject({ standard: true, secure: true, bypassCSP: false, allowServiceWorkers: false, corsEnabled: false });
  });
});

describe('app:// handler drawing the first screen', () => {
  const { css: CSS, loader: LOADER, entry: ENTRY } = RENDERER_BUILD;
  const DRAWN: FirstScreenPage = { html: '<p>drawn</p>', csp: "default-src 'none'; style-src-attr 'unsafe-hashes' 'sha256-x'" };
  const META_CSP = "default-src 'none'; style-src 'self'";
  const INDEX = rendererTemplate(META_CSP);

  function drawing(draw: (url: URL, assets: PageAssets) => Promise<FirstScreenPage | null>) {
    const rootDir = rendererBuild(META_CSP);
    const calls: Array<{ url: URL; assets: PageAssets }> = [];
    const logs: string[] = [];
    const handler = createAppProtocolHandler({
      rootDir,
      log: (message) => logs.push(message),
      renderFirstScreen: (url, assets) => {
        calls.push({ url, assets });
        return draw(url, assets);
      },
    });
    return { handler, calls, logs };
  }

  it('serves the drawn page with its own policy, telling the drawer the window, the document and the assets', async () => {
    const { handler, calls } = drawing(async () => DRAWN);
    const response = await handler(new Request(`app://spanbench/index.html?${WINDOW_PARAM}=3&doc=2`));
    expect(response.status).toBe(200);
    expect(await response.text()).toBe('<p>drawn</p>');
    expect(response.headers.get('content-security-policy')).toBe(DRAWN.csp);
    expect(response.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    expect(calls).toHaveLength(1);
    expect(calls[0]!.url.searchParams.get('window')).toBe('3');
    expect(calls[0]!.url.searchParams.get('doc')).toBe('2');
    expect(calls[0]!.url.pathname).toBe('/index.html');
    expect(calls[0]!.assets).toEqual({ template: INDEX, styles: { './assets/style-AbCd1234.css': CSS }, loader: LOADER });

    // The bare origin is the same page.
    const root = await handler(new Request('app://spanbench/?window=4'));
    expect(await root.text()).toBe('<p>drawn</p>');
    expect(calls).toHaveLength(2);
    expect(calls[1]!.url.searchParams.get('window')).toBe('4');
  });

  it('answers HEAD with the drawn page’s headers and no body', async () => {
    const { handler } = drawing(async () => DRAWN);
    const response = await handler(new Request(`${APP_ENTRY_URL}?window=3`, { method: 'HEAD' }));
    expect(response.status).toBe(200);
    expect(response.headers.get('content-security-policy')).toBe(DRAWN.csp);
    expect(await response.text()).toBe('');
  });

  it.each([
    ['rejects', () => Promise.reject(new Error('worker gone'))],
    ['has no page for the window', () => Promise.resolve(null)],
  ] as const)('serves index.html as built, under the standard policy, when the drawer %s', async (why, draw) => {
    const { handler, calls, logs } = drawing(draw);
    const response = await handler(new Request(`${APP_ENTRY_URL}?window=3&doc=2`));
    expect(response.status).toBe(200);
    expect(await response.text()).toBe(INDEX);
    expect(response.headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY);
    expect(calls).toHaveLength(1);
    if (why === 'rejects') expect(logs.some((line) => line.includes('worker gone'))).toBe(true);
  });

  it('never draws for other files', async () => {
    const { handler, calls } = drawing(async () => DRAWN);
    const asset = await handler(new Request('app://spanbench/assets/main-AbCd1234.js?window=3&doc=2'));
    expect(asset.status).toBe(200);
    expect(await asset.text()).toBe(ENTRY);
    expect(asset.headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY);
    expect((await handler(new Request('app://spanbench/assets/style-AbCd1234.css'))).headers.get('content-type')).toBe('text/css; charset=utf-8');
    expect((await handler(new Request('app://spanbench/missing/index.html'))).status).toBe(404);
    expect((await handler(new Request('app://spanbench/%2e%2e/%2e%2e/etc/passwd'))).status).toBeGreaterThanOrEqual(400);
    expect((await handler(new Request(APP_ENTRY_URL, { method: 'POST', body: 'x' }))).status).toBe(405);
    expect(calls).toEqual([]);
  });
});
