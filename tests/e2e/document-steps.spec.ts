/**
 * Alt+↓ / Alt+↑ step through the document list as it is sorted and filtered, from wherever the open
 * document's row is: the list loads pages of 200 rows, and a document opened past them (from the
 * address, a search, or a new sort order) once stepped to the first row instead.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import type { DocumentPage } from '../../contract/api';
import { DOCUMENT_LIST_PAGE } from '../../contract/constants';
import { expect, reloadApp, test } from './fixtures';
import { articleText, callApi } from './helpers';
import { importWithCli } from './corpusFiles';

/** Past two list pages; with the sample article the project holds COUNT + 1 documents. */
const COUNT = 450;
const SOURCES = ['North wire', 'South wire'] as const;

/** Titles in another order than the documents were added (7919 is prime to COUNT), sources alternating. */
function record(i: number): { title: string; text: string; source: string } {
  return { title: `Item ${String((i * 7919) % COUNT).padStart(3, '0')}`, text: `Record ${i} of the wire, codeword zq${i}x.`, source: SOURCES[i % 2]! };
}

const heading = (page: Page) => page.locator('header.toolbar h1');
const list = (page: Page) => page.getByRole('list', { name: 'Documents' });
const openRow = (page: Page) => list(page).locator('button[aria-current="true"]');

/** The whole list as the back end orders and filters it. */
async function listed(page: Page, query: Record<string, unknown>): Promise<Array<{ id: number; title: string }>> {
  return (await callApi<DocumentPage>(page, 'listDocuments', { ...query, limit: 5000 })).items;
}

async function openByAddress(page: Page, id: number): Promise<void> {
  const url = new URL(page.url());
  url.searchParams.set('doc', String(id));
  await page.goto(url.toString());
  await expect(page.locator('html[data-ready="true"]')).toBeAttached();
}

/** The document opened, named in the address, and its row in the list on screen as the cursor's. */
async function expectOpen(page: Page, document: { id: number; title: string }): Promise<void> {
  await expect(heading(page)).toHaveText(document.title);
  await expect(page).toHaveURL(new RegExp(`[?&]doc=${document.id}(&|$)`));
  await expect(openRow(page)).toHaveAttribute('data-document-id', String(document.id));
  await expect(openRow(page)).toBeInViewport();
  await expect(openRow(page)).toHaveAttribute('tabindex', '0');
}

test.beforeEach(async ({ app: page, served }) => {
  const file = join(served.projectPath, '..', 'wire.jsonl');
  writeFileSync(file, `${Array.from({ length: COUNT }, (_, i) => JSON.stringify(record(i))).join('\n')}\n`);
  importWithCli(served.projectPath, file);
  await reloadApp(page);
  await expect(page.getByTestId('document-count')).toHaveText(String(COUNT + 1));
});

test('Alt+↓ / Alt+↑ from a document past the loaded pages open its neighbours, and the list shows them', async ({ app: page }) => {
  const all = await listed(page, {});
  // Opened from the address (a bookmark, a reload): its row is on the third page, never loaded yet.
  await openByAddress(page, all[430]!.id);
  await expectOpen(page, all[430]!);
  await articleText(page).focus();
  await page.keyboard.press('Alt+ArrowDown');
  await expectOpen(page, all[431]!);
  await page.keyboard.press('Alt+ArrowUp');
  await expectOpen(page, all[430]!);
  await page.keyboard.press('Alt+ArrowUp');
  await expectOpen(page, all[429]!);
  // Three quick presses move three documents, not fewer, however slowly documents open (each
  // press once stepped from the open document, which changes only when the next one is loaded).
  await page.route('**/api/getDocument', async (route) => {
    await new Promise((resolve) => setTimeout(resolve, 300));
    await route.continue();
  });
  for (let i = 0; i < 3; i++) await page.keyboard.press('Alt+ArrowDown');
  await expectOpen(page, all[432]!);
  for (let i = 0; i < 3; i++) await page.keyboard.press('Alt+ArrowUp');
  await expectOpen(page, all[429]!);
  await page.unroute('**/api/getDocument');

  // Opened from a search: the list never scrolled there.
  await openByAddress(page, all[0]!.id);
  await page.keyboard.press('/');
  await page.keyboard.type('zq300x');
  await expect(page.getByRole('list', { name: 'Search results' }).getByRole('button')).toHaveCount(1);
  await page.keyboard.press('Enter');
  await expect(heading(page)).toHaveText(all[301]!.title);
  await page.keyboard.press('Escape');
  await page.keyboard.press('Escape');
  await page.keyboard.press('Alt+ArrowDown');
  await expectOpen(page, all[302]!);
  await page.screenshot({ path: test.info().outputPath('alt-down-far.png') });
});

test('Alt+↓ / Alt+↑ step in the order chosen, from a row far down that order', async ({ app: page }) => {
  const added = await listed(page, {});
  const ascending = await listed(page, { sort: 'title' });
  const descending = await listed(page, { sort: 'title', descending: true });
  const titleRow = (id: number) => ascending.findIndex((item) => item.id === id);
  // Far down both orders: its page is loaded in neither once the sort changes.
  const open = added.slice(DOCUMENT_LIST_PAGE + 1).find((item) => titleRow(item.id) > DOCUMENT_LIST_PAGE && titleRow(item.id) < COUNT - 1)!;
  const at = titleRow(open.id);
  await openByAddress(page, open.id);
  await expectOpen(page, open);

  await page.getByLabel('Sort by').selectOption('title');
  // A new order starts at its top.
  await expect(list(page).getByRole('listitem').first()).toContainText(ascending[0]!.title);
  await articleText(page).focus();
  await page.keyboard.press('Alt+ArrowDown');
  await expectOpen(page, ascending[at + 1]!);
  await page.keyboard.press('Alt+ArrowUp');
  await expectOpen(page, ascending[at]!);
  await page.keyboard.press('Alt+ArrowUp');
  await expectOpen(page, ascending[at - 1]!);

  await page.getByRole('button', { name: /Sorted ascending/ }).click();
  await expect(list(page).getByRole('listitem').first()).toContainText(descending[0]!.title);
  await articleText(page).focus();
  const down = descending.findIndex((item) => item.id === ascending[at - 1]!.id);
  await page.keyboard.press('Alt+ArrowDown');
  await expectOpen(page, descending[down + 1]!);

  // The sample article ("XVIII…") is the last title: Alt+↑ from it goes to the one before, never to the first.
  await openByAddress(page, added[0]!.id);
  await page.getByLabel('Sort by').selectOption('title');
  await expect(list(page).getByRole('listitem').first()).toContainText(ascending[0]!.title);
  await articleText(page).focus();
  await page.keyboard.press('Alt+ArrowUp');
  await expectOpen(page, ascending[COUNT - 1]!);
});

test('a document the filters leave out steps to the listed rows either side of where it would sit', async ({ app: page }) => {
  const all = await listed(page, {});
  // Row 422 is record 421, from the South wire: the North wire list leaves it out.
  const open = all[422]!;
  await openByAddress(page, open.id);
  await expectOpen(page, open);
  await page.getByRole('button', { name: 'Filters', exact: true }).click();
  await page.getByRole('group', { name: 'Filters' }).getByLabel('Source filter').fill('North wire');
  await expect(page.getByTestId('document-count')).toHaveText(`${COUNT / 2} shown`);
  const north = await listed(page, { source: 'North wire' });
  const after = north.findIndex((item) => all.findIndex((other) => other.id === item.id) > 422);
  expect(after).toBeGreaterThan(DOCUMENT_LIST_PAGE);

  await articleText(page).focus();
  await page.keyboard.press('Alt+ArrowDown');
  await expectOpen(page, north[after]!);

  await openByAddress(page, open.id);
  await page.getByRole('button', { name: 'Filters', exact: true }).click();
  await page.getByRole('group', { name: 'Filters' }).getByLabel('Source filter').fill('North wire');
  await expect(page.getByTestId('document-count')).toHaveText(`${COUNT / 2} shown`);
  await articleText(page).focus();
  await page.keyboard.press('Alt+ArrowUp');
  await expectOpen(page, north[after - 1]!);
});
