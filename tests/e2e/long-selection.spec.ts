/**
 * Selections and navigation in a long article, where only the blocks near the viewport are drawn:
 * a selection whose start scrolls screens away still saves what the analyst selected, a drag past
 * the pane stops at what was visible, and one Tab, list click or End brings the target on screen.
 */
import type { Page } from '@playwright/test';
import { test, expect } from './fixtures';
import { longReport } from './corpusFiles';
import { callApi, currentDocumentId, listSpans } from './helpers';
import type { Span } from '../../contract/api';

const TEXT = longReport();
// The text is ASCII: code point offsets are string indices.
const offsetOf = (phrase: string): number => {
  const at = TEXT.indexOf(phrase);
  if (at < 0) throw new Error(`not in the text: ${phrase}`);
  return at;
};

test.use({ extraTexts: [{ file: 'long.txt', content: TEXT, title: 'Long report' }] });

const SCROLLER = '.scroller[aria-label="Article text"]';

async function openLong(page: Page): Promise<void> {
  await page.getByRole('list', { name: 'Documents' }).getByRole('button', { name: /Long report/ }).click();
  await expect(page.locator('article')).toContainText('P0 ');
}

/** The box of one character of a drawn phrase ("P1 ", index 0 = its "P"). */
async function charBox(page: Page, phrase: string, index: number): Promise<{ left: number; right: number; y: number }> {
  return page.evaluate(
    ({ phrase, index }) => {
      const article = document.querySelector('article')!;
      const walker = document.createTreeWalker(article, NodeFilter.SHOW_TEXT);
      for (let node = walker.nextNode() as Text | null; node; node = walker.nextNode() as Text | null) {
        const at = node.data.indexOf(phrase);
        if (at < 0) continue;
        const range = document.createRange();
        range.setStart(node, at + index);
        range.setEnd(node, at + index + 1);
        const box = range.getBoundingClientRect();
        return { left: box.left, right: box.right, y: box.top + box.height / 2 };
      }
      throw new Error(`not drawn: ${phrase}`);
    },
    { phrase, index },
  );
}

/** The first word ("P123") of the first drawn paragraph starting at least `below` px under the pane's top, well inside the pane. */
async function paragraphOnScreen(page: Page, below: number): Promise<string> {
  return page.evaluate(
    ({ selector, below }) => {
      const view = document.querySelector(selector)!.getBoundingClientRect();
      for (const element of document.querySelectorAll<HTMLElement>('article [data-block]')) {
        const box = element.getBoundingClientRect();
        const text = element.textContent ?? '';
        if (box.top > view.top + below && box.top < view.bottom - 150 && /^P\d+ /.test(text)) return text.slice(0, text.indexOf(' '));
      }
      throw new Error('no paragraph on screen');
    },
    { selector: SCROLLER, below },
  );
}

/** The box of the drawn block starting with `prefix`, or null if it is not drawn. */
async function blockBox(page: Page, prefix: string): Promise<{ top: number; viewTop: number; viewBottom: number } | null> {
  return page.evaluate(
    ({ selector, prefix }) => {
      const view = document.querySelector(selector)!.getBoundingClientRect();
      const element = [...document.querySelectorAll('article [data-block]')].find((candidate) => candidate.textContent!.startsWith(prefix));
      return element ? { top: element.getBoundingClientRect().top, viewTop: view.top, viewBottom: view.bottom } : null;
    },
    { selector: SCROLLER, prefix },
  );
}

/** Resolves once the pane's scroll position has stayed the same for a few frames (wheel scrolling may animate). */
async function scrollSettled(page: Page): Promise<void> {
  await page.locator(SCROLLER).evaluate(
    (element) =>
      new Promise<void>((resolve) => {
        let last = -1;
        let still = 0;
        let frames = 0;
        const check = () => {
          still = element.scrollTop === last ? still + 1 : 0;
          last = element.scrollTop;
          if (still >= 5 || ++frames > 300) resolve();
          else requestAnimationFrame(check);
        };
        requestAnimationFrame(check);
      }),
  );
}

/** Whether any drawn block starts with `prefix`. */
async function isDrawn(page: Page, prefix: string): Promise<boolean> {
  return page.evaluate((prefix) => [...document.querySelectorAll('article [data-block]')].some((element) => element.textContent!.startsWith(prefix)), prefix);
}

async function onlySpan(page: Page): Promise<Span> {
  await expect.poll(async () => (await listSpans(page)).length).toBe(1);
  return (await listSpans(page))[0]!;
}

test('a drag whose start scrolls screens away saves the span from where it started', async ({ app: page }) => {
  await openLong(page);
  const start = await charBox(page, 'P1 ', 0);
  await page.mouse.move(start.left + 1, start.y);
  await page.mouse.down();
  await page.mouse.move(start.left + 40, start.y, { steps: 3 });
  // The button stays down while the wheel scrolls some screens on, to P30: the blocks between P1 and P30 are no longer drawn.
  for (let i = 0; i < 100; i++) {
    const box = await blockBox(page, 'P30 ');
    if (box && box.top < box.viewBottom - 250) break;
    await page.mouse.wheel(0, 300);
    await scrollSettled(page);
  }
  await expect.poll(() => isDrawn(page, 'P10 ')).toBe(false);
  const word = 'P30';
  const end = await charBox(page, `${word} `, word.length - 1);
  await page.mouse.move(end.right - 1, end.y, { steps: 5 });
  await page.mouse.up();
  await page.keyboard.press('1');

  const span = await onlySpan(page);
  expect(span.start).toBe(offsetOf('P1 '));
  expect(span.end).toBe(offsetOf(`${word} `) + word.length);
});

test('a click, then a Shift+click screens further on, saves the span from the click', async ({ app: page }) => {
  await openLong(page);
  const start = await charBox(page, 'P1 ', 0);
  await page.mouse.click(start.left + 1, start.y);
  // Screens further on (the blocks between P1 and P30 are no longer drawn), to P30.
  const scroller = page.locator(SCROLLER);
  for (let i = 0; i < 20 && !(await isDrawn(page, 'P30 ')); i++) {
    await scroller.evaluate((element) => (element.scrollTop += 2000));
    await scrollSettled(page);
  }
  await page.locator('article [data-block]', { hasText: /^P30 / }).evaluate((element) => element.scrollIntoView({ block: 'center' }));
  await scrollSettled(page);
  await expect.poll(() => isDrawn(page, 'P10 ')).toBe(false);
  const word = 'P30';
  const end = await charBox(page, `${word} `, word.length - 1);
  await page.keyboard.down('Shift');
  await page.mouse.click(end.right - 1, end.y);
  await page.keyboard.up('Shift');
  await page.keyboard.press('2');

  const span = await onlySpan(page);
  expect(span.start).toBe(offsetOf('P1 '));
  expect(span.end).toBe(offsetOf(`${word} `) + word.length);
});

test('a drag upward past the pane into the toolbar starts the span at the first visible line', async ({ app: page }) => {
  await openLong(page);
  const scroller = page.locator(SCROLLER);
  await scroller.evaluate((element) => (element.scrollTop = element.scrollHeight / 2));
  await scrollSettled(page);
  // Further on until a paragraph starts in the lower half of the pane (the middle may be inside a very long line).
  let word: string | null = null;
  for (let i = 0; i < 40 && !word; i++) {
    word = await paragraphOnScreen(page, 350).catch(() => null);
    if (!word) {
      await scroller.evaluate((element) => (element.scrollTop += 500));
      await scrollSettled(page);
    }
  }
  if (!word) throw new Error('no paragraph start on screen');
  const from = await charBox(page, `${word} `, word.length - 1);
  await page.mouse.move(from.right - 1, from.y);
  await page.mouse.down();
  await page.mouse.move(700, 300, { steps: 5 });
  await page.mouse.move(700, 20, { steps: 5 }); // over the toolbar: the pane scrolls up while the button is down
  await page.mouse.up();
  await scrollSettled(page);

  // Where the visible text starts: the first non-space character whose line's middle is inside the pane.
  const visible = await page.evaluate((selector) => {
    const view = document.querySelector(selector)!.getBoundingClientRect();
    const range = document.createRange();
    for (const block of document.querySelectorAll('article [data-block]')) {
      if (block.getBoundingClientRect().bottom <= view.top) continue;
      const walker = document.createTreeWalker(block, NodeFilter.SHOW_TEXT);
      let seen = 0;
      for (let node = walker.nextNode() as Text | null; node; node = walker.nextNode() as Text | null) {
        for (let i = 0; i < node.data.length; i++) {
          if (node.data[i]!.trim() === '') continue;
          range.setStart(node, i);
          range.setEnd(node, i + 1);
          const box = range.getBoundingClientRect();
          if (box.top + box.height / 2 >= view.top) return { block: block.textContent ?? '', offset: seen + i };
        }
        seen += node.data.length;
      }
    }
    return null;
  }, SCROLLER);
  expect(visible).not.toBeNull();

  await page.keyboard.press('1');
  const span = await onlySpan(page);
  expect(span.start).toBe(offsetOf(visible!.block) + visible!.offset);
  expect(span.end).toBe(offsetOf(`${word} `) + word.length);
});

/** The selected span's text, and whether it is drawn wholly inside the article pane. */
async function selectedOnScreen(page: Page): Promise<{ text: string; inView: boolean } | null> {
  return page.evaluate((selector) => {
    const mark = document.querySelector('article mark.selected');
    if (!mark) return null;
    const view = document.querySelector(selector)!.getBoundingClientRect();
    const box = mark.getBoundingClientRect();
    return { text: mark.textContent ?? '', inView: box.top >= view.top && box.bottom <= view.bottom };
  }, SCROLLER);
}

test('Tab, Shift+Tab and the span list bring a far span on screen in one step', async ({ app: page }) => {
  await openLong(page);
  const documentId = await currentDocumentId(page);
  const phrases = ['P5', 'P200', 'P500', 'P901', 'Final paragraph'];
  for (const phrase of phrases) {
    const at = offsetOf(phrase === 'Final paragraph' ? phrase : `${phrase} `);
    await callApi<unknown>(page, 'createSpan', { documentId, labelId: 1, start: at, end: at + phrase.length });
  }
  await page.reload();
  await expect(page.locator('html[data-ready="true"]')).toBeAttached();
  await expect(page.locator('article')).toContainText('P0 ');

  await page.locator(SCROLLER).focus();
  const steps: Array<[string, string]> = [
    ['Tab', 'P5'],
    ['Tab', 'P200'],
    ['Tab', 'P500'],
    ['Tab', 'P901'],
    ['Tab', 'Final paragraph'],
    ['Shift+Tab', 'P901'],
    ['Tab', 'Final paragraph'],
    ['Tab', 'P5'],
    ['Shift+Tab', 'Final paragraph'],
  ];
  for (const [key, text] of steps) {
    await page.keyboard.press(key);
    await expect.poll(() => selectedOnScreen(page), `${key} to ${text}`).toEqual({ text, inView: true });
  }

  const rows = page.getByRole('list', { name: 'Spans' }).getByRole('button');
  for (const index of [3, 1, 4, 0, 4]) {
    await rows.nth(index).click();
    await expect.poll(() => selectedOnScreen(page), `row ${index}`).toEqual({ text: phrases[index], inView: true });
  }
});

test('one End in the article pane reaches the last line', async ({ app: page }) => {
  await openLong(page);
  await page.locator(SCROLLER).focus();
  await page.keyboard.press('End');
  await expect
    .poll(() =>
      page.locator(SCROLLER).evaluate((element) => {
        const last = [...element.querySelectorAll<HTMLElement>('article [data-block]')].at(-1)!;
        const box = last.getBoundingClientRect();
        const view = element.getBoundingClientRect();
        return {
          atEnd: element.scrollTop + element.clientHeight >= element.scrollHeight - 1,
          last: last.textContent,
          lastVisible: box.top >= view.top && box.bottom <= view.bottom,
        };
      }),
    )
    .toEqual({ atEnd: true, last: 'Final paragraph of the long report.', lastVisible: true });
});
