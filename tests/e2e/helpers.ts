import { expect, type Locator, type Page } from '@playwright/test';
import type { Span } from '../../contract/api';

/**
 * Selects `phrase` in the article with a real mouse drag: from the left edge of its
 * first character to the right edge of its last one (coordinates from DOM ranges).
 */
export async function dragSelect(page: Page, phrase: string, occurrence = 0): Promise<void> {
  const points = await phrasePoints(page, phrase, occurrence);
  await page.mouse.move(points.start.x, points.start.y);
  await page.mouse.down();
  await page.mouse.move((points.start.x + points.end.x) / 2, (points.start.y + points.end.y) / 2, { steps: 4 });
  await page.mouse.move(points.end.x, points.end.y, { steps: 4 });
  await page.mouse.up();
}

interface Point {
  x: number;
  y: number;
}

/**
 * Where a drag over `phrase` starts and ends: inside the left edge of its first character and the
 * right edge of its last one. Scrolls the phrase on screen first, as an analyst would.
 */
export async function phrasePoints(page: Page, phrase: string, occurrence = 0): Promise<{ start: Point; end: Point }> {
  return page.evaluate(
    ({ phrase, occurrence }) => {
      const article = document.querySelector('article');
      if (!article) throw new Error('no <article>');
      const walker = document.createTreeWalker(article, NodeFilter.SHOW_TEXT);
      const nodes: Array<{ node: Text; start: number }> = [];
      let full = '';
      for (let node = walker.nextNode() as Text | null; node; node = walker.nextNode() as Text | null) {
        nodes.push({ node, start: full.length });
        full += node.data;
      }
      let at = -1;
      for (let i = 0; i <= occurrence; i++) at = full.indexOf(phrase, at + 1);
      if (at < 0) throw new Error(`phrase not drawn: ${phrase}`);
      const locate = (offset: number, preferNext: boolean) => {
        for (let i = nodes.length - 1; i >= 0; i--) {
          const item = nodes[i]!;
          if (item.start < offset || (item.start === offset && preferNext) || (item.start === offset && i === 0)) {
            return { node: item.node, offset: offset - item.start };
          }
        }
        throw new Error('offset outside article');
      };
      // The first character's box and the last character's box (a character may be a surrogate pair).
      const charRect = (from: number, to: number) => {
        const a = locate(from, true);
        const b = locate(to, false);
        const range = document.createRange();
        range.setStart(a.node, a.offset);
        range.setEnd(b.node, b.offset);
        const rects = [...range.getClientRects()].filter((rect) => rect.width > 0);
        return rects[0] ?? range.getBoundingClientRect();
      };
      // Bring the phrase on screen first, as an analyst would scroll to it.
      const startElement = locate(at, true).node.parentElement!;
      const box = startElement.getBoundingClientRect();
      if (box.top < 80 || box.bottom > window.innerHeight - 80) startElement.scrollIntoView({ block: 'center' });
      const firstLength = String.fromCodePoint(phrase.codePointAt(0)!).length;
      const lastChar = [...phrase].at(-1)!;
      const first = charRect(at, at + firstLength);
      const last = charRect(at + phrase.length - lastChar.length, at + phrase.length);
      return {
        start: { x: first.left + 1, y: first.top + first.height / 2 },
        end: { x: last.right - 1, y: last.top + last.height / 2 },
      };
    },
    { phrase, occurrence },
  );
}

/** Calls the API the way the renderer does, with the token from the page URL. */
export async function callApi<T>(page: Page, method: string, input: unknown): Promise<T> {
  return page.evaluate(
    async ({ method, input }) => {
      const token = new URLSearchParams(location.search).get('token') ?? '';
      const response = await fetch(`/api/${method}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-spanbench-token': token },
        body: JSON.stringify(input),
      });
      const wire = (await response.json()) as { ok: true; result: unknown } | { ok: false; error: { code: string; message: string } };
      if (!wire.ok) throw new Error(`${wire.error.code}: ${wire.error.message}`);
      return wire.result;
    },
    { method, input },
  ) as Promise<T>;
}

export async function currentDocumentId(page: Page): Promise<number> {
  const id = await page.locator('[aria-label="Documents"] button[aria-current="true"]').getAttribute('data-document-id');
  return Number(id);
}

export async function listSpans(page: Page): Promise<Span[]> {
  return callApi<Span[]>(page, 'listSpans', { documentId: await currentDocumentId(page) });
}

/** Drawn pieces of spans with a label. */
export function drawn(page: Page, label?: string): Locator {
  return page.locator(label ? `article [data-span-id][data-label="${label}"]` : 'article [data-span-id]');
}

/** Text of all pieces of one span, joined in document order. */
export async function drawnText(page: Page, spanId: string | number): Promise<string> {
  return page.locator(`article [data-span-id="${spanId}"]`).evaluateAll((elements) => {
    // Pieces of one span can nest inside each other's parents but never inside themselves: join top-level pieces.
    return elements.map((element) => element.textContent ?? '').join('');
  });
}

/** A point where the given element is the topmost span element (elementFromPoint), or null. */
export async function topmostPoint(page: Page, spanId: string | number): Promise<{ x: number; y: number } | null> {
  return page.evaluate((id) => {
    for (const element of document.querySelectorAll(`article [data-span-id="${id}"]`)) {
      for (const rect of element.getClientRects()) {
        for (let fy = 0.5; fy < 1; fy += 0.1) {
          for (let fx = 0.1; fx < 1; fx += 0.2) {
            const x = rect.left + rect.width * fx;
            const y = rect.top + rect.height * fy;
            const hit = document.elementFromPoint(x, y)?.closest('[data-span-id]');
            if (hit && hit.getAttribute('data-span-id') === String(id)) return { x, y };
          }
        }
      }
    }
    return null;
  }, spanId);
}

/** The app's entry script, as Vite names it. */
export const APP_ENTRY = /\/assets\/index-[\w-]+\.js$/;

/**
 * Opens the page with the app's entry held back, so the drawn page is on screen without the app
 * until the returned function releases it. A hold from an earlier call is lifted first.
 */
export async function openWithAppHeldBack(page: Page, url: string): Promise<() => void> {
  let release: () => void = () => undefined;
  const held = new Promise<void>((resolve) => (release = resolve));
  await page.unroute(APP_ENTRY);
  await page.route(APP_ENTRY, async (route) => {
    await held;
    await route.continue();
  });
  await page.goto(url);
  await expect(page.locator('article')).toContainText('XVIII meeting');
  await expect(page.locator('html[data-ready="true"]')).toHaveCount(0);
  return release;
}

/** The article's scrolling pane: what takes focus in the article. */
export const articleText = (page: Page) => page.locator('.article-pane .scroller');

/** Two spans, none selected, focus on the article: where Tab walks spans. */
export async function twoSpansArticleFocused(page: Page): Promise<void> {
  await dragSelect(page, 'Kyrgyz Republic');
  await page.keyboard.press('1');
  await dragSelect(page, 'Yuri Borisov');
  await page.keyboard.press('2');
  await expect(drawn(page)).toHaveCount(2);
  await page.keyboard.press('Escape');
  await articleText(page).focus();
}
