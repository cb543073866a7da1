import path from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { APP_ENTRY_URL, appSchemePrivileges, contentTypeFor, createAppProtocolHandler, resolveAppPath, resolveAppPathname } from './appProtocol';
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
