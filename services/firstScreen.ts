/**
 * The page the back end serves is the app's first screen already drawn: the project's
 * FirstScreen data is gathered here through the same handlers the API uses, rendered by the
 * App component compiled for Svelte's server renderer (renderer/firstScreen.ts, built to
 * dist/ssr/firstScreen.cjs), and put into index.html with the data embedded for hydration.
 *
 * The page keeps the strict CSP: the embedded data is JSON (never executed), and the few style
 * attributes the markup carries (label colours, list positions) are allowed one by one by their
 * SHA-256 hashes, so nothing else inline can ever apply.
 */
import { createHash } from 'node:crypto';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { AFTER_ARTICLE_ATTRIBUTE, FIRST_LIST_QUERY, FIRST_SCREEN_ELEMENT_ID, PANE_CONTENTS_ATTRIBUTE, parseApiInput, SpanbenchError, type ApiHandlers, type DocumentDetail, type FirstScreen } from '../contract/api';

/** What renderer/firstScreen.ts exports (the built module is loaded at run time). */
export interface FirstScreenRenderer {
  renderFirstScreen(firstScreen: FirstScreen): { body: string; head: string };
}

export interface FirstScreenRequest {
  /** The document named in the address (?doc=N), if any. */
  documentId: number | null;
  /** dist/renderer/index.html as built. */
  template: string;
  /** The stylesheets index.html links, by href, to be inlined (the first paint waits for no request). */
  styles: Record<string, string>;
  /** dist/renderer/loader.js (renderer/loader.ts): the page's only script, inlined in place of the entry's tag. */
  loader: string;
  /** The policy the page is served under; the hashes of what the page inlines are added to it. */
  baseCsp: string;
}

export interface FirstScreenPage {
  html: string;
  /** The policy for the response header (the page's <meta> carries the same one). */
  csp: string;
}

/** The data of the first screen: what the renderer would otherwise ask for in its first calls. */
export async function loadFirstScreen(handlers: ApiHandlers, documentId: number | null): Promise<FirstScreen> {
  const [info, labels, list] = await Promise.all([
    handlers.getProjectInfo(parseApiInput('getProjectInfo', {})),
    handlers.listLabels(parseApiInput('listLabels', {})),
    handlers.listDocuments(parseApiInput('listDocuments', { ...FIRST_LIST_QUERY })),
  ]);
  // A document that no longer exists (an old address) falls back to the list's first, as the app does.
  const named = documentId === null ? null : await documentIfAny(handlers, documentId);
  const id = named?.id ?? list.items[0]?.id ?? null;
  if (id === null) return { info, labels, list, document: null };
  const [detail, spans, history] = await Promise.all([
    named ?? handlers.getDocument(parseApiInput('getDocument', { id })),
    handlers.listSpans(parseApiInput('listSpans', { documentId: id })),
    handlers.getHistory(parseApiInput('getHistory', { documentId: id })),
  ]);
  return { info, labels, list, document: { detail, spans, history } };
}

/** The document, or null when there is none with that id (any other failure is passed on). */
async function documentIfAny(handlers: ApiHandlers, id: number): Promise<DocumentDetail | null> {
  try {
    return await handlers.getDocument(parseApiInput('getDocument', { id }));
  } catch (error) {
    if (error instanceof SpanbenchError && error.code === 'not_found') return null;
    throw error;
  }
}

/**
 * The drawn markup with the contents of each pane marked AFTER_ARTICLE_ATTRIBUTE held in a
 * <template> inside the pane, for the loader to put in once the article's frame has been drawn.
 * The panes themselves stay, so the article is laid out where it will stay (they are not drawn
 * meanwhile: HELD_PANE_STYLE). Why: traced cold in Chromium, styling and laying out the panes
 * (their fonts above all) took longer than the article's own text, and the panes' tiles as long
 * again to rasterize; held back, the article is painted sooner (interleaved cold loads: 1.45–1.66×
 * the bare text's time where it had been 1.73–1.89×), and the panes, put in while its tiles are
 * rasterized, are painted about when the whole screen was before (288 against 276 ms).
 *
 * The markup is Svelte's server output, in which text and attribute values are escaped, so a `<`
 * always starts a tag and a pane's end is found by counting its element's own tags.
 */
export function holdPanesUntilAfterArticle(markup: string): string {
  const paneStart = new RegExp(`<([a-z][a-z0-9]*)(?=\\s)[^>]*?\\s${AFTER_ARTICLE_ATTRIBUTE}(?:="")?(?=[\\s/>])[^>]*>`, 'g');
  let result = '';
  let copied = 0;
  for (let match = paneStart.exec(markup); match; match = paneStart.exec(markup)) {
    const tag = match[1]!;
    const contentsStart = match.index + match[0].length;
    const contentsEnd = closingTagIndex(markup, tag, contentsStart);
    result += `${markup.slice(copied, contentsStart)}<template ${PANE_CONTENTS_ATTRIBUTE}>${markup.slice(contentsStart, contentsEnd)}</template>`;
    copied = contentsEnd;
    paneStart.lastIndex = contentsEnd;
  }
  return result + markup.slice(copied);
}

/** Where the element whose contents start at `from` ends: its own closing tag, nested ones counted. */
function closingTagIndex(markup: string, tag: string, from: number): number {
  const tags = new RegExp(`<(/?)${tag}[\\s>/]`, 'g');
  tags.lastIndex = from;
  let depth = 1;
  for (let match = tags.exec(markup); match; match = tags.exec(markup)) {
    depth += match[1] === '/' ? -1 : 1;
    if (depth === 0) return match.index;
  }
  throw new Error(`the drawn markup has no closing tag for a <${tag} ${AFTER_ARTICLE_ATTRIBUTE}>`);
}

/**
 * The page's rule for a pane whose contents are still held: it is not drawn at all, edges
 * included, until the loader puts its contents in (the template goes, and the rule no longer
 * applies). Why: a pane's edge is a line across the screen, and every tile it crosses has to be
 * rasterized, where a tile of one colour is not; drawn with the article, the four edges were 16 of
 * the first frame's tiles on a 1440×900 screen (traced), rasterized on the same few cores as the
 * article's text. Measured cold in new tabs, interleaved with the bare text (30 loads each), the
 * article was painted at 1.24× the bare text's time without the edges against 1.48× with them.
 */
export const HELD_PANE_STYLE = `[${AFTER_ARTICLE_ATTRIBUTE}]:has(>template[${PANE_CONTENTS_ATTRIBUTE}]){visibility:hidden}`;

/**
 * The longest article (in UTF-16 units) whose page holds its panes back. A page embeds its
 * article's text for the app, and the browser goes on parsing that after the article's first
 * frame: the panes would wait behind it (measured on the 1 MB benchmark article: the panes a
 * quarter of a second after the article, where they had been painted with it).
 */
export const PANES_HELD_UP_TO_CHARS = 100_000;

/** Whether the page paints its article first: it has text to paint, and not so much that the panes wait long. */
function paintsArticleFirst(firstScreen: FirstScreen): boolean {
  const text = firstScreen.document?.detail.text ?? '';
  return text.length <= PANES_HELD_UP_TO_CHARS && /\S/.test(text);
}

const APP_ELEMENT = '<div id="app"></div>';
const META_CSP = /(<meta\s+http-equiv="Content-Security-Policy"\s+content=")[^"]*(")/i;

/** JSON that cannot end its <script> element or open a comment, whatever the article says. */
export function embeddableJson(value: unknown): string {
  return JSON.stringify(value).replace(/</g, '\\u003c').replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029');
}

function escapeAttribute(value: string): string {
  return value.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');
}

/** Svelte's server renderer escapes attribute values with these entities only. */
function decodeAttribute(value: string): string {
  return value.replace(/&(quot|amp|lt|gt|#39);/g, (_, name: string) => ({ quot: '"', amp: '&', lt: '<', gt: '>', '#39': "'" })[name]!);
}

/**
 * The CSP source for each distinct style="…" value in the markup, as a browser hashes it. Article
 * text that happens to read ` style="…"` adds a hash too: harmless, since text is escaped and can
 * never become an attribute.
 */
export function styleAttributeHashes(markup: string): string[] {
  const hashes = new Set<string>();
  for (const match of markup.matchAll(/\sstyle="([^"]*)"/g)) {
    hashes.add(sha256Source(decodeAttribute(match[1]!)));
  }
  return [...hashes].sort();
}

function sha256Source(text: string): string {
  return `'sha256-${createHash('sha256').update(text, 'utf8').digest('base64')}'`;
}

/** Hashes of what a drawn page carries inline, each admitted by the page's policy and nothing else. */
export interface InlineHashes {
  /** The inlined loader, in script-src. */
  scripts: readonly string[];
  /** The inlined stylesheets, in style-src. */
  styles: readonly string[];
  /** The markup's style attributes, in a style-src-attr directive of their own. */
  styleAttributes: readonly string[];
}

/** The base policy extended by the page's inline hashes. */
export function pagePolicy(baseCsp: string, hashes: InlineHashes): string {
  let csp = extendDirective(baseCsp, 'script-src', hashes.scripts);
  csp = extendDirective(csp, 'style-src', hashes.styles);
  if (hashes.styleAttributes.length > 0) csp = `${csp}; style-src-attr 'unsafe-hashes' ${hashes.styleAttributes.join(' ')}`;
  return csp;
}

function extendDirective(csp: string, name: string, sources: readonly string[]): string {
  if (sources.length === 0) return csp;
  const directive = new RegExp(`(^|;\\s*)(${name}\\s[^;]*)`);
  if (!directive.test(csp)) throw new Error(`the base policy has no ${name} directive to extend`);
  return csp.replace(directive, (_, before: string, found: string) => `${before}${found} ${sources.join(' ')}`);
}

const STYLESHEET_LINK = /<link rel="stylesheet"(?: crossorigin)? href="([^"]+)">/g;

/** The entry script Vite writes into index.html, and the module preloads of its imports. */
const ENTRY_SCRIPT = /<script type="module" crossorigin src="([^"]+)"><\/script>/g;
const MODULE_PRELOAD = /\s*<link rel="modulepreload" crossorigin href="[^"]+">/g;

export interface PageAssets {
  template: string;
  styles: Record<string, string>;
  loader: string;
}

/** index.html as built, the stylesheets it links, and the loader drawn pages inline. */
export async function readPageAssets(rendererDir: string): Promise<PageAssets> {
  const template = await fs.readFile(path.join(rendererDir, 'index.html'), 'utf8');
  const styles: Record<string, string> = {};
  for (const [, href] of template.matchAll(STYLESHEET_LINK)) {
    const file = path.resolve(rendererDir, href!);
    if (!file.startsWith(path.resolve(rendererDir) + path.sep)) throw new Error(`index.html links a stylesheet outside the renderer: ${href}`);
    styles[href!] = await fs.readFile(file, 'utf8');
  }
  const loader = await fs.readFile(path.join(rendererDir, 'loader.js'), 'utf8');
  return { template, styles, loader };
}

const assetCaches = new Map<string, () => Promise<PageAssets>>();

/**
 * The page assets, read again only when index.html changes (a rebuild names new hashed files);
 * a failed read is not kept, so the next request tries again. One cache per renderer folder, so
 * the page drawn ahead of a window and the page the window asks for read the files once.
 */
export function pageAssetsCache(rendererDir: string): () => Promise<PageAssets> {
  const key = path.resolve(rendererDir);
  let cache = assetCaches.get(key);
  if (!cache) {
    cache = readWhenChanged(key);
    assetCaches.set(key, cache);
  }
  return cache;
}

function readWhenChanged(rendererDir: string): () => Promise<PageAssets> {
  let cached: { mtimeMs: number; assets: Promise<PageAssets> } | null = null;
  return async () => {
    const { mtimeMs } = await fs.stat(path.join(rendererDir, 'index.html'));
    if (!cached || cached.mtimeMs !== mtimeMs) {
      const assets = readPageAssets(rendererDir);
      cached = { mtimeMs, assets };
      assets.catch(() => {
        if (cached?.assets === assets) cached = null;
      });
    }
    return cached.assets;
  };
}

/** How long a page request waits for the drawn first screen before the plain page is served instead. */
export const FIRST_SCREEN_TIMEOUT_MS = 3000;

/**
 * `work`, or a rejection after `ms` naming `what` took too long: a busy or stuck worker must not
 * hold up the window (the rendering benchmark uses it for its waits too).
 */
export function withinTimeout<T>(work: Promise<T>, ms: number = FIRST_SCREEN_TIMEOUT_MS, what = 'the first screen'): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} took longer than ${ms} ms`)), ms);
  });
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}

/**
 * What browser mode and Electron's app:// both serve for index.html: the page drawn by `draw`
 * from the current page assets, within the time limit; null (serve the plain page) when it
 * fails, after telling `onFailure` why.
 */
export function firstScreenDrawer<Request>(
  rendererDir: string,
  draw: (request: Request, assets: PageAssets) => Promise<FirstScreenPage | null>,
  onFailure: (error: Error) => void,
): (request: Request) => Promise<FirstScreenPage | null> {
  const pageAssets = pageAssetsCache(rendererDir);
  return async (request) => {
    try {
      return await withinTimeout(draw(request, await pageAssets()));
    } catch (error) {
      onFailure(error as Error);
      return null;
    }
  };
}

/**
 * index.html with the rendered first screen in #app, its data embedded, and the page's policy.
 * The page asks for nothing before its first paint: the stylesheet is inlined, and the entry's
 * script tag (and its module preloads) give way to the inlined loader, which loads the entry once
 * the first screen has been presented.
 */
export function composeFirstScreenPage(request: FirstScreenRequest, rendered: { body: string; head: string }, firstScreen: FirstScreen): FirstScreenPage {
  const { template, styles, loader, baseCsp } = request;
  if (!template.includes(APP_ELEMENT)) throw new Error(`index.html has no ${APP_ELEMENT} to render into`);
  if (!META_CSP.test(template)) throw new Error('index.html has no Content-Security-Policy <meta> to extend');
  const entries = [...template.matchAll(ENTRY_SCRIPT)];
  if (entries.length !== 1) throw new Error(`index.html must have one module script (the app's entry); it has ${entries.length}`);
  if (/<\/script|<!--/i.test(loader)) throw new Error('the loader cannot be inlined: it contains </script or <!--');
  const entry = entries[0]![1]!;
  const withLoader = template
    .replace(MODULE_PRELOAD, '')
    .replace(ENTRY_SCRIPT, () => `<script data-boot="${escapeAttribute(entry)}">${loader}</script>`);
  const body = paintsArticleFirst(firstScreen) ? holdPanesUntilAfterArticle(rendered.body) : rendered.body;
  const heldPaneStyle = body === rendered.body ? '' : `<style>${HELD_PANE_STYLE}</style>`;
  const inlined: string[] = heldPaneStyle ? [sha256Source(HELD_PANE_STYLE)] : [];
  const withStyles = withLoader.replace(STYLESHEET_LINK, (link, href: string) => {
    const css = styles[href];
    // Kept as a link: a stylesheet that could end its <style> early, or whose relative url()s
    // would resolve against the page instead of assets/.
    if (css === undefined || /<\/style/i.test(css) || /url\(/i.test(css)) return link;
    inlined.push(sha256Source(css));
    return `<style>${css}</style>`;
  });
  const csp = pagePolicy(baseCsp, { scripts: [sha256Source(loader)], styles: inlined, styleAttributes: styleAttributeHashes(rendered.body) });
  // frame-ancestors is ignored (with a console warning) in a <meta> policy; the header carries it.
  const metaCsp = csp
    .split(';')
    .map((directive) => directive.trim())
    .filter((directive) => directive !== '' && !directive.startsWith('frame-ancestors'))
    .join('; ');
  const data = `<script type="application/json" id="${FIRST_SCREEN_ELEMENT_ID}">${embeddableJson(firstScreen)}</script>`;
  // The parser may pause part-way through a long page, and the browser would paint what it has so
  // far: a first frame without the article, then the whole screen laid out and rasterized again.
  // Rendering waits instead until the data after the drawn screen has been parsed.
  const wholeScreen = `<link rel="expect" href="#${FIRST_SCREEN_ELEMENT_ID}" blocking="render">`;
  const html = withStyles
    .replace(META_CSP, (_, before: string, after: string) => `${before}${metaCsp}${after}`)
    .replace('</head>', () => `${heldPaneStyle}${wholeScreen}${rendered.head}</head>`)
    .replace(APP_ELEMENT, () => `<div id="app">${body}</div>${data}`);
  return { html, csp };
}

/**
 * Drawn pages kept until the project changes. Drawing one takes the worker 5–10 ms (the data's
 * queries, Svelte's server render, the policy's hashes), and the window waits for all of it
 * before it can parse a byte: measured cold in Chromium, the page from `spanbench serve` arrived
 * 11 ms after the same page served from memory and was first painted 36 ms later. A page is
 * kept with the project's content version (db/contentVersion.ts) and the assets it was drawn
 * from, and given again only while both are the same, so a page never shows anything but the
 * project as it is now.
 */
export class DrawnPageCache {
  readonly #entries = new Map<number | null, { version: string; request: FirstScreenRequest; page: FirstScreenPage }>();

  /**
   * @param limit how many documents' pages are kept (the last drawn are kept);
   * @param maxPageChars a longer page (a very long article embeds all its text) is drawn each time
   *   rather than kept, so the cache never holds more than limit × maxPageChars.
   */
  constructor(
    readonly limit = 4,
    readonly maxPageChars = 4_000_000,
  ) {}

  /** The page drawn for this request while the project's content was at `version`, if kept. */
  get(request: FirstScreenRequest, version: string): FirstScreenPage | null {
    const entry = this.#entries.get(request.documentId);
    if (!entry) return null;
    if (entry.version !== version || !sameAssets(entry.request, request)) {
      this.#entries.delete(request.documentId);
      return null;
    }
    // Used last, dropped last (a Map iterates in insertion order).
    this.#entries.delete(request.documentId);
    this.#entries.set(request.documentId, entry);
    return entry.page;
  }

  set(request: FirstScreenRequest, version: string, page: FirstScreenPage): void {
    this.#entries.delete(request.documentId);
    if (page.html.length > this.maxPageChars) return;
    if (this.#entries.size >= this.limit) this.#entries.delete(this.#entries.keys().next().value!);
    this.#entries.set(request.documentId, { version, request, page });
  }
}

function sameAssets(a: FirstScreenRequest, b: FirstScreenRequest): boolean {
  if (a.template !== b.template || a.loader !== b.loader || a.baseCsp !== b.baseCsp) return false;
  const hrefs = Object.keys(a.styles);
  return hrefs.length === Object.keys(b.styles).length && hrefs.every((href) => a.styles[href] === b.styles[href]);
}
