/**
 * Browser mode: the same renderer, served on loopback, talking to the same services
 * through POST /api/<method>. Every request must carry the token printed at start.
 */
import { randomBytes, timingSafeEqual } from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { parseDocumentParam, TOKEN_REFUSED_MESSAGE, type JobState, type WireResponse } from '../contract/api';
import { firstScreenDrawer, type FirstScreenPage, type FirstScreenRequest } from '../services/firstScreen';
import { writeTar } from './tar';

export interface ApiCaller {
  call(method: unknown, rawInput: unknown): Promise<WireResponse<unknown>>;
  /** The response as JSON text, when the caller has it that way (saves a parse and a stringify). */
  callJson?(method: unknown, rawInput: unknown): Promise<string>;
  /** Registers uploaded files for import; returns the ids the page may name. */
  stageFiles?(paths: readonly string[]): string[];
  /** index.html with the first screen drawn in; without it (or when it fails) index.html is served as built. */
  renderFirstScreen?(request: FirstScreenRequest): Promise<FirstScreenPage>;
}

export interface ServerOptions {
  caller: ApiCaller;
  /** The built renderer (dist/renderer). */
  staticDir: string;
  port?: number;
  token?: string;
  /** Largest API request body accepted, in bytes. */
  maxBodyBytes?: number;
  /** Largest uploaded file accepted, in bytes. */
  maxUploadBytes?: number;
  /** Where uploads are kept until imported (default: a new temporary folder). */
  uploadDir?: string;
}

export interface RunningServer {
  url: string;
  port: number;
  token: string;
  close(): Promise<void>;
}

export const TOKEN_HEADER = 'x-spanbench-token';

const TOKEN_COOKIE = 'spanbench_token';
const LOOPBACK = '127.0.0.1';

export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "font-src 'self'",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.txt': 'text/plain; charset=utf-8',
};

function sameSecret(given: string | undefined, expected: string): boolean {
  if (!given) return false;
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

function cookieValue(header: string | undefined, name: string): string | undefined {
  if (!header) return undefined;
  for (const part of header.split(';')) {
    const [key, ...rest] = part.trim().split('=');
    if (key === name) return rest.join('=');
  }
  return undefined;
}

/**
 * Resolves a URL path inside `root`, or null when it would leave it.
 * Ensures the file is within the renderer build - prevents directory traversal.
 */
export function resolveStaticPath(root: string, urlPath: string): string | null {
  let decoded: string;
  try {
    decoded = decodeURIComponent(urlPath);
  } catch {
    return null;
  }
  if (decoded.includes('\0') || decoded.includes('\\')) return null;
  const relative = decoded === '/' || decoded === '' ? 'index.html' : decoded.replace(/^\/+/, '');
  const resolved = path.resolve(root, relative);
  const rootWithSep = path.resolve(root) + path.sep;
  return resolved.startsWith(rootWithSep) ? resolved : null;
}

export function startServer(options: ServerOptions): Promise<RunningServer> {
  const token = options.token ?? randomBytes(24).toString('base64url');
  const maxBody = options.maxBodyBytes ?? 64 * 1024 * 1024;
  let allowedHosts = new Set<string>();

  // No Cross-Origin-Opener-Policy: see SECURITY.md ("Browser mode"). It would guard an opener
  // relationship these pages never have, and on the first load in a tab it makes the browser swap
  // browsing context groups, launching a second renderer process for the page (30 to 60 ms of a cold start).
  const send = (res: http.ServerResponse, status: number, body: string | Buffer, type = 'text/plain; charset=utf-8', extra: Record<string, string> = {}) => {
    res.writeHead(status, {
      'content-type': type,
      'content-length': Buffer.byteLength(body),
      'x-content-type-options': 'nosniff',
      'referrer-policy': 'no-referrer',
      'cross-origin-resource-policy': 'same-origin',
      'x-frame-options': 'DENY',
      'cache-control': 'no-store',
      ...extra,
    });
    res.end(body);
  };

  const sendJson = (res: http.ServerResponse, status: number, body: unknown) => send(res, status, JSON.stringify(body), 'application/json; charset=utf-8');

  const server = http.createServer((req, res) => {
    void handle(req, res).catch((error: unknown) => {
      if (!res.headersSent) sendJson(res, 500, { ok: false, error: { code: 'internal', message: (error as Error).message } });
      else res.destroy();
    });
  });

  async function handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    // DNS rebinding: a page on evil.example resolving to 127.0.0.1 sends its own Host.
    if (!req.headers.host || !allowedHosts.has(req.headers.host.toLowerCase())) {
      return send(res, 421, 'Refused: unexpected Host header.');
    }
    const origin = req.headers.origin;
    if (origin !== undefined && !allowedHosts.has(origin.replace(/^http:\/\//, '').toLowerCase())) {
      return send(res, 403, 'Refused: cross-origin request.');
    }
    const url = new URL(req.url ?? '/', `http://${req.headers.host}`);
    const queryToken = url.searchParams.get('token') ?? undefined;
    const given = (req.headers[TOKEN_HEADER] as string | undefined) ?? queryToken ?? cookieValue(req.headers.cookie, TOKEN_COOKIE);
    if (!sameSecret(given, token)) {
      // The page's calls read every answer as a wire response: a page left open across a restart
      // (a new token) must be told what to do, not that the answer had no readable body.
      if (url.pathname.startsWith('/api/') || url.pathname === '/upload') {
        return sendJson(res, 401, { ok: false, error: { code: 'forbidden', message: TOKEN_REFUSED_MESSAGE } });
      }
      return send(res, 401, 'Spanbench browser mode: this address needs the access token printed when the server started (open the full URL with ?token=…).');
    }

    if (url.pathname === '/upload') return handleUpload(req, res, url);
    if (url.pathname === '/download') return handleDownload(req, res, url);

    if (url.pathname.startsWith('/api/')) {
      if (req.method !== 'POST') return sendJson(res, 405, { ok: false, error: { code: 'invalid_input', message: 'API calls are POST requests.' } });
      const contentType = req.headers['content-type'] ?? '';
      if (!contentType.startsWith('application/json')) {
        return sendJson(res, 415, { ok: false, error: { code: 'invalid_input', message: 'API calls send application/json.' } });
      }
      const body = await readBody(req, maxBody);
      if (body === null) return sendJson(res, 413, { ok: false, error: { code: 'invalid_input', message: `Request larger than ${maxBody} bytes.` } });
      let input: unknown;
      try {
        input = body.length === 0 ? {} : JSON.parse(body.toString('utf8'));
      } catch {
        return sendJson(res, 400, { ok: false, error: { code: 'invalid_input', message: 'The request body is not valid JSON.' } });
      }
      const method = url.pathname.slice('/api/'.length);
      const json = options.caller.callJson ? await options.caller.callJson(method, input) : JSON.stringify(await options.caller.call(method, input));
      const status = json.startsWith('{"ok":true') ? 200 : statusFor(json);
      return send(res, status, json, 'application/json; charset=utf-8');
    }

    if (req.method !== 'GET' && req.method !== 'HEAD') return send(res, 405, 'Method not allowed.');
    const file = resolveStaticPath(options.staticDir, url.pathname);
    if (!file) return send(res, 404, 'Not found.');
    const extra: Record<string, string> = { 'content-security-policy': CONTENT_SECURITY_POLICY };
    // The page's own requests for scripts and styles carry the token as a cookie.
    if (queryToken) extra['set-cookie'] = `${TOKEN_COOKIE}=${token}; HttpOnly; SameSite=Strict; Path=/`;
    if (file === indexFile && options.caller.renderFirstScreen) {
      const page = await renderFirstScreen(url);
      if (page) return send(res, 200, page.html, CONTENT_TYPES['.html'], { ...extra, 'content-security-policy': page.csp });
    }
    let content: Buffer;
    try {
      content = await fs.promises.readFile(file);
    } catch {
      return send(res, 404, 'Not found.');
    }
    // Vite names every built asset by its content hash: a name never changes meaning, so the browser may keep it.
    if (isHashedAsset(file)) extra['cache-control'] = 'private, max-age=31536000, immutable';
    return send(res, 200, content, CONTENT_TYPES[path.extname(file)] ?? 'application/octet-stream', extra);
  }

  const indexFile = path.resolve(options.staticDir, 'index.html');
  const assetsDir = path.resolve(options.staticDir, 'assets') + path.sep;
  const isHashedAsset = (file: string) => file.startsWith(assetsDir) && /-[\w-]{8}\.(?:js|css)$/.test(file);
  let firstScreenWarned = false;
  /** The page with its first screen drawn in, or null (then index.html is served as built and the app loads as usual). */
  const renderFirstScreen = firstScreenDrawer(
    options.staticDir,
    (url: URL, assets) => options.caller.renderFirstScreen!({ documentId: parseDocumentParam(url.searchParams.get('doc')), ...assets, baseCsp: CONTENT_SECURITY_POLICY }),
    (error) => {
      if (!firstScreenWarned) console.warn(`[spanbench] the first screen could not be drawn on the server (${error.message}); serving the plain page`);
      firstScreenWarned = true;
    },
  );

  /**
   * Browser mode's file chooser cannot give the server a path, so the page uploads each
   * file here; it is streamed to disk (memory stays flat) and staged for startImport.
   */
  let uploadDir: string | null = options.uploadDir ?? null;
  async function handleUpload(req: http.IncomingMessage, res: http.ServerResponse, url: URL): Promise<void> {
    if (req.method !== 'POST') return sendJson(res, 405, { ok: false, error: { code: 'invalid_input', message: 'Uploads are POST requests.' } });
    if (!options.caller.stageFiles) return sendJson(res, 404, { ok: false, error: { code: 'invalid_input', message: 'This server does not take uploads.' } });
    const name = safeUploadName(url.searchParams.get('name') ?? '');
    if (!name) return sendJson(res, 400, { ok: false, error: { code: 'invalid_input', message: 'An upload needs ?name=<file name>.' } });
    const batch = url.searchParams.get('batch');
    if (batch !== null && !/^[A-Za-z0-9-]{8,64}$/.test(batch)) return sendJson(res, 400, { ok: false, error: { code: 'invalid_input', message: 'batch is 8-64 letters, digits or -.' } });
    uploadDir ??= await fs.promises.mkdtemp(path.join(os.tmpdir(), 'spanbench-upload-'));
    // The files of one import (a batch) share a folder, keeping their relative names, so a brat
    // .txt meets its .ann and annotation.conf; a lone upload gets a folder of its own. The user's
    // file name is kept either way (format detection uses it).
    const folder = batch !== null ? path.join(uploadDir, `batch-${batch}`) : await fs.promises.mkdtemp(path.join(uploadDir, 'u-'));
    const target = path.join(folder, name);
    await fs.promises.mkdir(path.dirname(target), { recursive: true });
    const limit = options.maxUploadBytes ?? 4 * 1024 ** 3;
    let size = 0;
    const sink = fs.createWriteStream(target);
    const counted = new Transform({
      transform(chunk: Buffer, _encoding, done) {
        size += chunk.length;
        done(size > limit ? new Error(`upload larger than ${limit} bytes`) : null, chunk);
      },
    });
    try {
      await pipeline(req, counted, sink);
    } catch (error) {
      await fs.promises.rm(target, { force: true });
      return sendJson(res, 413, { ok: false, error: { code: 'invalid_input', message: `${name}: ${(error as Error).message}` } });
    }
    const [sourceId] = options.caller.stageFiles([target]);
    return sendJson(res, 200, { ok: true, result: { sourceId, name, size } });
  }

  /** A finished export meant for download (browser mode): the file, or a folder as .tar. */
  async function handleDownload(req: http.IncomingMessage, res: http.ServerResponse, url: URL): Promise<void> {
    if (req.method !== 'GET') return send(res, 405, 'Downloads are GET requests.');
    const response = await options.caller.call('getJob', { jobId: url.searchParams.get('job') ?? '' });
    if (!response.ok) return send(res, 404, response.error.message);
    const job = response.result as JobState;
    const summary = job.exportSummary;
    if (job.state !== 'done' || !summary || !summary.download) return send(res, 404, 'There is no finished export to download under that id.');
    const disposition = `attachment; filename="${summary.downloadName.replace(/[^\w.-]/g, '_')}"; filename*=UTF-8''${encodeURIComponent(summary.downloadName)}`;
    const headers = { 'content-disposition': disposition, 'x-content-type-options': 'nosniff', 'cache-control': 'no-store' };
    if (summary.outputKind === 'file') {
      const stat = await fs.promises.stat(summary.output);
      res.writeHead(200, { ...headers, 'content-type': 'application/octet-stream', 'content-length': stat.size });
      await pipeline(fs.createReadStream(summary.output), res);
      return;
    }
    res.writeHead(200, { ...headers, 'content-type': 'application/x-tar' });
    await writeTar(summary.output, path.basename(summary.output), res);
    res.end();
  }

  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, LOOPBACK, () => {
      const address = server.address();
      if (address === null || typeof address === 'string') return reject(new Error('server did not get a port'));
      const port = address.port;
      allowedHosts = new Set([`${LOOPBACK}:${port}`, `localhost:${port}`]);
      // The address printed for the user names no document: its page is drawn now, while nobody
      // waits, and kept until the project changes (services/firstScreen.ts, DrawnPageCache).
      if (options.caller.renderFirstScreen) void renderFirstScreen(new URL(`http://${LOOPBACK}:${port}/`));
      resolve({
        url: `http://${LOOPBACK}:${port}/?token=${token}`,
        port,
        token,
        close: async () => {
          await new Promise<void>((done) => {
            server.close(() => done());
            server.closeAllConnections();
          });
          if (uploadDir && !options.uploadDir) await fs.promises.rm(uploadDir, { recursive: true, force: true });
        },
      });
    });
  });
}

/** HTTP status for a failed wire response (only the error part is parsed; it is small). */
function statusFor(json: string): number {
  const code = (JSON.parse(json) as { error?: { code?: string } }).error?.code;
  return code === 'unknown_method' ? 404 : code === 'internal' ? 500 : 400;
}

/** A relative file name from the page (folder uploads keep their sub-folders), or null if unsafe. */
export function safeUploadName(raw: string): string | null {
  const parts = raw.split(/[\\/]+/).filter((part) => part.length > 0);
  if (parts.length === 0 || parts.length > 32) return null;
  for (const part of parts) {
    if (part === '.' || part === '..' || part.length > 255 || /[\u0000-\u001f]/.test(part)) return null;
  }
  return parts.join(path.sep);
}

function readBody(req: http.IncomingMessage, limit: number): Promise<Buffer | null> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let tooLarge = false;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        tooLarge = true;
        chunks.length = 0;
        return;
      }
      if (!tooLarge) chunks.push(chunk);
    });
    req.on('end', () => resolve(tooLarge ? null : Buffer.concat(chunks)));
    req.on('error', reject);
  });
}
