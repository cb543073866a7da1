import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { FIRST_SCREEN_ELEMENT_ID, TOKEN_REFUSED_MESSAGE, type FirstScreen } from '../contract/api';
import { composeFirstScreenPage, type FirstScreenPage, type FirstScreenRequest } from '../services/firstScreen';
import { rendererBuild, RENDERER_BUILD, rendererTemplate, tempDir } from '../tests/unit/helpers';
import { CONTENT_SECURITY_POLICY, resolveStaticPath, startServer, TOKEN_HEADER, type RunningServer } from './server';

/** A raw request, so tests can send the Host and Origin headers a browser would not let them forge. */
function request(port: number, options: { method?: string; path?: string; headers?: Record<string, string>; body?: string }): Promise<{ status: number; body: string; headers: http.IncomingHttpHeaders }> {
  return new Promise((resolve, reject) => {
    const req = http.request({ host: '127.0.0.1', port, method: options.method ?? 'GET', path: options.path ?? '/', headers: options.headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8'), headers: res.headers }));
    });
    req.on('error', reject);
    if (options.body) req.write(options.body);
    req.end();
  });
}

let running: RunningServer | null = null;
afterEach(async () => {
  await running?.close();
  running = null;
});

async function serve() {
  const dir = tempDir();
  fs.writeFileSync(path.join(dir, 'index.html'), '<!doctype html><title>Spanbench</title>');
  fs.writeFileSync(path.join(dir.replace(/[^/]+$/, ''), 'secret.txt'), 'outside');
  const calls: Array<[unknown, unknown]> = [];
  running = await startServer({
    staticDir: dir,
    maxBodyBytes: 1024,
    caller: {
      call: async (method, input) => {
        calls.push([method, input]);
        return method === 'listLabels' ? { ok: true, result: [] } : { ok: false, error: { code: 'unknown_method', message: 'nope' } };
      },
    },
  });
  const host = `127.0.0.1:${running.port}`;
  return { server: running, calls, host };
}

describe('browser-mode server', () => {
  it('listens on 127.0.0.1 only and prints a URL with the token', async () => {
    const { server } = await serve();
    expect(server.url).toMatch(new RegExp(`^http://127\\.0\\.0\\.1:${server.port}/\\?token=[A-Za-z0-9_-]{20,}$`));
  });

  it('refuses requests without the right token', async () => {
    const { server, host, calls } = await serve();
    expect((await request(server.port, { headers: { host } })).status).toBe(401);
    expect((await request(server.port, { path: '/?token=wrong', headers: { host } })).status).toBe(401);
    const api = await request(server.port, { method: 'POST', path: '/api/listLabels', headers: { host, 'content-type': 'application/json' }, body: '{}' });
    expect(api.status).toBe(401);
    expect(calls).toEqual([]);
  });

  it('answers an API call with a stale token (a page left open across a restart) in the wire error shape, saying what to do', async () => {
    const { server, host } = await serve();
    for (const path of ['/api/createSpan', '/upload?name=a.txt']) {
      const refused = await request(server.port, { method: 'POST', path, headers: { host, 'content-type': 'application/json', [TOKEN_HEADER]: 'from-the-last-start' }, body: '{}' });
      expect(refused.status).toBe(401);
      expect(refused.headers['content-type']).toMatch(/^application\/json/);
      expect(JSON.parse(refused.body)).toEqual({ ok: false, error: { code: 'forbidden', message: TOKEN_REFUSED_MESSAGE } });
    }
    expect(TOKEN_REFUSED_MESSAGE).toMatch(/restarted.*open the address `spanbench serve` printed/);
  });

  it('serves the page with the token and sets a cookie for the page’s own requests, with a CSP', async () => {
    const { server, host } = await serve();
    const page = await request(server.port, { path: `/?token=${server.token}`, headers: { host } });
    expect(page.status).toBe(200);
    expect(page.body).toContain('<title>Spanbench</title>');
    expect(page.headers['content-security-policy']).toContain("script-src 'self'");
    expect(page.headers['content-security-policy']).toContain("frame-ancestors 'none'");
    expect(page.headers['x-frame-options']).toBe('DENY');
    expect(page.headers['x-content-type-options']).toBe('nosniff');
    expect(page.headers['cross-origin-resource-policy']).toBe('same-origin');
    expect(page.headers['referrer-policy']).toBe('no-referrer');
    // Left out on purpose (SECURITY.md, "Browser mode"): it costs a second renderer on a tab's first load.
    expect(page.headers['cross-origin-opener-policy']).toBeUndefined();
    const cookie = String(page.headers['set-cookie']);
    expect(cookie).toContain('HttpOnly');
    expect(cookie).toContain('SameSite=Strict');
    const again = await request(server.port, { path: '/index.html', headers: { host, cookie: cookie.split(';')[0]! } });
    expect(again.status).toBe(200);
  });

  it('refuses a foreign Host header (DNS rebinding) and a foreign Origin (cross-site requests)', async () => {
    const { server, calls } = await serve();
    const rebinding = await request(server.port, { path: `/?token=${server.token}`, headers: { host: `evil.example:${server.port}` } });
    expect(rebinding.status).toBe(421);
    const crossSite = await request(server.port, {
      method: 'POST',
      path: '/api/listLabels',
      headers: { host: `127.0.0.1:${server.port}`, origin: 'https://evil.example', 'content-type': 'application/json', [TOKEN_HEADER]: server.token },
      body: '{}',
    });
    expect(crossSite.status).toBe(403);
    expect(calls).toEqual([]);
  });

  it('forwards API calls with the token header and returns wire responses', async () => {
    const { server, calls, host } = await serve();
    const headers = { host, origin: `http://${host}`, 'content-type': 'application/json', [TOKEN_HEADER]: server.token };
    const ok = await request(server.port, { method: 'POST', path: '/api/listLabels', headers, body: '{}' });
    expect(ok.status).toBe(200);
    expect(JSON.parse(ok.body)).toEqual({ ok: true, result: [] });
    const unknown = await request(server.port, { method: 'POST', path: '/api/dropTables', headers, body: '{}' });
    expect(unknown.status).toBe(404);
    const notJson = await request(server.port, { method: 'POST', path: '/api/listLabels', headers, body: '{nope' });
    expect(notJson.status).toBe(400);
    const tooBig = await request(server.port, { method: 'POST', path: '/api/listLabels', headers, body: JSON.stringify({ x: 'y'.repeat(2000) }) });
    expect(tooBig.status).toBe(413);
    const wrongType = await request(server.port, { method: 'POST', path: '/api/listLabels', headers: { ...headers, 'content-type': 'text/plain' }, body: '{}' });
    expect(wrongType.status).toBe(415);
    expect(calls).toEqual([['listLabels', {}], ['dropTables', {}]]);
  });

  it('never serves files outside the renderer folder', async () => {
    const { server, host } = await serve();
    for (const p of ['/../secret.txt', '/%2e%2e/secret.txt', '/%2E%2E%2Fsecret.txt', '/..%5csecret.txt', '/%00index.html']) {
      const res = await request(server.port, { path: `${p}?token=${server.token}`, headers: { host } });
      expect(res.status, p).toBe(404);
      expect(res.body).not.toContain('outside');
    }
  });
});

describe('uploads', () => {
  it('streams an upload to disk, stages it, and refuses unsafe names and missing tokens', async () => {
    const dir = tempDir();
    fs.writeFileSync(path.join(dir, 'index.html'), 'x');
    const staged: string[] = [];
    const server = await startServer({
      staticDir: dir,
      uploadDir: tempDir(),
      caller: { call: async () => ({ ok: true, result: null }), stageFiles: (paths) => (staged.push(...paths), paths.map((_, i) => `staged-id-${i}`)) },
    });
    running = server;
    const host = `127.0.0.1:${server.port}`;
    const headers = { host, 'content-type': 'application/octet-stream', [TOKEN_HEADER]: server.token };
    const ok = await request(server.port, { method: 'POST', path: '/upload?name=feeds%2Fa%20b.jsonl', headers, body: '{"text":"x"}' });
    expect(ok.status).toBe(200);
    expect(JSON.parse(ok.body).result).toMatchObject({ sourceId: 'staged-id-0', size: 12 });
    expect(staged[0]).toMatch(/feeds[\/\\]a b\.jsonl$/);
    expect(fs.readFileSync(staged[0]!, 'utf8')).toBe('{"text":"x"}');
    // The files of one import share a folder, relative names kept: a brat .txt meets its .ann.
    await request(server.port, { method: 'POST', path: '/upload?name=news%2Fa.txt&batch=batch-0001', headers, body: 'Borisov' });
    await request(server.port, { method: 'POST', path: '/upload?name=news%2Fa.ann&batch=batch-0001', headers, body: 'T1\tPerson 0 7\tBorisov\n' });
    expect(path.dirname(staged[1]!)).toBe(path.dirname(staged[2]!));
    expect((await request(server.port, { method: 'POST', path: '/upload?name=a.txt&batch=..%2F..', headers, body: 'x' })).status).toBe(400);
    for (const name of ['..%2F..%2Fetc%2Fpasswd', '', '%00x']) {
      expect((await request(server.port, { method: 'POST', path: `/upload?name=${name}`, headers, body: 'x' })).status, name).toBe(400);
    }
    const { [TOKEN_HEADER]: _token, ...noToken } = headers;
    expect((await request(server.port, { method: 'POST', path: '/upload?name=a.txt', headers: noToken, body: 'x' })).status).toBe(401);
  });
});

describe('the first screen drawn on the server', () => {
  const META_CSP = CONTENT_SECURITY_POLICY.replace("; frame-ancestors 'none'", '');
  const PLAIN_INDEX = rendererTemplate(META_CSP, 'Plain Spanbench');
  const { css: CSS, loader: LOADER, entry: ENTRY } = RENDERER_BUILD;
  const DRAWN: FirstScreenPage = { html: '<p>drawn</p>', csp: "default-src 'self'; style-src-attr 'unsafe-hashes' 'sha256-x'" };
  const IMMUTABLE = 'private, max-age=31536000, immutable';

  async function serveDrawn(renderFirstScreen: (request: FirstScreenRequest) => Promise<FirstScreenPage>) {
    const dir = rendererBuild(META_CSP, 'Plain Spanbench');
    fs.writeFileSync(path.join(dir, 'assets', 'plain.js'), 'export const plain = 1;');
    fs.writeFileSync(path.join(dir, 'notes.txt'), 'not hashed');
    const requests: FirstScreenRequest[] = [];
    running = await startServer({
      staticDir: dir,
      caller: {
        call: async () => ({ ok: true, result: null }),
        renderFirstScreen: (request) => {
          requests.push(request);
          return renderFirstScreen(request);
        },
      },
    });
    // The page of the address printed at start (it names no document) is drawn at once, unasked.
    await vi.waitFor(() => expect(requests).toHaveLength(1));
    const drawnAtStart = requests.splice(0);
    return { server: running, host: `127.0.0.1:${running.port}`, requests, drawnAtStart };
  }

  it('serves the drawn page under its own policy, for the document the address names', async () => {
    const { server, host, requests, drawnAtStart } = await serveDrawn(async () => DRAWN);
    expect(drawnAtStart).toEqual([{ documentId: null, template: PLAIN_INDEX, styles: { './assets/style-AbCd1234.css': CSS }, loader: LOADER, baseCsp: CONTENT_SECURITY_POLICY }]);
    const page = await request(server.port, { path: `/?token=${server.token}&doc=7`, headers: { host } });
    expect(page.status).toBe(200);
    expect(page.body).toBe('<p>drawn</p>');
    expect(page.headers['content-security-policy']).toBe(DRAWN.csp);
    expect(page.headers['content-type']).toBe('text/html; charset=utf-8');
    // The page is drawn from the project's current state: never kept.
    expect(page.headers['cache-control']).toBe('no-store');
    expect(String(page.headers['set-cookie'])).toContain('HttpOnly');
    expect(requests).toHaveLength(1);
    expect(requests[0]).toEqual({ documentId: 7, template: PLAIN_INDEX, styles: { './assets/style-AbCd1234.css': CSS }, loader: LOADER, baseCsp: CONTENT_SECURITY_POLICY });

    for (const [query, documentId] of [['&doc=abc', null], ['', null], ['&doc=0', null], ['&doc=-3', null], ['&doc=12', 12]] as const) {
      const res = await request(server.port, { path: `/index.html?token=${server.token}${query}`, headers: { host } });
      expect(res.body, query).toBe('<p>drawn</p>');
      expect(requests.at(-1)?.documentId, query).toBe(documentId);
    }
    expect(requests).toHaveLength(6);
  });

  it('serves index.html as built, under the standard policy, when the page cannot be drawn', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    try {
      const { server, host, requests } = await serveDrawn(() => Promise.reject(new Error('renderer exploded')));
      for (let i = 0; i < 2; i++) {
        const page = await request(server.port, { path: `/?token=${server.token}&doc=7`, headers: { host } });
        expect(page.status).toBe(200);
        expect(page.body).toBe(PLAIN_INDEX);
        expect(page.headers['content-security-policy']).toBe(CONTENT_SECURITY_POLICY);
        expect(page.headers['cache-control']).toBe('no-store');
      }
      expect(requests).toHaveLength(2);
      // Said once, not on every request.
      expect(warn).toHaveBeenCalledTimes(1);
      expect(String(warn.mock.calls[0]?.[0])).toContain('renderer exploded');
    } finally {
      warn.mockRestore();
    }
  });

  it('lets the browser keep hashed assets, and only those', async () => {
    const { server, host, requests } = await serveDrawn(async () => DRAWN);
    const hashed = await request(server.port, { path: `/assets/main-AbCd1234.js?token=${server.token}`, headers: { host } });
    expect(hashed.status).toBe(200);
    expect(hashed.body).toBe(ENTRY);
    expect(hashed.headers['cache-control']).toBe(IMMUTABLE);
    const css = await request(server.port, { path: `/assets/style-AbCd1234.css?token=${server.token}`, headers: { host } });
    expect(css.headers['cache-control']).toBe(IMMUTABLE);
    expect(css.headers['content-security-policy']).toBe(CONTENT_SECURITY_POLICY);
    for (const file of ['/assets/plain.js', '/notes.txt']) {
      const res = await request(server.port, { path: `${file}?token=${server.token}`, headers: { host } });
      expect(res.status, file).toBe(200);
      expect(res.headers['cache-control'], file).toBe('no-store');
    }
    // Assets are never drawn.
    expect(requests).toEqual([]);
  });

  it('still asks for the token before drawing anything', async () => {
    const { server, host, requests } = await serveDrawn(async () => DRAWN);
    for (const p of ['/', '/?doc=7', '/index.html', '/?token=wrong&doc=7']) {
      const res = await request(server.port, { path: p, headers: { host } });
      expect(res.status, p).toBe(401);
      expect(res.body).not.toContain('drawn');
    }
    expect(requests).toEqual([]);
  });

  it('serves a page composed from the built index.html with matching header and <meta> policies', async () => {
    // The data only passes through the composer (serialised into the page); its shape does not matter here.
    const data = { marker: 'first-screen-data' } as unknown as FirstScreen;
    const { server, host } = await serveDrawn(async (req) => composeFirstScreenPage(req, { body: '<p style="color: red">drawn for real</p>', head: '' }, data));
    const page = await request(server.port, { path: `/?token=${server.token}`, headers: { host } });
    expect(page.status).toBe(200);
    expect(page.body).toContain('<div id="app"><p style="color: red">drawn for real</p></div>');
    expect(page.body).toContain(`<script type="application/json" id="${FIRST_SCREEN_ELEMENT_ID}">{"marker":"first-screen-data"}</script>`);
    expect(page.body).toContain(`<style>${CSS}</style>`);
    expect(page.body).toContain(`<script data-boot="./assets/main-AbCd1234.js">${LOADER}</script>`);
    const csp = String(page.headers['content-security-policy']);
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).toMatch(/script-src 'self' 'sha256-[A-Za-z0-9+/]+=*'/);
    expect(csp).toMatch(/style-src 'self' 'sha256-[A-Za-z0-9+/]+=*'/);
    expect(csp).toMatch(/; style-src-attr 'unsafe-hashes' 'sha256-[A-Za-z0-9+/]+=*'$/);
    const meta = /http-equiv="Content-Security-Policy" content="([^"]*)"/.exec(page.body)?.[1];
    expect(meta).toBe(csp.replace("; frame-ancestors 'none'", ''));
  });
});

describe('resolveStaticPath', () => {
  it('maps / to index.html and refuses traversal, absolute and encoded paths', () => {
    expect(resolveStaticPath('/srv/app', '/')).toBe('/srv/app/index.html');
    expect(resolveStaticPath('/srv/app', '/assets/x.js')).toBe('/srv/app/assets/x.js');
    expect(resolveStaticPath('/srv/app', '/../etc/passwd')).toBeNull();
    expect(resolveStaticPath('/srv/app', '/%2e%2e/etc/passwd')).toBeNull();
    expect(resolveStaticPath('/srv/app', '//etc/passwd')).toBe('/srv/app/etc/passwd');
    expect(resolveStaticPath('/srv/app', '/a\\..\\..\\b')).toBeNull();
    expect(resolveStaticPath('/srv/app', '/%E0%A4%A')).toBeNull();
  });
});
