import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { beforeAll, describe, expect, it } from 'vitest';
import { FIRST_SCREEN_ELEMENT_ID, type FirstScreen } from '../../contract/api';
import { CONTENT_SECURITY_POLICY } from '../../server/server';
import { readPageAssets } from '../../services/firstScreen';
import { ServiceHost } from '../../services/serviceHost';
import { repoRoot, requireBuild, workerScript } from './built';
import { tempDir } from './helpers';

const rendererDir = path.join(repoRoot, 'dist/renderer');
const ssrModule = path.join(repoRoot, 'dist/ssr/firstScreen.cjs');

beforeAll(() => {
  requireBuild();
  for (const file of [ssrModule, path.join(rendererDir, 'index.html')]) {
    if (!fs.existsSync(file)) throw new Error(`${file} is missing: run \`npm run build:only\` before these tests (npm test does).`);
  }
});

/** A CSP hash source for a style attribute value as the browser sees it (entities decoded). */
function attributeHash(raw: string): string {
  const value = raw.replace(/&(quot|amp|lt|gt|#39);/g, (_, name: string) => ({ quot: '"', amp: '&', lt: '<', gt: '>', '#39': "'" })[name]!);
  return `'sha256-${createHash('sha256').update(value, 'utf8').digest('base64')}'`;
}

describe('the first screen drawn in the project worker', () => {
  it('draws the sample article into #app under a policy admitting exactly its styles', async () => {
    const host = await ServiceHost.start({ workerScript, projectPath: path.join(tempDir(), 'p.sqlite'), createIfMissing: true, withSample: true });
    try {
      const assets = await readPageAssets(rendererDir);
      const page = await host.renderFirstScreen({ documentId: null, ...assets, baseCsp: CONTENT_SECURITY_POLICY });

      const app = page.html.indexOf('<div id="app">');
      const data = page.html.indexOf(`<script type="application/json" id="${FIRST_SCREEN_ELEMENT_ID}">`);
      expect(app).toBeGreaterThan(0);
      expect(data).toBeGreaterThan(app);
      const drawn = page.html.slice(app, data);
      expect(drawn).toContain('XVIII meeting of the ICMEC CSTO');
      expect(drawn).toContain('<article');
      expect(drawn.endsWith('</div>')).toBe(true);
      // Icons are CSS (Icon.svelte): the first <svg> would cost a fresh window's first paint SVG's
      // default styles and an SVG layout per icon.
      expect(drawn).not.toContain('<svg');
      expect(drawn).toContain('class="icon import');
      // The article is painted first: the contents of the four panes around it are held in a
      // <template> each, the article is not, and the panes' own elements stay where they are.
      const panes = [...drawn.matchAll(/<(\w+) [^>]*data-paints-after-article=""[^>]*>(<template data-pane-contents>)?/g)];
      expect(panes.map((pane) => [pane[1], pane[2] !== undefined])).toEqual([
        ['header', true],
        ['nav', true],
        ['aside', true],
        ['footer', true],
      ]);
      expect(drawn.match(/<template data-pane-contents>/g)).toHaveLength(4);
      const article = drawn.slice(drawn.indexOf('<article'), drawn.indexOf('</article>'));
      expect(article).toContain('XVIII meeting of the Interstate Commission');
      expect(article).not.toContain('<template');

      const json = new RegExp(`id="${FIRST_SCREEN_ELEMENT_ID}">([^<]*)</script>`).exec(page.html)?.[1];
      const firstScreen = JSON.parse(json!) as FirstScreen;
      expect(firstScreen.document?.detail.title).toBe('XVIII meeting of the ICMEC CSTO');
      expect(firstScreen.list.total).toBe(1);
      expect(firstScreen.labels.map((l) => l.name)).toEqual(['Agency', 'Decision', 'PlannedEvent']);

      // Every stylesheet index.html links is inlined, and admitted by its hash.
      expect(Object.keys(assets.styles).length).toBeGreaterThan(0);
      expect(page.html).not.toContain('rel="stylesheet"');
      const styleSrc = /(?:^|; )style-src ([^;]*)/.exec(page.csp)?.[1] ?? '';
      for (const css of Object.values(assets.styles)) {
        expect(page.html).toContain(`<style>${css}</style>`);
        expect(styleSrc.split(' ')).toContain(`'sha256-${createHash('sha256').update(css, 'utf8').digest('base64')}'`);
      }

      // The page's one script is the built loader, inlined and admitted by its hash; it names the
      // entry index.html loads, and nothing else (no module script, no preload) is fetched early.
      const entry = /<script type="module" crossorigin src="([^"]+)"><\/script>/.exec(assets.template)?.[1];
      expect(entry).toMatch(/^\.\/assets\/index-[\w-]+\.js$/);
      expect(page.html).toContain(`<script data-boot="${entry}">${assets.loader}</script>`);
      expect(page.html.match(/<script/g)).toHaveLength(2); // the loader and the embedded data
      expect(page.html).not.toContain('modulepreload');
      const scriptSrc = /(?:^|; )script-src ([^;]*)/.exec(page.csp)?.[1] ?? '';
      expect(scriptSrc.split(' ')).toEqual(["'self'", `'sha256-${createHash('sha256').update(assets.loader, 'utf8').digest('base64')}'`]);

      expect(page.csp).toContain("style-src-attr 'unsafe-hashes'");
      expect(page.csp).toContain("frame-ancestors 'none'");
      const attrSrc = (/style-src-attr ([^;]*)/.exec(page.csp)?.[1] ?? '').split(' ');
      const styles = [...page.html.matchAll(/\sstyle="([^"]*)"/g)].map((m) => m[1]!);
      expect(styles.length).toBeGreaterThan(0);
      for (const value of styles) expect(attrSrc, value).toContain(attributeHash(value));
      // ...and nothing more than those.
      expect(attrSrc.length - 1).toBe(new Set(styles.map(attributeHash)).size);

      // The <meta> carries the same policy, less what a <meta> cannot say.
      const meta = /<meta\s+http-equiv="Content-Security-Policy"\s+content="([^"]*)"/.exec(page.html)?.[1];
      expect(meta).toBe(page.csp.replace("; frame-ancestors 'none'", ''));
    } finally {
      await host.close();
    }
  });

  it('draws the document the address names, and falls back for one that is gone', async () => {
    const host = await ServiceHost.start({ workerScript, projectPath: path.join(tempDir(), 'p.sqlite'), createIfMissing: true, withSample: true });
    try {
      const created = await host.call('createSpan', { documentId: 1, labelId: 2, start: 0, end: 5 });
      expect(created.ok).toBe(true);
      const assets = await readPageAssets(rendererDir);
      for (const documentId of [1, 999999]) {
        const page = await host.renderFirstScreen({ documentId, ...assets, baseCsp: CONTENT_SECURITY_POLICY });
        const json = new RegExp(`id="${FIRST_SCREEN_ELEMENT_ID}">([^<]*)</script>`).exec(page.html)?.[1];
        const firstScreen = JSON.parse(json!) as FirstScreen;
        expect(firstScreen.document?.detail.id, String(documentId)).toBe(1);
        expect(firstScreen.document?.spans.map((s) => [s.labelId, s.start, s.end])).toEqual([[2, 0, 5]]);
        expect(firstScreen.document?.history.canUndo).toBe(true);
      }
    } finally {
      await host.close();
    }
  });

  it('never serves a kept page once the project has changed, by this window or by another program', async () => {
    const file = path.join(tempDir(), 'p.sqlite');
    const host = await ServiceHost.start({ workerScript, projectPath: file, createIfMissing: true, withSample: true });
    try {
      const assets = await readPageAssets(rendererDir);
      const draw = async (documentId: number | null = null) => {
        const page = await host.renderFirstScreen({ documentId, ...assets, baseCsp: CONTENT_SECURITY_POLICY });
        const json = new RegExp(`id="${FIRST_SCREEN_ELEMENT_ID}">([^<]*)</script>`).exec(page.html)?.[1];
        return { html: page.html, data: JSON.parse(json!) as FirstScreen };
      };
      const first = await draw();
      expect((await draw()).html).toBe(first.html);
      expect(first.data.document?.spans).toEqual([]);

      // A span made through the API, its undo, and a setting.
      expect((await host.call('createSpan', { documentId: 1, labelId: 3, start: 4, end: 9 })).ok).toBe(true);
      expect((await draw()).data.document?.spans.map((s) => [s.labelId, s.start, s.end])).toEqual([[3, 4, 9]]);
      expect((await host.call('undo', { documentId: 1 })).ok).toBe(true);
      expect((await draw()).data.document?.spans).toEqual([]);
      expect((await host.call('setSettings', { snapToWords: false })).ok).toBe(true);
      expect((await draw()).data.info.settings.snapToWords).toBe(false);

      // Another connection to the file (the command line, a DB browser) renames the article.
      const elsewhere = new Database(file);
      try {
        elsewhere.prepare("UPDATE documents SET title = 'Renamed elsewhere' WHERE id = 1").run();
      } finally {
        elsewhere.close();
      }
      const renamed = await draw();
      expect(renamed.data.document?.detail.title).toBe('Renamed elsewhere');
      expect(renamed.html).toContain('Renamed elsewhere');

      // Each document's page is its own, and a rebuilt renderer's assets are drawn in.
      expect((await draw(1)).data.document?.detail.id).toBe(1);
      const rebuilt = await host.renderFirstScreen({ documentId: null, ...assets, loader: `${assets.loader}\n`, baseCsp: CONTENT_SECURITY_POLICY });
      expect(rebuilt.html).toContain(`${assets.loader}\n</script>`);
    } finally {
      await host.close();
    }
  });

  it('rejects with the worker’s reason when the page cannot be composed', async () => {
    const host = await ServiceHost.start({ workerScript, projectPath: path.join(tempDir(), 'p.sqlite'), createIfMissing: true, withSample: true });
    try {
      const assets = await readPageAssets(rendererDir);
      await expect(host.renderFirstScreen({ documentId: null, ...assets, template: assets.template.replace('<div id="app"></div>', ''), baseCsp: CONTENT_SECURITY_POLICY })).rejects.toThrow(
        /no <div id="app"><\/div>/,
      );
      // The host keeps working afterwards.
      expect(await host.call('listDocuments', {})).toMatchObject({ ok: true, result: { total: 1 } });
    } finally {
      await host.close();
    }
  });

  it('rejects once the host is closed', async () => {
    const host = await ServiceHost.start({ workerScript, projectPath: path.join(tempDir(), 'p.sqlite'), createIfMissing: true, withSample: true });
    const assets = await readPageAssets(rendererDir);
    await host.close();
    await expect(host.renderFirstScreen({ documentId: null, ...assets, baseCsp: CONTENT_SECURITY_POLICY })).rejects.toThrow(/closed/);
  });
});
