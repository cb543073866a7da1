/**
 * The span list keeps the selected span's row in view, whichever way the selection moves and
 * wherever the analyst last scrolled the list to. (It goes by the scroll position and height the
 * list last reported rather than reading them while a change is drawn: these tests are what tells
 * that the reported ones are right.)
 */
import type { Page } from '@playwright/test';
import { test, expect, reloadApp } from './fixtures';
import { callApi, currentDocumentId, dragSelect } from './helpers';

const ITEMS = 40;
const TEXT = Array.from({ length: ITEMS }, (_, i) => `Item ${i + 1} is reported here.`).join('\n\n');

test.use({ extraTexts: [{ file: 'items.txt', content: TEXT, title: 'Forty items' }] });

/** The selected span's row in the span list. */
function selectedRow(page: Page) {
  return page.getByRole('list', { name: 'Spans' }).getByRole('button', { pressed: true });
}

/** Scrolls the span list as a wheel would (a scroll event reports the new position). */
async function scrollList(page: Page, to: 'top' | 'bottom'): Promise<void> {
  await page.locator('.span-panel .scroller').evaluate((element, where) => {
    element.scrollTop = where === 'top' ? 0 : element.scrollHeight;
  }, to);
  await expect(page.getByRole('list', { name: 'Spans' }).getByRole('button', { name: to === 'top' ? /Item 1 \(/ : /Item 40 \(/ })).toBeInViewport({ ratio: 1 });
}

test('the span list follows the selected span down, up and around, from wherever it was scrolled', async ({ app: page }) => {
  await page.getByRole('list', { name: 'Documents' }).getByRole('button', { name: /Forty items/ }).click();
  await expect(page.locator('article')).toContainText('Item 1 is reported');
  const documentId = await currentDocumentId(page);
  for (let i = 1; i <= ITEMS; i++) {
    const at = TEXT.indexOf(`Item ${i} is`);
    await callApi(page, 'createSpan', { documentId, labelId: 1, start: at, end: at + `Item ${i}`.length });
  }
  await reloadApp(page);
  const list = page.getByRole('list', { name: 'Spans' });
  await expect(list.getByRole('button').first()).toBeVisible();
  // The list is much shorter than its forty rows: following the selection means scrolling it.
  expect(await page.locator('.span-panel .scroller').evaluate((element) => element.scrollHeight > 3 * element.clientHeight)).toBe(true);

  // Down, one span at a time.
  await page.locator('.scroller[aria-label="Article text"]').focus();
  for (let i = 1; i <= ITEMS; i++) {
    await page.keyboard.press('Tab');
    await expect(selectedRow(page)).toHaveAccessibleName(new RegExp(`: Item ${i} \\(`));
    await expect(selectedRow(page)).toBeInViewport({ ratio: 1 });
  }

  // Scrolled back to the top by hand, then one span back: the list goes down to its row again.
  await scrollList(page, 'top');
  await page.keyboard.press('Shift+Tab');
  await expect(selectedRow(page)).toHaveAccessibleName(/: Item 39 \(/);
  await expect(selectedRow(page)).toBeInViewport({ ratio: 1 });

  // Scrolled to the end by hand, then on past the last span to the first: up to the top.
  await scrollList(page, 'bottom');
  await page.keyboard.press('Tab');
  await page.keyboard.press('Tab');
  await expect(selectedRow(page)).toHaveAccessibleName(/: Item 1 \(/);
  await expect(selectedRow(page)).toBeInViewport({ ratio: 1 });

  // A new span, made while the list shows other rows, is selected with its row in view.
  await scrollList(page, 'bottom');
  await dragSelect(page, 'reported here', 0);
  await page.keyboard.press('2');
  await expect(selectedRow(page)).toHaveAccessibleName(/^Decision: reported here \(/);
  await expect(selectedRow(page)).toBeInViewport({ ratio: 1 });
});
