import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Page } from '@playwright/test';
import { test, expect, reloadApp } from './fixtures';
import { callApi } from './helpers';
import { importWithCli, writeCorpus, NEWS_COUNT, RARE_TITLE, RARE_WORD, type CorpusFolder } from './corpusFiles';
import type { DocumentPage, Label } from '../../contract/api';

const screens = fileURLToPath(new URL('../../.tmp/screens/', import.meta.url));
const mod = process.platform === 'darwin' ? 'Meta' : 'Control';
/** The sample article plus the generated news. */
const TOTAL = NEWS_COUNT + 1;

let corpus: CorpusFolder;

// These tests need a corpus, not the import UI (import.spec.ts covers that): the CLI brings it in.
test.beforeEach(async ({ app: page, served }) => {
  corpus = writeCorpus();
  mkdirSync(screens, { recursive: true });
  importWithCli(served.projectPath, corpus.news);
  await reloadApp(page);
  await expect(page.getByTestId('document-count')).toHaveText(String(TOTAL));
});
test.afterEach(() => corpus.cleanup());

const rows = (page: Page) => page.getByRole('list', { name: 'Documents' }).getByRole('listitem');
const row = (page: Page, title: string | RegExp) => page.getByRole('list', { name: 'Documents' }).getByRole('button', { name: title });
const heading = (page: Page) => page.locator('header.toolbar h1');

async function documentId(page: Page, title: string): Promise<number> {
  const all = await callApi<DocumentPage>(page, 'listDocuments', { limit: 5000 });
  const found = all.items.find((item) => item.title === title);
  if (!found) throw new Error(`no document ${title}`);
  return found.id;
}

test('search: ranked hits with highlighted snippets; opening one scrolls the article to the match', async ({ app: page }) => {
  await page.keyboard.press('/');
  const box = page.getByRole('searchbox', { name: 'Search documents' });
  await expect(box).toBeFocused();
  await page.keyboard.type(RARE_WORD);
  const results = page.getByRole('list', { name: 'Search results' });
  await expect(page.getByTestId('search-total')).toHaveText('1 result');
  await expect(results.getByRole('listitem')).toHaveCount(1);
  await expect(results.locator('mark')).toHaveText(RARE_WORD);
  // The snippet is drawn as text and <mark>s, never parsed as HTML.
  expect(await results.locator('.snippet').evaluate((element) => [...element.childNodes].every((node) => node.nodeType === Node.TEXT_NODE || node.nodeType === Node.COMMENT_NODE || node.nodeName === 'MARK'))).toBe(true);

  await page.keyboard.press('Enter');
  await expect(heading(page)).toHaveText(RARE_TITLE);
  const match = page.getByTestId('search-match').first();
  await expect(match).toBeInViewport();
  // The match is far down a long article: the view really scrolled to it.
  expect(await page.locator('.scroller[aria-label="Article text"]').evaluate((element) => element.scrollTop)).toBeGreaterThan(500);
  const under = await match.evaluate((element) => {
    const box = element.getBoundingClientRect();
    const block = element.closest('[data-block]')!;
    const range = document.createRange();
    const walker = document.createTreeWalker(block, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode() as Text | null; node; node = walker.nextNode() as Text | null) {
      for (let i = 0; i < node.data.length; i++) {
        range.setStart(node, i);
        range.setEnd(node, i + 1);
        const r = range.getBoundingClientRect();
        if (r.left >= box.left && r.right <= box.right && r.top >= box.top - 1 && r.bottom <= box.bottom + 1) return node.data.slice(i, i + 14);
      }
    }
    return '';
  });
  expect(under).toBe(RARE_WORD);
  await page.screenshot({ path: `${screens}list-search-open.png` });

  // Many hits: ranked, paged, with the total.
  await box.fill('commission');
  await expect(page.getByTestId('search-total')).toHaveText(/^\d[\d,]*\+? results$/);
  await expect(results.getByRole('listitem')).toHaveCount(50);
  await page.keyboard.press('ArrowDown');
  await expect(results.getByRole('button').first()).toBeFocused();
  await page.keyboard.press('j');
  await page.keyboard.press('j');
  await expect(results.getByRole('button').nth(2)).toBeFocused();
  await page.keyboard.press('k');
  await expect(results.getByRole('button').nth(1)).toBeFocused();
  await page.getByRole('button', { name: /Show more results/ }).click();
  await expect(results.getByRole('listitem')).toHaveCount(100);
  await page.screenshot({ path: `${screens}list-search.png` });

  // Escape clears the query (back to the list), a second Escape leaves the box.
  await box.focus();
  await page.keyboard.press('Escape');
  await expect(box).toHaveValue('');
  await expect(box).toBeFocused();
  await expect(page.getByRole('list', { name: 'Documents' })).toBeVisible();
  await page.keyboard.press('Escape');
  await expect(box).not.toBeFocused();
});

test('filter by status, label and date range; sort by title and span count', async ({ app: page }) => {
  const labels = await callApi<Label[]>(page, 'listLabels', {});
  const agency = labels.find((label) => label.name === 'Agency')!;
  const doneId = await documentId(page, 'Article 010: report from Kabar');
  const labelledId = await documentId(page, 'Article 020: report from Reuters');
  await callApi(page, 'setDocumentStatus', { documentId: doneId, status: 'done' });
  await callApi(page, 'createSpan', { documentId: labelledId, labelId: agency.id, start: 0, end: 9 });
  await reloadApp(page);
  await expect(page.getByTestId('document-count')).toHaveText(String(TOTAL));

  await page.getByRole('button', { name: 'Filters', exact: true }).click();
  const filters = page.getByRole('group', { name: 'Filters' });
  await filters.getByLabel('Status filter').selectOption('done');
  await expect(page.getByTestId('document-count')).toHaveText('1 shown');
  await expect(rows(page)).toHaveCount(1);
  await expect(row(page, /Article 010/)).toBeVisible();
  await filters.getByLabel('Status filter').selectOption('');

  await filters.getByLabel('Has label').selectOption({ label: 'Agency' });
  await expect(page.getByTestId('document-count')).toHaveText('1 shown');
  await expect(row(page, /Article 020/)).toContainText('1 span');
  await filters.getByLabel('Has label').selectOption('');
  await expect(page.getByTestId('document-count')).toHaveText(String(TOTAL));

  // Articles i with i % 3 === 0 are dated 2019; the sample article is from 2020.
  await filters.getByLabel('Published from').fill('2019-01-01');
  await filters.getByLabel('Published to').fill('2019-12-31');
  await expect(page.getByTestId('document-count')).toHaveText(`${NEWS_COUNT / 3} shown`);
  await filters.getByLabel('Source filter').fill('TASS');
  await expect(page.getByTestId('document-count')).toHaveText(`${NEWS_COUNT / 12} shown`);
  await expect(page.getByRole('button', { name: 'Filters (2 active)' })).toBeVisible();
  await page.screenshot({ path: `${screens}list-filters.png` });
  await filters.getByRole('button', { name: 'Clear filters' }).click();
  await expect(page.getByTestId('document-count')).toHaveText(String(TOTAL));
  await page.getByRole('button', { name: 'Filters', exact: true }).click();

  await page.getByLabel('Sort by').selectOption('title');
  await expect(rows(page).first()).toContainText('Article 000');
  await page.getByRole('button', { name: /Sorted ascending/ }).click();
  await expect(rows(page).nth(0)).toContainText('XVIII meeting');
  await expect(rows(page).nth(1)).toContainText('Article 299');

  await page.getByLabel('Sort by').selectOption('spanCount');
  await expect(rows(page).first()).toContainText('Article 020');
  // Still descending: done, then in progress, then new.
  await page.getByLabel('Sort by').selectOption('status');
  await expect(rows(page).nth(0)).toContainText('Article 010');
  await expect(rows(page).nth(0).getByText('Done', { exact: true })).toBeVisible();
  await expect(rows(page).nth(1).getByText('In progress', { exact: true })).toBeVisible();
  await page.getByRole('button', { name: /Sorted descending/ }).click();
  await expect(rows(page).first().getByText('New', { exact: true })).toBeVisible();
  await page.screenshot({ path: `${screens}list-sorted.png` });
});

test('the list is virtualized and walks with j/k, arrows, Home/End and Enter', async ({ app: page }) => {
  // 301 documents, a few dozen rows drawn.
  expect(await rows(page).count()).toBeLessThan(60);
  await row(page, /XVIII meeting/).focus();
  await page.keyboard.press('j');
  await page.keyboard.press('j');
  await expect(row(page, /Article 001/)).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(heading(page)).toHaveText('Article 001: report from TASS');
  await page.keyboard.press('k');
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('ArrowUp');
  await expect(row(page, /Article 000/)).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(heading(page)).toHaveText('Article 000: report from Reuters');

  await page.keyboard.press('End');
  await expect(row(page, /Article 299/)).toBeFocused();
  await expect(row(page, /Article 299/)).toBeInViewport();
  expect(await rows(page).count()).toBeLessThan(60);
  await expect(row(page, /XVIII meeting/)).toHaveCount(0);
  await page.keyboard.press('Enter');
  await expect(heading(page)).toHaveText('Article 299: report from AKIpress');
  await page.keyboard.press('Home');
  await expect(row(page, /XVIII meeting/)).toBeFocused();

  // Scrolling far loads the pages in between.
  await page.locator('.documents .rows').evaluate((element) => (element.scrollTop = element.scrollHeight / 2));
  await expect(row(page, /Article 149/)).toBeVisible();
  await page.screenshot({ path: `${screens}list-scrolled.png` });
});

test('document details: edit with validation, persist across a reload, undo', async ({ app: page }) => {
  await row(page, /Article 000/).click();
  await expect(heading(page)).toHaveText('Article 000: report from Reuters');
  await page.getByRole('button', { name: 'Details…' }).click();
  const dialog = page.getByRole('dialog', { name: 'Document details' });
  await expect(dialog.getByLabel('Source')).toHaveValue('Reuters');
  await expect(dialog.getByLabel('Published')).toHaveValue('2019-01-01');
  await expect(dialog.getByLabel('External id')).toHaveText('news-0');
  await expect(dialog.getByLabel('Field name 1')).toHaveValue('desk');
  await expect(dialog.getByLabel('Field value 1')).toHaveValue('politics');

  await dialog.getByLabel('Published').fill('27/11/2020');
  await dialog.getByRole('button', { name: 'Save' }).click();
  await expect(dialog.getByRole('alert')).toContainText('Published');
  await expect(dialog).toBeVisible();

  await dialog.getByLabel('Title').fill('Edited title');
  await dialog.getByLabel('Published').fill('2020-02-03');
  await dialog.getByLabel('Source').fill('Edited wire');
  await dialog.getByLabel('URL').fill('javascript:alert(1)');
  await dialog.getByRole('button', { name: 'Add field' }).click();
  await dialog.getByLabel('Field name 2').fill('region');
  await dialog.getByLabel('Field value 2').fill('Central Asia');
  await page.screenshot({ path: `${screens}list-details.png` });
  await dialog.getByRole('button', { name: 'Save' }).click();
  await expect(dialog).toBeHidden();
  await expect(heading(page)).toHaveText('Edited title');
  await expect(row(page, /Edited title/)).toContainText('Edited wire');
  await expect(page.locator('a[href]')).toHaveCount(0);

  await reloadApp(page);
  await expect(heading(page)).toHaveText('Edited title');
  await page.getByRole('button', { name: 'Details…' }).click();
  await expect(dialog.getByLabel('Published')).toHaveValue('2020-02-03');
  await expect(dialog.getByLabel('URL')).toHaveValue('javascript:alert(1)');
  await expect(dialog.getByLabel('Field name 2')).toHaveValue('region');
  await expect(dialog.getByLabel('Field value 2')).toHaveValue('Central Asia');
  await dialog.getByRole('button', { name: 'Cancel' }).click();
  await expect(dialog).toBeHidden();

  // Undo takes the whole edit back, as it does a span change.
  await page.locator('.scroller[aria-label="Article text"]').focus();
  await page.keyboard.press(`${mod}+z`);
  await expect(heading(page)).toHaveText('Article 000: report from Reuters');
  await expect(row(page, /Article 000/)).toContainText('Reuters');
  await page.getByRole('button', { name: 'Details…' }).click();
  await expect(dialog.getByLabel('Published')).toHaveValue('2019-01-01');
  await expect(dialog.getByLabel('Field name 2')).toHaveCount(0);
});
