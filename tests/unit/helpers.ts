import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach } from 'vitest';

const made: string[] = [];

/** A fresh temporary folder, removed after the test. */
export function tempDir(prefix = 'spanbench-test-'): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  made.push(dir);
  return dir;
}

afterEach(() => {
  for (const dir of made.splice(0)) {
    try {
      fs.chmodSync(dir, 0o755);
    } catch {
      // already gone
    }
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

/** The files of a renderer build, in small: what the page drawers read from dist/renderer. */
export const RENDERER_BUILD = {
  entryHref: './assets/main-AbCd1234.js',
  entry: 'export const hashed = 1;',
  styleHref: './assets/style-AbCd1234.css',
  css: 'body { margin: 0; }',
  loader: '(()=>{})();',
};

/** index.html as Vite builds it, in small: the given CSP in its <meta>, the entry's module script, the stylesheet link. */
export function rendererTemplate(metaCsp: string, title = 'Plain'): string {
  const { entryHref, styleHref } = RENDERER_BUILD;
  return [
    '<!doctype html><html><head>',
    `<meta http-equiv="Content-Security-Policy" content="${metaCsp}">`,
    `<script type="module" crossorigin src="${entryHref}"></script>`,
    `<link rel="stylesheet" crossorigin href="${styleHref}">`,
    `<title>${title}</title></head><body><div id="app"></div></body></html>`,
  ].join('\n');
}

/** A temporary renderer folder as the build leaves it: rendererTemplate's index.html, the assets, loader.js. */
export function rendererBuild(metaCsp: string, title?: string): string {
  const { entryHref, entry, styleHref, css, loader } = RENDERER_BUILD;
  const dir = tempDir();
  fs.writeFileSync(path.join(dir, 'index.html'), rendererTemplate(metaCsp, title));
  fs.mkdirSync(path.join(dir, 'assets'));
  fs.writeFileSync(path.join(dir, entryHref), entry);
  fs.writeFileSync(path.join(dir, styleHref), css);
  fs.writeFileSync(path.join(dir, 'loader.js'), loader);
  return dir;
}

/**
 * Damages a project file as a failing disk would: the root page of the table or index `name` is
 * overwritten with zeros (after a checkpoint, so the damage is in the file itself). SQLite then
 * reports "database disk image is malformed" when it reads that table.
 */
export function zeroRootPage(project: string, name: string): void {
  const db = new Database(project);
  db.pragma('wal_checkpoint(TRUNCATE)');
  const pageSize = db.pragma('page_size', { simple: true }) as number;
  const root = (db.prepare('SELECT rootpage FROM sqlite_schema WHERE name = ?').get(name) as { rootpage: number }).rootpage;
  db.close();
  const fd = fs.openSync(project, 'r+');
  try {
    fs.writeSync(fd, Buffer.alloc(pageSize), 0, pageSize, (root - 1) * pageSize);
  } finally {
    fs.closeSync(fd);
  }
}
