/**
 * Linking two spans from the Selected span section: from the keyboard only (Tab, L, Tab, Enter,
 * type, Enter) and with the mouse ("Link to…", a click); the relation shows on both spans once
 * committed, survives a reload, is undone and redone like span changes, and is removed with its ×
 * button. Esc cancels a pending link, and a span is never linked to itself.
 */
import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Page } from '@playwright/test';
import type { Relation, Span } from '../../contract/api';
import { expect, reloadApp, test } from './fixtures';
import { articleText, callApi, currentDocumentId, drawn, listSpans, twoSpansArticleFocused } from './helpers';

const screens = fileURLToPath(new URL('../../.tmp/screens/', import.meta.url));
const mod = process.platform === 'darwin' ? 'Meta' : 'Control';

const details = (page: Page) => page.getByRole('region', { name: 'Selected span' });
const shownText = (page: Page) => details(page).locator('.text');
const relationButton = (page: Page, name: string) => details(page).getByRole('button', { name, exact: true });
const typeField = (page: Page) => details(page).getByRole('combobox', { name: 'Relation' });
const prompt = (page: Page) => details(page).locator('.link-prompt');

async function relations(page: Page): Promise<Relation[]> {
  return callApi<Relation[]>(page, 'listRelations', { documentId: await currentDocumentId(page) });
}

/** Kyrgyz Republic (Agency) comes first in the article, Yuri Borisov (Decision) after it. */
async function spansByText(page: Page): Promise<{ kyrgyz: Span; borisov: Span }> {
  const spans = await listSpans(page);
  return { kyrgyz: spans.find((span) => span.text === 'Kyrgyz Republic')!, borisov: spans.find((span) => span.text === 'Yuri Borisov')! };
}

test('links two spans from the keyboard only; the relation shows on both, survives a reload, undoes, redoes and is removed with ×', async ({ app: page }) => {
  await twoSpansArticleFocused(page);
  const { kyrgyz, borisov } = await spansByText(page);

  await page.keyboard.press('Tab');
  await expect(shownText(page)).toHaveText('Kyrgyz Republic');
  await page.keyboard.press('l');
  await expect(prompt(page)).toHaveText('Link “Kyrgyz Republic” to: click a span or Tab to one and press Enter; Esc cancels');
  await expect(articleText(page)).toBeFocused();
  await page.keyboard.press('Tab');
  await expect(shownText(page)).toHaveText('Yuri Borisov');
  mkdirSync(screens, { recursive: true });
  await page.screenshot({ path: `${screens}link-pending.png` });

  await page.keyboard.press('Enter');
  await expect(typeField(page)).toBeFocused();
  await expect(prompt(page)).toContainText('“Kyrgyz Republic” → “Yuri Borisov”');
  // The field suggests the defaults for this domain (no relation in the project yet) and starts with the first.
  await expect(typeField(page)).toHaveValue('decides');
  await page.screenshot({ path: `${screens}link-type.png` });
  const suggestions = await details(page).locator('datalist#relation-types option').evaluateAll((options) => options.map((option) => (option as HTMLOptionElement).value));
  expect(suggestions).toEqual(expect.arrayContaining(['decides', 'plans', 'participates in']));
  await page.keyboard.type('participates in');
  await page.keyboard.press('Enter');

  // Shown once committed: the span the link started from is selected, with the relation.
  await expect(relationButton(page, 'participates in → “Yuri Borisov”')).toBeVisible();
  await expect(shownText(page)).toHaveText('Kyrgyz Republic');
  await expect(prompt(page)).toHaveCount(0);
  await expect(page.getByTestId('message')).toContainText('Linked “Kyrgyz Republic” participates in “Yuri Borisov”');
  await expect(articleText(page)).toBeFocused();
  expect(await relations(page)).toEqual([{ id: expect.any(Number), type: 'participates in', fromSpanId: kyrgyz.id, toSpanId: borisov.id, note: null }]);
  await page.screenshot({ path: `${screens}link-made.png` });

  // And on the other span, the other way.
  await page.keyboard.press('Tab');
  await expect(relationButton(page, '← participates in “Kyrgyz Republic”')).toBeVisible();

  await reloadApp(page);
  await articleText(page).focus();
  await page.keyboard.press('Tab');
  await expect(relationButton(page, 'participates in → “Yuri Borisov”')).toBeVisible();

  await page.keyboard.press(`${mod}+z`);
  await expect(page.getByTestId('message')).toContainText('Undid: link “Kyrgyz Republic” participates in “Yuri Borisov”');
  await expect(relationButton(page, 'participates in → “Yuri Borisov”')).toHaveCount(0);
  expect(await relations(page)).toEqual([]);
  await page.keyboard.press(`${mod}+Shift+z`);
  await expect(relationButton(page, 'participates in → “Yuri Borisov”')).toBeVisible();
  expect(await relations(page)).toHaveLength(1);

  await details(page).getByRole('button', { name: 'Remove relation participates in → “Yuri Borisov”' }).click();
  await expect(relationButton(page, 'participates in → “Yuri Borisov”')).toHaveCount(0);
  await expect(page.getByTestId('message')).toContainText('Removed the relation “Kyrgyz Republic” participates in “Yuri Borisov”');
  expect(await relations(page)).toEqual([]);
  // Both spans are still there: only the relation went.
  await expect(drawn(page)).toHaveCount(2);
  await articleText(page).focus();
  await page.keyboard.press(`${mod}+z`);
  await expect(relationButton(page, 'participates in → “Yuri Borisov”')).toBeVisible();

  // Delete on a focused relation removes the relation, not the selected span.
  await relationButton(page, 'participates in → “Yuri Borisov”').focus();
  await page.keyboard.press('Delete');
  await expect(relationButton(page, 'participates in → “Yuri Borisov”')).toHaveCount(0);
  expect(await relations(page)).toEqual([]);
  await expect(drawn(page)).toHaveCount(2);
});

test('links with the mouse, prefilled with the last type; Esc cancels a pending link; a span is not linked to itself', async ({ app: page }) => {
  await twoSpansArticleFocused(page);
  const { kyrgyz, borisov } = await spansByText(page);
  const kyrgyzMark = page.locator(`article [data-span-id="${kyrgyz.id}"]`).first();
  const borisovMark = page.locator(`article [data-span-id="${borisov.id}"]`).first();

  // Esc cancels: no relation, the span the link started from is selected again.
  await kyrgyzMark.click();
  await page.keyboard.press('l');
  await expect(prompt(page)).toBeVisible();
  await page.keyboard.press('Tab');
  await page.keyboard.press('Escape');
  await expect(prompt(page)).toHaveCount(0);
  await expect(shownText(page)).toHaveText('Kyrgyz Republic');
  expect(await relations(page)).toEqual([]);

  // Clicking the span the link starts from is refused, and the app goes on waiting for the target.
  await details(page).getByRole('button', { name: 'Link to…' }).click();
  await expect(prompt(page)).toContainText('Link “Kyrgyz Republic” to:');
  await kyrgyzMark.click();
  await expect(page.getByTestId('message')).toContainText('A span cannot be linked to itself');
  await expect(prompt(page)).toContainText('click a span or Tab to one');

  await borisovMark.click();
  await expect(typeField(page)).toBeFocused();
  await page.keyboard.type('plans');
  await details(page).getByRole('button', { name: 'Link', exact: true }).click();
  await expect(relationButton(page, 'plans → “Yuri Borisov”')).toBeVisible();

  // The next link starts from the last type; Esc in the field cancels it.
  await borisovMark.click();
  await details(page).getByRole('button', { name: 'Link to…' }).click();
  await kyrgyzMark.click();
  await expect(typeField(page)).toHaveValue('plans');
  await page.keyboard.press('Escape');
  await expect(prompt(page)).toHaveCount(0);
  await expect(shownText(page)).toHaveText('Yuri Borisov');
  await expect(articleText(page)).toBeFocused();

  // The same link again selects the one there and says so, rather than making a copy.
  await kyrgyzMark.click();
  await page.keyboard.press('l');
  await borisovMark.click();
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('message')).toContainText('Already linked: “Kyrgyz Republic” plans “Yuri Borisov”');
  expect(await relations(page)).toHaveLength(1);
});

test('L is in the shortcuts list, and with no span selected it says how to select one', async ({ app: page }) => {
  await articleText(page).focus();
  await page.keyboard.press('?');
  const dialog = page.getByRole('dialog', { name: 'Keyboard shortcuts' });
  await expect(dialog.locator('dt', { hasText: /^L$/ })).toHaveCount(1);
  await expect(dialog).toContainText('Link the selected span to another: click it or Tab to it and press Enter, type the relation, Enter (Esc cancels)');
  await page.keyboard.press('Escape');
  await expect(dialog).toHaveCount(0);
  await page.keyboard.press('l');
  await expect(page.getByTestId('message')).toContainText('Select a span first (click it, or Tab in the article), then press L to link it to another');
  await expect(prompt(page)).toHaveCount(0);
});

test('a link whose save fails stays pending with the reason, and no relation is shown', async ({ app: page }) => {
  await twoSpansArticleFocused(page);
  await page.keyboard.press('Tab');
  await page.keyboard.press('l');
  await page.keyboard.press('Tab');
  await page.keyboard.press('Enter');
  await page.route('**/api/createRelation', (route) =>
    route.fulfill({ status: 200, contentType: 'application/json', body: JSON.stringify({ ok: false, error: { code: 'internal', message: 'The disk is full: the change was not saved.' } }) }),
  );
  await page.keyboard.type('plans');
  await page.keyboard.press('Enter');
  await expect(details(page).getByRole('alert')).toHaveText('The disk is full: the change was not saved.');
  await expect(typeField(page)).toHaveValue('plans');
  await expect(prompt(page)).toContainText('“Kyrgyz Republic” → “Yuri Borisov”');
  await expect(relationButton(page, 'plans → “Yuri Borisov”')).toHaveCount(0);
  expect(await relations(page)).toEqual([]);
  // Once the disk has room again, Enter makes it.
  await page.unroute('**/api/createRelation');
  await typeField(page).focus();
  await page.keyboard.press('Enter');
  await expect(relationButton(page, 'plans → “Yuri Borisov”')).toBeVisible();
  expect(await relations(page)).toHaveLength(1);
});
