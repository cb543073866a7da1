/**
 * The search box from the keyboard: Enter opens the top result of the query as typed, even when
 * pressed before that query's results are on screen; F6 leaves the box for the next pane; and a
 * search begun with `/` while the app is still loading is typed into the box and run, in order
 * with the other keys pressed meanwhile.
 */
import type { Page } from '@playwright/test';
import { expect, test, waitForApp } from './fixtures';
import { articleText, dragSelect, drawn, openWithAppHeldBack, twoSpansArticleFocused } from './helpers';

test.use({
  // The outer array: Playwright reads a two-item array option as [value, fixture options].
  extraTexts: [
    [
      { file: 'glacier.txt', content: 'The expedition crossed the glacier before the storm.', title: 'Glacier report' },
      { file: 'marmot.txt', content: 'A marmot whistled from the rocks above the pass.', title: 'Marmot notes' },
    ],
    { option: true },
  ],
});

const heading = (page: Page) => page.locator('header.toolbar h1');
const searchBox = (page: Page) => page.getByRole('searchbox', { name: 'Search documents' });
const results = (page: Page) => page.getByRole('list', { name: 'Search results' });

test('Enter right after typing opens the top result of the query as typed, never an older one', async ({ app: page }) => {
  await expect(heading(page)).toContainText('XVIII meeting');
  await page.keyboard.press('/');
  await page.keyboard.type('marmot');
  await expect(results(page).getByRole('button')).toHaveText([/Marmot notes/]);

  // The Marmot result is still on screen (the new search waits out its debounce) when Enter comes.
  await page.keyboard.press('Control+a');
  await page.keyboard.type('glacier');
  await page.keyboard.press('Enter');
  await expect(heading(page)).toHaveText('Glacier report');
  await expect(searchBox(page)).toHaveValue('glacier');

  // With no results on screen at all.
  await page.keyboard.press('Escape');
  await expect(searchBox(page)).toHaveValue('');
  await page.keyboard.type('Definex');
  await page.keyboard.press('Enter');
  await expect(heading(page)).toContainText('XVIII meeting');

  // A query that matches nothing opens nothing and says so.
  await page.keyboard.press('Control+a');
  await page.keyboard.type('zzzqqq');
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('message')).toContainText('No document matches “zzzqqq”');
  await expect(heading(page)).toContainText('XVIII meeting');
});

test('Esc out of the search box gives focus back to where it was, so Tab walks spans again', async ({ app: page }) => {
  await twoSpansArticleFocused(page);
  await page.keyboard.press('/');
  await expect(searchBox(page)).toBeFocused();
  await page.keyboard.type('glacier');
  await expect(results(page).getByRole('button')).toHaveText([/Glacier report/]);
  // The first Esc clears the query and stays; the second leaves the box for the article it came from.
  await page.keyboard.press('Escape');
  await expect(searchBox(page)).toHaveValue('');
  await expect(searchBox(page)).toBeFocused();
  await page.keyboard.press('Escape');
  await expect(articleText(page)).toBeFocused();
  await page.keyboard.press('Tab');
  await expect(page.locator('article [data-span-id].selected')).toHaveCount(1);
  await expect(articleText(page)).toBeFocused();

  // From another pane, back to it; leaving the box deselects nothing.
  const spanRow = page.getByRole('list', { name: 'Spans' }).getByRole('button').last();
  await spanRow.focus();
  await page.keyboard.press('/');
  await expect(searchBox(page)).toBeFocused();
  await page.keyboard.press('Escape');
  await expect(spanRow).toBeFocused();
  await expect(page.locator('article [data-span-id].selected')).toHaveCount(1);
});

test('Esc in a filter field leaves it for the article, where keys work, keeping what was typed', async ({ app: page }) => {
  await page.getByRole('button', { name: 'Filters', exact: true }).click();
  const source = page.getByRole('group', { name: 'Filters' }).getByLabel('Source filter');
  await source.fill('Trend');
  await expect(source).toBeFocused();
  await page.keyboard.press('Escape');
  await expect(articleText(page)).toBeFocused();
  await expect(source).toHaveValue('Trend');
});

test('Enter opens nothing if the query changes before its results arrive', async ({ app: page }) => {
  await page.route('**/api/searchDocuments', async (route) => {
    await new Promise((resolve) => setTimeout(resolve, 400));
    await route.continue();
  });
  await page.keyboard.press('/');
  await page.keyboard.type('glacier');
  await page.keyboard.press('Enter');
  // Typed while Enter waits for the answer: the query Enter was for is an older one now.
  await page.keyboard.type(' storm');
  await expect(page.getByTestId('search-total')).toHaveText('1 result');
  await page.waitForTimeout(500);
  await expect(heading(page)).toContainText('XVIII meeting');
  await page.keyboard.press('Enter');
  await expect(heading(page)).toHaveText('Glacier report');
});

test('F6 and Shift+F6 leave the search box for the next and previous pane, typing nothing', async ({ app: page }) => {
  await page.keyboard.press('/');
  await page.keyboard.type('glacier');
  await expect(searchBox(page)).toBeFocused();
  await page.keyboard.press('F6');
  await expect(page.locator('.article-pane .scroller')).toBeFocused();

  await page.keyboard.press('/');
  await expect(searchBox(page)).toBeFocused();
  await page.keyboard.press('Shift+F6');
  await expect(searchBox(page)).not.toBeFocused();
  expect(await page.evaluate(() => Boolean(document.activeElement?.closest('.span-panel, .palette')))).toBe(true);
  await expect(searchBox(page)).toHaveValue('glacier');
});

test('/ and a query typed while the app is still loading land in the search box, and the search runs', async ({ app: page, served }) => {
  const release = await openWithAppHeldBack(page, served.url);
  await page.keyboard.press('/');
  await page.keyboard.type('glacier');
  // Typed natively into the drawn box: the analyst sees the query at once.
  await expect(searchBox(page)).toHaveValue('glacier');
  release();
  await waitForApp(page);
  await expect(searchBox(page)).toHaveValue('glacier');
  await expect(searchBox(page)).toBeFocused();
  await expect(page.getByTestId('search-total')).toHaveText('1 result');
  await expect(results(page).getByRole('button')).toHaveText([/Glacier report/]);
  // Typing goes on where it stopped.
  await page.keyboard.type(' storm');
  await expect(searchBox(page)).toHaveValue('glacier storm');
});

test('keys pressed before an early / act first, where they were pressed; Enter after the query opens its top result', async ({ app: page, served }) => {
  const release = await openWithAppHeldBack(page, served.url);
  await dragSelect(page, 'video conferencing');
  await page.keyboard.press('3');
  await page.keyboard.press('/');
  await page.keyboard.type('marmot');
  await page.keyboard.press('Enter');
  release();
  await waitForApp(page);
  await expect(heading(page)).toHaveText('Marmot notes');
  await expect(searchBox(page)).toHaveValue('marmot');
  // The label key acted on the selection made before the `/`, in the article open then.
  await page.keyboard.press('Escape');
  await page.getByRole('list', { name: 'Documents' }).getByRole('button', { name: /XVIII meeting/ }).click();
  await expect(drawn(page, 'PlannedEvent')).toHaveText('video conferencing');
});
