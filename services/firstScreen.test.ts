import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { FIRST_LIST_QUERY, FIRST_SCREEN_ELEMENT_ID, type ApiMethod, type FirstScreen } from '../contract/api';
import { tempDir } from '../tests/unit/helpers';
import { dispatchCall } from './dispatch';
import { composeFirstScreenPage, DrawnPageCache, embeddableJson, HELD_PANE_STYLE, holdPanesUntilAfterArticle, loadFirstScreen, PANES_HELD_UP_TO_CHARS, pageAssetsCache, pagePolicy, readPageAssets, styleAttributeHashes, withinTimeout, type FirstScreenRequest } from './firstScreen';
import { ensureProject } from './project';
import { createProjectService } from './projectService';

/** A CSP hash source computed here, independently of the module under test. */
const hashSource = (text: string) => `'sha256-${createHash('sha256').update(Buffer.from(text, 'utf8')).digest('base64')}'`;

const HOSTILE = 'ends </script><script>alert(1)</script> and <!-- opens a comment, with \u2028 and \u2029 separators';

describe('embeddableJson', () => {
  it('has no "<" at all and parses back to the same value, hostile strings included', () => {
    const value = { text: HOSTILE, nested: [{ title: '</SCRIPT >', note: '<!--x-->' }, '\u2028', '\u2029'], n: 5, nothing: null };
    const json = embeddableJson(value);
    expect(json).not.toContain('<');
    expect(json).not.toContain('\u2028');
    expect(json).not.toContain('\u2029');
    expect(json).toContain('\\u003c/script>');
    expect(JSON.parse(json)).toEqual(value);
  });
});

describe('styleAttributeHashes', () => {
  it('hashes each distinct decoded style value, sorted', () => {
    const markup = '<a style="--label-color: #2563eb;"></a><b style="a &amp; b"></b><i style="a &amp; b"></i>';
    const expected = [hashSource('--label-color: #2563eb;'), hashSource('a & b')].sort();
    expect(styleAttributeHashes(markup)).toEqual(expected);
    // The decoded value is hashed, not the escaped one.
    expect(styleAttributeHashes(markup)).not.toContain(hashSource('a &amp; b'));
  });

  it('decodes every entity Svelte writes in attributes and ignores attributes that only end in "style"', () => {
    const markup = `<p style="content: &quot;&lt;x&gt;&quot; &#39;y&#39;"></p><p data-style="nope"></p>`;
    expect(styleAttributeHashes(markup)).toEqual([hashSource(`content: "<x>" 'y'`)]);
    expect(styleAttributeHashes('<p class="x">no styles</p>')).toEqual([]);
  });
});

describe('pagePolicy', () => {
  const base = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:";
  const none = { scripts: [], styles: [], styleAttributes: [] };

  it('adds script hashes to script-src, style hashes to style-src and a style-src-attr directive for attribute hashes', () => {
    expect(pagePolicy(base, { scripts: ["'sha256-S'"], styles: ["'sha256-A'", "'sha256-B'"], styleAttributes: ["'sha256-C'"] })).toBe(
      "default-src 'self'; script-src 'self' 'sha256-S'; style-src 'self' 'sha256-A' 'sha256-B'; img-src 'self' data:; style-src-attr 'unsafe-hashes' 'sha256-C'",
    );
    expect(pagePolicy("style-src 'self'; img-src data:", { ...none, styles: ["'sha256-A'"] })).toBe("style-src 'self' 'sha256-A'; img-src data:");
    expect(pagePolicy(base, { ...none, styleAttributes: ["'sha256-C'", "'sha256-D'"] })).toBe(`${base}; style-src-attr 'unsafe-hashes' 'sha256-C' 'sha256-D'`);
  });

  it('leaves the base policy unchanged when there is nothing to add', () => {
    expect(pagePolicy(base, none)).toBe(base);
  });

  it('refuses to add hashes to a policy without the directive they belong to', () => {
    expect(() => pagePolicy("default-src 'self'", { ...none, styles: ["'sha256-A'"] })).toThrow(/no style-src/);
    expect(() => pagePolicy("default-src 'self'; style-src 'self'", { ...none, scripts: ["'sha256-S'"] })).toThrow(/no script-src/);
    // style-src-elem is not style-src.
    expect(() => pagePolicy("default-src 'self'; style-src-elem 'self'", { ...none, styles: ["'sha256-A'"] })).toThrow(/no style-src/);
    // Attribute hashes alone need no style-src.
    expect(pagePolicy("default-src 'self'", { ...none, styleAttributes: ["'sha256-C'"] })).toBe("default-src 'self'; style-src-attr 'unsafe-hashes' 'sha256-C'");
  });
});

const STYLE_HREF = './assets/style-X.css';
const CSS = ':root { --accent: #2563eb; }\nbody { margin: 0; }\n';
const TEMPLATE = `<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8" />
    <!-- a comment like the built one -->
    <meta
      http-equiv="Content-Security-Policy"
      content="default-src 'self'; script-src 'self'; style-src 'self'"
    />
    <title>Spanbench</title>
    <script type="module" crossorigin src="./assets/index-D2fXzuS7.js"></script>
    <link rel="modulepreload" crossorigin href="./assets/client-Abc123.js">
    <link rel="modulepreload" crossorigin href="./assets/format-Def456.js">
    <link rel="stylesheet" crossorigin href="${STYLE_HREF}">
  </head>
  <body>
    <div id="app"></div>
  </body>
</html>`;
const BASE_CSP = "default-src 'self'; script-src 'self'; style-src 'self'; frame-ancestors 'none'; base-uri 'none'";
const LOADER = '"use strict";(()=>{let b=document.currentScript.dataset.boot;b&&setTimeout(()=>import(b),0)})();\n';

function firstScreenFixture(text = HOSTILE): FirstScreen {
  const summary = {
    id: 4,
    title: 'A </script> title',
    source: 'Wire',
    publishedAt: '2020-11-27',
    status: 'in_progress' as const,
    spanCount: 1,
    createdAt: '2024-01-01T00:00:00.000Z',
    updatedAt: '2024-01-02T00:00:00.000Z',
  };
  return {
    info: { path: '/p.sqlite', name: 'p', schemaVersion: 3, readOnly: false, readOnlyReason: null, settings: { snapToWords: true, author: 'me', lastRelationType: null }, documentCount: 1 },
    labels: [{ id: 1, name: 'Agency', color: '#2563eb', hotkey: '1', description: '', order: 0 }],
    list: { total: 1, items: [summary] },
    document: {
      detail: { ...summary, externalId: null, url: null, language: 'en', metadata: { k: ['<!--', 1] }, text, sha256: 'abc', length: [...text].length },
      spans: [{ id: 9, documentId: 4, labelId: 1, start: 0, end: 4, text: 'ends', note: null, attributes: {}, fragments: null, author: 'me', createdAt: 'x', updatedAt: 'y' }],
      history: { canUndo: true, canRedo: false, undoDescription: 'create Agency span', redoDescription: null },
    },
  };
}

function request(overrides: Partial<FirstScreenRequest> = {}): FirstScreenRequest {
  return { documentId: null, template: TEMPLATE, styles: { [STYLE_HREF]: CSS }, loader: LOADER, baseCsp: BASE_CSP, ...overrides };
}

const metaContent = (html: string) => /<meta\s+http-equiv="Content-Security-Policy"\s+content="([^"]*)"/.exec(html)?.[1];
const embedded = (html: string) => new RegExp(`<script type="application/json" id="${FIRST_SCREEN_ELEMENT_ID}">([^<]*)</script>`).exec(html)?.[1];

describe('composeFirstScreenPage', () => {
  const body = '<main><p style="--label-color: #2563eb;">Hello</p><span style="a &amp; b">x</span></main>';
  const head = '<meta name="head-marker" content="1">';

  it('renders into #app, embeds the data after it and inlines the stylesheet under a hashed policy', () => {
    const firstScreen = firstScreenFixture();
    const page = composeFirstScreenPage(request(), { body, head }, firstScreen);
    expect(page.html).toContain(`<div id="app">${body}</div><script type="application/json" id="${FIRST_SCREEN_ELEMENT_ID}">`);
    expect(page.html).not.toContain('<div id="app"></div>');
    expect(page.html).toContain(`${head}</head>`);
    const json = embedded(page.html);
    expect(json).toBeDefined();
    expect(JSON.parse(json!)).toEqual(firstScreen);
    // The hostile text did not end the script element: exactly one script for the data, one for the loader.
    expect(page.html.match(/<script/g)).toHaveLength(2);

    // Nothing is fetched before the first paint: the entry's tag and its module preloads give way to
    // the inlined loader, which names the entry; the stylesheet is inlined.
    expect(page.html).toContain(`<script data-boot="./assets/index-D2fXzuS7.js">${LOADER}</script>`);
    expect(page.html).not.toContain('type="module"');
    expect(page.html).not.toContain('modulepreload');
    expect(page.html).toContain(`<style>${CSS}</style>`);
    expect(page.html).not.toContain(STYLE_HREF);
    // Rendering waits for the whole drawn screen (up to the data after it), not a part of it.
    expect(page.html).toContain(`<link rel="expect" href="#${FIRST_SCREEN_ELEMENT_ID}" blocking="render">`);
    expect(page.html.indexOf('rel="expect"')).toBeLessThan(page.html.indexOf('</head>'));
    const expectedCsp =
      `default-src 'self'; script-src 'self' ${hashSource(LOADER)}; style-src 'self' ${hashSource(CSS)}; frame-ancestors 'none'; base-uri 'none'` +
      `; style-src-attr 'unsafe-hashes' ${[hashSource('--label-color: #2563eb;'), hashSource('a & b')].sort().join(' ')}`;
    expect(page.csp).toBe(expectedCsp);
    // A <meta> policy cannot carry frame-ancestors; everything else is the same.
    expect(metaContent(page.html)).toBe(expectedCsp.replace("; frame-ancestors 'none'", ''));
    expect(page.html.match(/Content-Security-Policy/g)).toHaveLength(1);
  });

  it('inserts markup with replacement patterns literally', () => {
    const tricky = "<p>costs $& and $1, $' and $` and $$</p>";
    const page = composeFirstScreenPage(request(), { body: tricky, head: '<meta name="x" content="$&">' }, firstScreenFixture());
    expect(page.html).toContain(`<div id="app">${tricky}</div>`);
    expect(page.html).toContain('<meta name="x" content="$&"></head>');
  });

  it('keeps the link for a stylesheet that could end its <style> element, or one it was not given', () => {
    const hostileCss = 'a::after { content: "</STYLE><script>x()</script>" }';
    // A relative url() would resolve against the page once inlined, not against assets/.
    const withUrl = '@font-face { font-family: X; src: url(./x.woff2) }';
    for (const styles of [{ [STYLE_HREF]: hostileCss }, { [STYLE_HREF]: withUrl }, {}] as Array<Record<string, string>>) {
      const page = composeFirstScreenPage(request({ styles }), { body: '<p>x</p>', head: '' }, firstScreenFixture());
      expect(page.html).toContain(`<link rel="stylesheet" crossorigin href="${STYLE_HREF}">`);
      expect(page.html).not.toContain('<style>');
      const csp = BASE_CSP.replace("script-src 'self'", `script-src 'self' ${hashSource(LOADER)}`);
      expect(page.csp).toBe(csp);
      expect(metaContent(page.html)).toBe(csp.replace("; frame-ancestors 'none'", ''));
    }
  });

  it('refuses a template without exactly one entry script, and a loader that could end its <script>', () => {
    const rendered = { body: '<p>x</p>', head: '' };
    const entry = '<script type="module" crossorigin src="./assets/index-D2fXzuS7.js"></script>';
    expect(() => composeFirstScreenPage(request({ template: TEMPLATE.replace(entry, '') }), rendered, firstScreenFixture())).toThrow(/one module script .* it has 0/);
    expect(() => composeFirstScreenPage(request({ template: TEMPLATE.replace(entry, entry + entry) }), rendered, firstScreenFixture())).toThrow(/it has 2/);
    for (const loader of ['x("</SCRIPT>")', 'y("<!--")']) {
      expect(() => composeFirstScreenPage(request({ loader }), rendered, firstScreenFixture())).toThrow(/cannot be inlined/);
    }
  });

  it('refuses a template without #app or without the CSP <meta>', () => {
    const rendered = { body: '<p>x</p>', head: '' };
    expect(() => composeFirstScreenPage(request({ template: TEMPLATE.replace('<div id="app"></div>', '<div id="root"></div>') }), rendered, firstScreenFixture())).toThrow('index.html has no <div id="app"></div> to render into');
    const noMeta = TEMPLATE.replace(/<meta\s+http-equiv="Content-Security-Policy"[^>]*>/, '');
    expect(noMeta).not.toContain('Content-Security-Policy');
    expect(() => composeFirstScreenPage(request({ template: noMeta }), rendered, firstScreenFixture())).toThrow(/Content-Security-Policy/);
  });
});

describe('holdPanesUntilAfterArticle', () => {
  const held = (contents: string) => `<template data-pane-contents>${contents}</template>`;
  /** The markup as the page has it once the loader has put the panes' contents in. */
  const shown = (markup: string) => markup.replaceAll('<template data-pane-contents>', '').replaceAll('</template>', '');

  it('holds each marked pane’s contents in a template inside the pane, and leaves the rest alone', () => {
    const markup =
      '<div class="app"><header class="toolbar" data-paints-after-article=""><h1 title="a > b">T</h1><button>Import…</button></header> ' +
      '<main><nav aria-label="Document list" data-paints-after-article=""><ul><li>d</li></ul></nav>' +
      '<section><article><div class="block">Text &lt;nav> with <span data-span-id="1">a span</span></div></article></section>' +
      '<aside class="side" data-paints-after-article=""><!--[--><p>Labels</p><!--]--></aside></main> ' +
      '<footer class="statusbar" data-paints-after-article=""><div role="status"></div></footer></div>';
    const result = holdPanesUntilAfterArticle(markup);
    expect(result).toBe(
      `<div class="app"><header class="toolbar" data-paints-after-article="">${held('<h1 title="a > b">T</h1><button>Import…</button>')}</header> ` +
        `<main><nav aria-label="Document list" data-paints-after-article="">${held('<ul><li>d</li></ul>')}</nav>` +
        '<section><article><div class="block">Text &lt;nav> with <span data-span-id="1">a span</span></div></article></section>' +
        `<aside class="side" data-paints-after-article="">${held('<!--[--><p>Labels</p><!--]-->')}</aside></main> ` +
        `<footer class="statusbar" data-paints-after-article="">${held('<div role="status"></div>')}</footer></div>`,
    );
    expect(shown(result)).toBe(markup);
  });

  it('ends a pane at its own closing tag, counting elements of the same kind inside it', () => {
    const markup = '<aside data-paints-after-article=""><aside><aside>x</aside></aside><p>y</p></aside><aside>z</aside>';
    expect(holdPanesUntilAfterArticle(markup)).toBe(`<aside data-paints-after-article="">${held('<aside><aside>x</aside></aside><p>y</p>')}</aside><aside>z</aside>`);
    // An element whose name begins with the pane's is not one of its own kind.
    expect(holdPanesUntilAfterArticle('<nav data-paints-after-article=""><navbar>a</navbar></nav>')).toBe(`<nav data-paints-after-article="">${held('<navbar>a</navbar>')}</nav>`);
  });

  it('holds nothing back for attributes that only contain the marker’s name, or markup without it', () => {
    for (const markup of ['<nav data-paints-after-article-not=""><p>a</p></nav>', '<nav x-data-paints-after-article=""><p>a</p></nav>', '<nav title="data-paints-after-article"><p>a</p></nav>', '<p>none</p>']) {
      expect(holdPanesUntilAfterArticle(markup)).toBe(markup);
    }
    expect(holdPanesUntilAfterArticle('<footer data-paints-after-article=""></footer>')).toBe(`<footer data-paints-after-article="">${held('')}</footer>`);
  });

  it('refuses a marked pane that is never closed', () => {
    expect(() => holdPanesUntilAfterArticle('<header data-paints-after-article=""><p>x</p>')).toThrow('no closing tag for a <header data-paints-after-article>');
  });

  it('is applied to a page whose first screen shows article text, and to no other, nor to a long article', () => {
    const body = '<header data-paints-after-article=""><h1>T</h1></header><article>Text</article>';
    const withText = (text: string) => {
      const firstScreen = firstScreenFixture();
      firstScreen.document!.detail = { ...firstScreen.document!.detail, text };
      return firstScreen;
    };
    for (const firstScreen of [firstScreenFixture(), withText('x'.repeat(PANES_HELD_UP_TO_CHARS))]) {
      const page = composeFirstScreenPage(request(), { body, head: '' }, firstScreen);
      expect(page.html).toContain(`<div id="app"><header data-paints-after-article="">${held('<h1>T</h1>')}</header><article>Text</article></div>`);
      // Held panes are not drawn until their contents go in: the rule is in the head, admitted by its hash.
      expect(page.html).toContain(`<style>${HELD_PANE_STYLE}</style><link rel="expect"`);
      expect(page.csp).toContain(`style-src 'self' ${hashSource(HELD_PANE_STYLE)} ${hashSource(CSS)};`);
    }
    const noDocument = { ...firstScreenFixture(), document: null };
    for (const firstScreen of [noDocument, withText(' \r\n '), withText('x'.repeat(PANES_HELD_UP_TO_CHARS + 1))]) {
      const page = composeFirstScreenPage(request(), { body, head: '' }, firstScreen);
      expect(page.html).toContain(`<div id="app">${body}</div>`);
      expect(page.html).not.toContain(HELD_PANE_STYLE);
      expect(page.csp).not.toContain(hashSource(HELD_PANE_STYLE));
    }
    // A page with article text but no marked panes holds nothing, and has no rule for held panes.
    const plain = composeFirstScreenPage(request(), { body: '<article>Text</article>', head: '' }, firstScreenFixture());
    expect(plain.html).not.toContain(HELD_PANE_STYLE);
  });
});

describe('readPageAssets', () => {
  it('reads index.html and the stylesheets it links, by href', async () => {
    const dir = tempDir();
    fs.mkdirSync(path.join(dir, 'assets'));
    fs.writeFileSync(path.join(dir, 'index.html'), TEMPLATE);
    fs.writeFileSync(path.join(dir, 'assets', 'style-X.css'), CSS);
    fs.writeFileSync(path.join(dir, 'loader.js'), LOADER);
    expect(await readPageAssets(dir)).toEqual({ template: TEMPLATE, styles: { [STYLE_HREF]: CSS }, loader: LOADER });
  });

  it('refuses a stylesheet outside the renderer folder', async () => {
    const dir = tempDir();
    fs.writeFileSync(path.join(dir, 'index.html'), '<link rel="stylesheet" href="../outside.css">');
    await expect(readPageAssets(dir)).rejects.toThrow(/outside the renderer/);
  });
});

describe('pageAssetsCache', () => {
  it('reads again when index.html changes, and does not keep a failed read', async () => {
    const dir = tempDir();
    fs.mkdirSync(path.join(dir, 'assets'));
    fs.writeFileSync(path.join(dir, 'index.html'), TEMPLATE);
    fs.writeFileSync(path.join(dir, 'loader.js'), LOADER);
    const assets = pageAssetsCache(dir);
    // One cache per folder: every caller reads the files once.
    expect(pageAssetsCache(path.join(dir, '.'))).toBe(assets);
    // The linked stylesheet is missing: the read fails, and keeps failing only while it is missing.
    await expect(assets()).rejects.toThrow(/ENOENT/);
    fs.writeFileSync(path.join(dir, 'assets', 'style-X.css'), CSS);
    expect((await assets()).styles).toEqual({ [STYLE_HREF]: CSS });
    // A rebuild: new index.html (new mtime), new stylesheet name.
    const rebuilt = TEMPLATE.replace('style-X.css', 'style-Y.css');
    fs.writeFileSync(path.join(dir, 'assets', 'style-Y.css'), 'b { color: red }');
    fs.writeFileSync(path.join(dir, 'index.html'), rebuilt);
    const later = new Date(Date.now() + 5000);
    fs.utimesSync(path.join(dir, 'index.html'), later, later);
    expect(await assets()).toEqual({ template: rebuilt, styles: { [STYLE_HREF.replace('X', 'Y')]: 'b { color: red }' }, loader: LOADER });
  });
});

describe('withinTimeout', () => {
  it('passes on what arrives in time and gives up on what does not', async () => {
    await expect(withinTimeout(Promise.resolve('drawn'), 50)).resolves.toBe('drawn');
    await expect(withinTimeout(new Promise(() => undefined), 20)).rejects.toThrow('the first screen took longer than 20 ms');
  });
});

describe('loadFirstScreen', () => {
  async function project(options: { withSample: boolean; staged?: Map<string, string> }) {
    const file = path.join(tempDir(), 'p.sqlite');
    const opened = await ensureProject(file, { withSample: options.withSample, create: true });
    const service = createProjectService(opened, { stagedFiles: options.staged ?? new Map() });
    const call = async (method: ApiMethod, input: unknown): Promise<any> => {
      const response = await dispatchCall(service.handlers, method, input);
      if (!response.ok) throw new Error(`${response.error.code}: ${response.error.message}`);
      return response.result;
    };
    return { service, call };
  }

  /** The sample article plus a second document (imported through the API) with one span on it. */
  async function twoDocuments() {
    const dir = tempDir();
    const feed = path.join(dir, 'second.jsonl');
    fs.writeFileSync(feed, JSON.stringify({ title: 'Second document', text: 'Borisov met the ministers in Minsk.' }) + '\n');
    const { service, call } = await project({ withSample: true, staged: new Map([['stagedsecond1', feed]]) });
    let job = await call('startImport', { sourceIds: ['stagedsecond1'] });
    for (let i = 0; i < 300 && job.state === 'running'; i++) {
      await new Promise((resolve) => setTimeout(resolve, 10));
      job = await call('getJob', { jobId: job.id });
    }
    expect(job.state).toBe('done');
    const list = await call('listDocuments', { ...FIRST_LIST_QUERY });
    expect(list.items.map((d: any) => d.title)).toEqual(['XVIII meeting of the ICMEC CSTO', 'Second document']);
    const [sample, second] = list.items;
    await call('createSpan', { documentId: second.id, labelId: 1, start: 0, end: 7 });
    return { service, call, sample, second };
  }

  it('with no document named, draws the first listed one', async () => {
    const { service, call, sample } = await twoDocuments();
    try {
      const screen = await loadFirstScreen(service.handlers, null);
      expect(screen.info).toEqual(await call('getProjectInfo', {}));
      expect(screen.info.documentCount).toBe(2);
      expect(screen.labels.map((l) => l.name)).toEqual(['Agency', 'Decision', 'PlannedEvent']);
      expect(screen.list).toEqual(await call('listDocuments', { ...FIRST_LIST_QUERY }));
      expect(screen.list.total).toBe(2);
      expect(screen.document?.detail.id).toBe(sample.id);
      expect(screen.document?.detail.title).toBe('XVIII meeting of the ICMEC CSTO');
      expect(screen.document?.spans).toEqual([]);
      expect(screen.document?.history).toEqual(await call('getHistory', { documentId: sample.id }));
    } finally {
      service.close();
    }
  });

  it('draws the named document with its spans and history', async () => {
    const { service, call, second } = await twoDocuments();
    try {
      const screen = await loadFirstScreen(service.handlers, second.id);
      expect(screen.document?.detail).toEqual(await call('getDocument', { id: second.id }));
      expect(screen.document?.detail.text).toBe('Borisov met the ministers in Minsk.');
      expect(screen.document?.spans).toHaveLength(1);
      expect(screen.document?.spans[0]).toMatchObject({ documentId: second.id, labelId: 1, start: 0, end: 7, text: 'Borisov' });
      expect(screen.document?.spans).toEqual(await call('listSpans', { documentId: second.id }));
      expect(screen.document?.history.canUndo).toBe(true);
      expect(screen.document?.history.undoDescription).toContain('Agency');
      // The data survives the trip through the page.
      expect(JSON.parse(embeddableJson(screen))).toEqual(screen);
    } finally {
      service.close();
    }
  });

  it('falls back to the first listed document when the named one does not exist', async () => {
    const { service, sample } = await twoDocuments();
    try {
      const screen = await loadFirstScreen(service.handlers, 999999);
      expect(screen.document?.detail.id).toBe(sample.id);
      expect(screen.document?.detail.title).toBe('XVIII meeting of the ICMEC CSTO');
    } finally {
      service.close();
    }
  });

  it('has no document in an empty project', async () => {
    const { service } = await project({ withSample: false });
    try {
      const screen = await loadFirstScreen(service.handlers, null);
      expect(screen.document).toBeNull();
      expect(screen.list).toEqual({ total: 0, items: [] });
      expect(screen.info.documentCount).toBe(0);
      expect(screen.labels).toHaveLength(3);
      expect((await loadFirstScreen(service.handlers, 1)).document).toBeNull();
    } finally {
      service.close();
    }
  });

  it('passes on errors other than a missing document', async () => {
    const { service } = await project({ withSample: true });
    try {
      const handlers = { ...service.handlers, getDocument: () => Promise.reject(new Error('disk on fire')) };
      await expect(loadFirstScreen(handlers, 1)).rejects.toThrow('disk on fire');
    } finally {
      service.close();
    }
  });
});

describe('DrawnPageCache', () => {
  const request = (documentId: number | null, changes: Partial<FirstScreenRequest> = {}): FirstScreenRequest => ({
    documentId,
    template: '<div id="app"></div>',
    styles: { './a.css': 'a{}' },
    loader: 'loader()',
    baseCsp: "script-src 'self'",
    ...changes,
  });
  const page = (html: string) => ({ html, csp: 'csp' });

  it('gives a page back only for the same document, content version and assets', () => {
    const cache = new DrawnPageCache();
    cache.set(request(1), 'v1', page('one'));
    expect(cache.get(request(1), 'v1')?.html).toBe('one');
    expect(cache.get(request(null), 'v1')).toBeNull();
    expect(cache.get(request(1, { loader: 'loader();' }), 'v1')).toBeNull();
    cache.set(request(1), 'v1', page('one'));
    expect(cache.get(request(1, { styles: { './a.css': 'a{color:red}' } }), 'v1')).toBeNull();
    cache.set(request(1), 'v1', page('one'));
    expect(cache.get(request(1, { styles: { './a.css': 'a{}', './b.css': '' } }), 'v1')).toBeNull();
    cache.set(request(1), 'v1', page('one'));
    expect(cache.get(request(1, { baseCsp: "script-src 'none'" }), 'v1')).toBeNull();
    cache.set(request(1), 'v1', page('one'));
    expect(cache.get(request(1, { template: '<div id="app"></div> ' }), 'v1')).toBeNull();
  });

  it('drops a page once the content has moved on, even if it comes back to the same version', () => {
    const cache = new DrawnPageCache();
    cache.set(request(1), 'v1', page('one'));
    expect(cache.get(request(1), 'v2')).toBeNull();
    expect(cache.get(request(1), 'v1')).toBeNull();
  });

  it('keeps the pages used last, up to its limit, and never keeps a page longer than its bound', () => {
    const cache = new DrawnPageCache(2, 10);
    cache.set(request(1), 'v', page('one'));
    cache.set(request(2), 'v', page('two'));
    expect(cache.get(request(1), 'v')?.html).toBe('one');
    cache.set(request(3), 'v', page('three'));
    expect(cache.get(request(2), 'v')).toBeNull();
    expect(cache.get(request(1), 'v')?.html).toBe('one');
    expect(cache.get(request(3), 'v')?.html).toBe('three');
    cache.set(request(3), 'v', page('x'.repeat(11)));
    expect(cache.get(request(3), 'v')).toBeNull();
  });
});
