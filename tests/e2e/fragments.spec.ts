/**
 * A discontinuous span (brat `T2 Token 5 7;9 10` over "This is\nan other test.": "is" and "n") is
 * drawn, listed and described by its fragments only; the "a" in the gap is not part of it.
 */
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Page } from '@playwright/test';
import type { Span } from '../../contract/api';
import { test, expect, reloadApp } from './fixtures';
import { articleText, listSpans } from './helpers';
import { importWithCli } from './corpusFiles';

const repoRoot = fileURLToPath(new URL('../..', import.meta.url));
const brat = path.resolve(repoRoot, '../shared/fixtures/brat/dkpro');
const screens = fileURLToPath(new URL('../../.tmp/screens/', import.meta.url));

let fragmented: Span;

test.beforeEach(async ({ app: page, served }) => {
  importWithCli(served.projectPath, path.join(brat, 'document0d.txt'), path.join(brat, 'document0d.ann'), '--format', 'brat');
  await reloadApp(page);
  await page.getByRole('list', { name: 'Documents' }).getByRole('button', { name: /This is/ }).click();
  await expect(page.locator('article')).toContainText('an other test.');
  fragmented = (await listSpans(page)).find((span) => span.fragments !== null)!;
  expect(fragmented).toMatchObject({ start: 5, end: 10, text: 'is\nan', fragments: [[5, 7], [9, 10]] });
});

const pieces = (page: Page) => page.locator(`article [data-span-id="${fragmented.id}"]`);

/** The middle of a drawn block's first character. */
async function firstCharacterOf(page: Page, block: number): Promise<{ x: number; y: number }> {
  return page.locator(`article [data-block="${block}"]`).evaluate((element) => {
    const walker = document.createTreeWalker(element, NodeFilter.SHOW_TEXT);
    const range = document.createRange();
    range.setStart(walker.nextNode()!, 0);
    range.setEnd(range.startContainer, 1);
    const box = range.getBoundingClientRect();
    return { x: box.left + box.width / 2, y: box.top + box.height / 2 };
  });
}

test('each fragment is drawn as a mark of the span, and the gap is not', async ({ app: page }) => {
  await expect(pieces(page)).toHaveText(['is', 'n']);
  for (const piece of await pieces(page).all()) {
    await expect(piece).toHaveAttribute('data-label', 'Token');
    await expect(piece).toHaveAttribute('title', 'Token: is … n');
  }
  // The "a" that starts the second line is in no mark.
  const lineTwoStart = await page.locator('article [data-block="1"]').evaluate((block) => {
    const first = document.createTreeWalker(block, NodeFilter.SHOW_TEXT).nextNode() as Text;
    return { text: first.data, inMark: first.parentElement?.closest('[data-span-id]') !== null };
  });
  expect(lineTwoStart).toEqual({ text: 'a', inMark: false });

  const row = page.getByRole('list', { name: 'Spans' }).locator(`button[data-span-id="${fragmented.id}"]`);
  await expect(row).toHaveAttribute('aria-label', 'Token: is … n (5–10)');
  await expect(row.locator('.text')).toHaveText('is … n');
  mkdirSync(screens, { recursive: true });
  await page.screenshot({ path: `${screens}fragments.png` });
});

test('a click on either fragment selects the span, a click in the gap does not, and Tab reaches it', async ({ app: page }) => {
  await pieces(page).nth(1).click();
  await expect(pieces(page).nth(0)).toHaveClass(/selected/);
  await expect(pieces(page).nth(1)).toHaveClass(/selected/);
  await expect(page.getByRole('list', { name: 'Spans' }).locator(`button[data-span-id="${fragmented.id}"]`)).toHaveAttribute('aria-pressed', 'true');

  const gap = await firstCharacterOf(page, 1);
  await page.mouse.click(gap.x, gap.y);
  await expect(page.locator('article [data-span-id].selected')).toHaveCount(0);

  // Document order: "This", then the fragmented span.
  await articleText(page).focus();
  await page.keyboard.press('Tab');
  await expect(page.locator('article [data-span-id].selected')).toHaveText(['This']);
  await page.keyboard.press('Tab');
  await expect(page.locator('article [data-span-id].selected')).toHaveText(['is', 'n']);
});
