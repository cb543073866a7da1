/**
 * The side panel's "Selected span" section: what qualifies and links a span. An imported brat
 * document (brat's own tutorial, with AnnotatorNotes, A and N attributes and a Family relation)
 * shows each span's note, attributes and relations; the note is edited from the keyboard (N, Enter,
 * Shift+Enter, Esc), saved and undone like any other change, and read-only where the project is.
 */
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Page } from '@playwright/test';
import type { Span } from '../../contract/api';
import { expect, reloadApp, startServer, test, waitForApp } from './fixtures';
import { importWithCli } from './corpusFiles';
import { articleText, callApi, listSpans } from './helpers';

const repoRoot = fileURLToPath(new URL('../..', import.meta.url));
const news = path.resolve(repoRoot, '../shared/fixtures/brat/news');
const screens = fileURLToPath(new URL('../../.tmp/screens/', import.meta.url));
const mod = process.platform === 'darwin' ? 'Meta' : 'Control';

const details = (page: Page) => page.getByRole('region', { name: 'Selected span' });
const note = (page: Page) => details(page).getByRole('textbox', { name: 'Note' });
const noteStatus = (page: Page) => page.locator('#span-note-status');
/** An attribute's value field, named by the attribute. */
const attribute = (page: Page, name: string) => details(page).getByRole('textbox', { name, exact: true });

/** Imports brat's introduction (000-introduction.txt/.ann) and opens it; its spans by text. */
async function openIntroduction(page: Page, projectPath: string): Promise<Map<string, Span>> {
  importWithCli(projectPath, path.join(news, '000-introduction.txt'), path.join(news, '000-introduction.ann'), '--format', 'brat');
  await reloadApp(page);
  await page.getByRole('list', { name: 'Documents' }).getByRole('button', { name: /Welcome to the Brat/ }).click();
  await expect(page.locator('article')).toContainText('Raul Salinas de Gortari');
  return new Map((await listSpans(page)).map((span) => [span.text, span]));
}

async function selectSpan(page: Page, span: Span): Promise<void> {
  await page.locator(`article [data-span-id="${span.id}"]`).first().click();
  await expect(page.locator(`article [data-span-id="${span.id}"]`).first()).toHaveClass(/selected/);
}

test('an imported span shows its label, text, offsets, attributes and relations; a relation selects the other span', async ({ app: page, served }) => {
  const spans = await openIntroduction(page, served.projectPath);
  await expect(details(page)).toContainText('Click a span, or Tab through them in the article');

  const raul = spans.get('Raul Salinas de Gortari')!;
  const president = spans.get('former Mexican president')!;
  await selectSpan(page, raul);
  await expect(details(page).locator('.line1')).toHaveText(/Person\s*473–496/);
  await expect(details(page).locator('.text')).toHaveText('Raul Salinas de Gortari');
  await expect(note(page)).toHaveValue('');
  await expect(attribute(page, 'Mention')).toHaveValue('Name');
  await expect(attribute(page, 'Individual')).toHaveValue('true');
  const family = details(page).getByRole('button', { name: 'Family → “former Mexican president”', exact: true });
  await expect(family).toBeVisible();

  mkdirSync(screens, { recursive: true });
  await page.screenshot({ path: `${screens}span-details.png` });

  // The span list keeps several rows above the section at 1440×900.
  const listHeight = await page.locator('.span-panel .scroller').evaluate((element) => element.clientHeight);
  expect(listHeight).toBeGreaterThanOrEqual(4 * 54);

  await family.click();
  await expect(page.locator(`article [data-span-id="${president.id}"]`).first()).toHaveClass(/selected/);
  await expect(page.locator(`.span-panel button[data-span-id="${president.id}"]`)).toHaveAttribute('aria-pressed', 'true');
  await expect(details(page).locator('.text')).toHaveText('former Mexican president');
  await expect(attribute(page, 'norm:Reference')).toHaveValue('Wikipedia:64488');
  const values = await details(page).locator('.attributes input').evaluateAll((inputs) => inputs.map((input) => (input as HTMLInputElement).value));
  expect(values).toContain('Carlos Salinas de Gortari');
  // The article has focus again, so the keys act on the span the relation led to.
  await expect(articleText(page)).toBeFocused();
  await details(page).getByRole('button', { name: '← Family “Raul Salinas de Gortari”', exact: true }).click();
  await expect(details(page).locator('.text')).toHaveText('Raul Salinas de Gortari');

  // A span with an AnnotatorNotes line shows its note.
  await selectSpan(page, spans.get('$100 million')!);
  await expect(note(page)).toHaveValue('100000000 USD');
  await expect(details(page).getByRole('button', { name: /Family/ })).toHaveCount(0);

  // F6 goes on from the span list to the note field, and from there back to the documents.
  await page.locator('.span-panel button.selected').focus();
  await page.keyboard.press('F6');
  await expect(note(page)).toBeFocused();
  await page.keyboard.press('F6');
  await expect(page.locator('.documents :focus')).toHaveCount(1);

  // A small window: the section scrolls within its share, the span list keeps three rows.
  await selectSpan(page, raul);
  await page.setViewportSize({ width: 1024, height: 640 });
  const small = await page.evaluate(() => ({
    listHeight: document.querySelector('.span-panel .scroller')!.clientHeight,
    detailsScrolls: document.querySelector('.span-details')!.scrollHeight > document.querySelector('.span-details')!.clientHeight,
    detailsBottom: document.querySelector('.span-details')!.getBoundingClientRect().bottom,
    sideBottom: document.querySelector('aside.side')!.getBoundingClientRect().bottom,
  }));
  expect(small.listHeight).toBeGreaterThanOrEqual(3 * 54);
  expect(small.detailsScrolls).toBe(true);
  expect(Math.abs(small.sideBottom - small.detailsBottom)).toBeLessThan(1);
  await page.screenshot({ path: `${screens}span-details-small.png` });
});

test('N edits the note: Enter saves, a reload shows it, undo puts the old note back in the field, Esc reverts', async ({ app: page, served }) => {
  const spans = await openIntroduction(page, served.projectPath);
  const money = spans.get('$100 million')!;
  await selectSpan(page, money);
  await articleText(page).focus();

  await page.keyboard.press('n');
  await expect(note(page)).toBeFocused();
  await page.keyboard.type(', about');
  await page.keyboard.press('Shift+Enter');
  await page.keyboard.type('in 1995');
  await expect(noteStatus(page)).toHaveText('Enter saves · Esc reverts');
  await page.keyboard.press('Enter');
  await expect(noteStatus(page)).toHaveText('Saved');
  await expect(note(page)).toHaveValue('100000000 USD, about\nin 1995');
  await expect(articleText(page)).toBeFocused();
  expect((await listSpans(page)).find((span) => span.id === money.id)!.note).toBe('100000000 USD, about\nin 1995');

  await reloadApp(page);
  await selectSpan(page, money);
  await expect(note(page)).toHaveValue('100000000 USD, about\nin 1995');
  await articleText(page).focus();
  await page.keyboard.press(`${mod}+z`);
  await expect(page.getByTestId('message')).toContainText('Undid: edit note of “$100 million”');
  await expect(note(page)).toHaveValue('100000000 USD');
  await page.keyboard.press(`${mod}+Shift+z`);
  await expect(note(page)).toHaveValue('100000000 USD, about\nin 1995');

  // Esc drops an edit that was not saved, and leaves the field for the article.
  await page.keyboard.press('n');
  await page.keyboard.type(' (draft)');
  await page.keyboard.press('Escape');
  await expect(note(page)).toHaveValue('100000000 USD, about\nin 1995');
  await expect(articleText(page)).toBeFocused();
  expect((await listSpans(page)).find((span) => span.id === money.id)!.note).toBe('100000000 USD, about\nin 1995');

  // Emptied, the note is gone (null), and leaving the field saves it too.
  await page.keyboard.press('n');
  await page.keyboard.press(`${mod}+a`);
  await page.keyboard.press('Delete');
  await page.keyboard.press('Tab');
  await expect(noteStatus(page)).toHaveText('Saved');
  await expect.poll(async () => (await listSpans(page)).find((span) => span.id === money.id)!.note).toBeNull();
});

test('N is in the shortcuts list, and with no span selected it says how to select one', async ({ app: page }) => {
  await articleText(page).focus();
  await page.keyboard.press('?');
  const dialog = page.getByRole('dialog', { name: 'Keyboard shortcuts' });
  await expect(dialog).toContainText("Edit the selected span's note (Enter saves, Shift+Enter new line, Esc reverts)");
  await page.keyboard.press('Escape');
  await expect(dialog).toHaveCount(0);
  await page.keyboard.press('n');
  await expect(page.getByTestId('message')).toContainText('Select a span first (click it, or Tab in the article), then press N');
  await expect(articleText(page)).toBeFocused();
});

test('a note that could not be saved stays in the field with the reason, and is not shown as saved', async ({ app: page, served }) => {
  const spans = await openIntroduction(page, served.projectPath);
  await selectSpan(page, spans.get('$100 million')!);
  await page.route('**/api/updateSpan', (route) =>
    route.fulfill({ status: 200, contentType: 'application/json', body: JSON.stringify({ ok: false, error: { code: 'internal', message: 'The disk is full: the change was not saved.' } }) }),
  );
  await page.keyboard.press('n');
  await page.keyboard.type(' checked');
  await page.keyboard.press('Enter');
  await expect(details(page).getByRole('alert')).toHaveText('The disk is full: the change was not saved.');
  await expect(note(page)).toHaveValue('100000000 USD checked');
  await expect(noteStatus(page)).toHaveText('Not saved');
  await page.unroute('**/api/updateSpan');
  // Once the disk has room again, leaving the field saves it.
  await note(page).focus();
  await articleText(page).focus();
  await expect(noteStatus(page)).toHaveText('Saved');
  await expect(details(page).getByRole('alert')).toHaveCount(0);
  expect((await listSpans(page)).find((span) => span.text === '$100 million')!.note).toBe('100000000 USD checked');
});

test('deleting a span says which relations went with it, and undo brings them back into the section', async ({ app: page, served }) => {
  const spans = await openIntroduction(page, served.projectPath);
  const raul = spans.get('Raul Salinas de Gortari')!;
  const president = spans.get('former Mexican president')!;
  await selectSpan(page, president);
  await expect(details(page).getByRole('button', { name: '← Family “Raul Salinas de Gortari”', exact: true })).toBeVisible();
  await selectSpan(page, raul);
  await page.keyboard.press('Delete');
  await expect(page.getByTestId('message')).toContainText('Deleted Person span “Raul Salinas de Gortari” and its 1 relation');
  await selectSpan(page, president);
  await expect(details(page).getByRole('button', { name: /Family/ })).toHaveCount(0);
  await page.keyboard.press(`${mod}+z`);
  await expect(details(page).locator('.text')).toHaveText('Raul Salinas de Gortari');
  await expect(details(page).getByRole('button', { name: 'Family → “former Mexican president”', exact: true })).toBeVisible();
});

test('in a read-only project the note can be read, not edited', async ({ app: page, served, browser }) => {
  const spans = await openIntroduction(page, served.projectPath);
  const { child, url } = await startServer(served.projectPath, ['--read-only']);
  const reader = await browser.newPage();
  try {
    await reader.goto(url);
    await waitForApp(reader);
    await reader.getByRole('list', { name: 'Documents' }).getByRole('button', { name: /Welcome to the Brat/ }).click();
    await expect(reader.locator('article')).toContainText('Raul Salinas de Gortari');
    await selectSpan(reader, spans.get('$100 million')!);
    await expect(note(reader)).toHaveValue('100000000 USD');
    await expect(note(reader)).toHaveAttribute('readonly', '');
    await expect(noteStatus(reader)).toHaveText('Read-only');
    await reader.keyboard.press('n');
    await expect(note(reader)).toBeFocused();
    await reader.keyboard.type('changed');
    await reader.keyboard.press('Enter');
    await expect(note(reader)).toHaveValue('100000000 USD');

    // Relations are shown, and nothing offers to make or remove one; L and Delete on a relation say why or do nothing.
    await selectSpan(reader, spans.get('Raul Salinas de Gortari')!);
    const family = details(reader).getByRole('button', { name: 'Family → “former Mexican president”', exact: true });
    await expect(family).toBeVisible();
    await expect(details(reader).getByRole('button', { name: 'Link to…' })).toHaveCount(0);
    await expect(details(reader).getByRole('button', { name: /^Remove relation/ })).toHaveCount(0);
    await articleText(reader).focus();
    await reader.keyboard.press('l');
    await expect(reader.getByTestId('message')).toContainText('read-only');
    await expect(details(reader).locator('.link-prompt')).toHaveCount(0);
    await family.focus();
    await reader.keyboard.press('Delete');
    await expect(family).toBeVisible();
  } finally {
    await reader.close();
    child.kill();
  }
});

test('attributes are edited in place: a value changed, a pair added, a row removed, each saved once committed and undoable', async ({ app: page, served }) => {
  const spans = await openIntroduction(page, served.projectPath);
  const raul = spans.get('Raul Salinas de Gortari')!;
  const stored = async () => (await listSpans(page)).find((span) => span.id === raul.id)!.attributes;
  const status = details(page).locator('.attributes-head .status');
  await selectSpan(page, raul);
  expect(await stored()).toEqual({ Mention: 'Name', Individual: true });

  // A value: Enter saves (the flag stays a boolean), and focus goes back to the article.
  await attribute(page, 'Individual').fill('false');
  await page.keyboard.press('Enter');
  await expect(status).toHaveText('Saved');
  await expect(articleText(page)).toBeFocused();
  expect(await stored()).toEqual({ Mention: 'Name', Individual: false });

  // Esc drops an edit.
  await attribute(page, 'Mention').fill('Nominal');
  await page.keyboard.press('Escape');
  await expect(attribute(page, 'Mention')).toHaveValue('Name');
  expect(await stored()).toEqual({ Mention: 'Name', Individual: false });

  // A new pair.
  await details(page).getByRole('textbox', { name: 'New attribute name' }).fill('Role');
  await details(page).getByRole('textbox', { name: 'New attribute value' }).fill('brother');
  await details(page).getByRole('button', { name: 'Add', exact: true }).click();
  await expect(attribute(page, 'Role')).toHaveValue('brother');
  await expect(details(page).getByRole('textbox', { name: 'New attribute name' })).toHaveValue('');
  expect(await stored()).toEqual({ Mention: 'Name', Individual: false, Role: 'brother' });
  await page.screenshot({ path: `${screens}span-attributes.png` });

  // A row removed.
  await details(page).getByRole('button', { name: 'Remove attribute Mention' }).click();
  await expect(attribute(page, 'Mention')).toHaveCount(0);
  expect(await stored()).toEqual({ Individual: false, Role: 'brother' });

  // Each was one undoable change, named in the history.
  await articleText(page).focus();
  await expect(page.getByRole('button', { name: 'Undo edit attributes of “Raul Salinas de Gortari”' })).toBeVisible();
  await page.keyboard.press(`${mod}+z`);
  await expect(attribute(page, 'Mention')).toHaveValue('Name');
  await page.keyboard.press(`${mod}+z`);
  await expect(attribute(page, 'Role')).toHaveCount(0);
  await page.keyboard.press(`${mod}+z`);
  await expect(attribute(page, 'Individual')).toHaveValue('true');
  expect(await stored()).toEqual({ Mention: 'Name', Individual: true });

  // A pair that cannot be saved stays in the fields, with the reason.
  await page.route('**/api/updateSpan', (route) =>
    route.fulfill({ status: 200, contentType: 'application/json', body: JSON.stringify({ ok: false, error: { code: 'internal', message: 'The disk is full: the change was not saved.' } }) }),
  );
  await details(page).getByRole('textbox', { name: 'New attribute name' }).fill('Role');
  await details(page).getByRole('textbox', { name: 'New attribute value' }).fill('cousin');
  await page.keyboard.press('Enter');
  await expect(details(page).locator('.attributes-head ~ .error')).toHaveText('The disk is full: the change was not saved.');
  await expect(status).toHaveText('Not saved');
  await expect(details(page).getByRole('textbox', { name: 'New attribute value' })).toHaveValue('cousin');
  await expect(attribute(page, 'Role')).toHaveCount(0);
  await page.unroute('**/api/updateSpan');
  expect(await stored()).toEqual({ Mention: 'Name', Individual: true });
});

test('an attribute may be named constructor or toString; a long value is cut at the limit; the 101st attribute is refused in plain words', async ({ app: page, served }) => {
  const spans = await openIntroduction(page, served.projectPath);
  const raul = spans.get('Raul Salinas de Gortari')!;
  const stored = async () => (await listSpans(page)).find((span) => span.id === raul.id)!.attributes;
  const newName = details(page).getByRole('textbox', { name: 'New attribute name' });
  const newValue = details(page).getByRole('textbox', { name: 'New attribute value' });
  await selectSpan(page, raul);

  // Names of Object.prototype's members are plain names: only the span's own attributes are taken.
  for (const name of ['constructor', 'toString']) {
    await newName.fill(name);
    await newValue.fill('yes');
    await newValue.press('Enter');
    await expect(attribute(page, name)).toHaveValue('yes');
  }
  expect(await stored()).toEqual({ Mention: 'Name', Individual: true, constructor: 'yes', toString: 'yes' });
  await expect(details(page).getByRole('alert')).toHaveCount(0);

  // The back end takes values of up to 10,000 characters: the fields take no more.
  await expect(newValue).toHaveAttribute('maxlength', '10000');
  await expect(attribute(page, 'Mention')).toHaveAttribute('maxlength', '10000');

  // A span holds at most 100 attributes: the 101st is refused here, in the analyst's words.
  const full = Object.fromEntries(Array.from({ length: 100 }, (_, i) => [`a${i}`, i]));
  await callApi(page, 'updateSpan', { id: raul.id, attributes: full });
  await reloadApp(page);
  await page.getByRole('list', { name: 'Documents' }).getByRole('button', { name: /Welcome to the Brat/ }).click();
  await selectSpan(page, raul);
  await newName.fill('Role');
  await newValue.fill('brother');
  await newValue.press('Enter');
  await expect(details(page).getByRole('alert')).toHaveText('A span has at most 100 attributes: remove one to add Role.');
  await expect(newValue).toHaveValue('brother');
  expect(Object.keys(await stored())).toHaveLength(100);
});
