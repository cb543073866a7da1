/**
 * The Labels dialog: the project's label schema, opened from the palette's "Edit labels…". A
 * renamed or recoloured label shows at once in the palette, the drawn spans and the span list (all
 * read the label by id), a hotkey set there labels at once, a hotkey already used is refused with
 * the service's words, a label added there is ready to use, and all of it is in the project file.
 * Another tab follows on its next focus; a read-only project shows the labels without letting
 * them change.
 */
import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Page } from '@playwright/test';
import { expect, reloadApp, serveFreshProject, test, waitForApp } from './fixtures';
import { callApi, currentDocumentId, dragSelect, drawn } from './helpers';

const screens = fileURLToPath(new URL('../../.tmp/screens/', import.meta.url));

const dialog = (page: Page) => page.getByRole('dialog', { name: 'Labels' });
const row = (page: Page, name: string) => dialog(page).getByRole('form', { name, exact: true });
const palette = (page: Page) => page.getByRole('region', { name: 'Labels' });
const spanList = (page: Page) => page.getByRole('list', { name: 'Spans' });

/** A label's id, as the service lists it. */
async function labelId(page: Page, name: string): Promise<number> {
  const labels = await callApi<Array<{ id: number; name: string }>>(page, 'listLabels', {});
  return labels.find((label) => label.name === name)!.id;
}

/** Another tab of the app, as an analyst would have open beside this one. */
async function otherTab(page: Page, url: string): Promise<Page> {
  const other = await page.context().newPage();
  await other.goto(url);
  await waitForApp(other);
  return other;
}

/** The tab comes back into view: it reads again what other tabs changed. */
const comeBack = (page: Page) => page.evaluate(() => window.dispatchEvent(new Event('focus')));

async function openLabels(page: Page): Promise<void> {
  await palette(page).getByRole('button', { name: 'Edit labels…' }).click();
  await expect(dialog(page)).toBeVisible();
}

/** The colour a drawn span is painted with (its label's, through --label-color). */
function paintedColour(page: Page, label: string): Promise<string> {
  return drawn(page, label)
    .first()
    .evaluate((element) => getComputedStyle(element).getPropertyValue('--label-color').trim());
}

/**
 * The page at `url`, ready. As the `app` fixture, but a call the back end refuses (the hotkey
 * already used) is a 400 response, which Chromium reports on the console as a failed resource:
 * that one line is expected here, and every other error still fails the test.
 */
async function openApp(page: Page, url: string): Promise<string[]> {
  const problems: string[] = [];
  page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
  page.on('console', (message) => {
    if (message.type() === 'error' && !/status of 400 \(Bad Request\)/.test(message.text())) problems.push(`console error: ${message.text()}`);
  });
  await page.goto(url);
  await waitForApp(page);
  await expect(page.locator('article [data-block]').first()).toBeVisible();
  return problems;
}

test('rename, recolour, a hotkey and a new label show at once everywhere and are in the project after a reload', async ({ page, served }) => {
  const problems = await openApp(page, served.url);
  await dragSelect(page, 'Yuri Borisov');
  await page.keyboard.press('2');
  await expect(drawn(page, 'Decision')).toHaveText('Yuri Borisov');

  await openLabels(page);
  await expect(dialog(page)).toContainText("not part of a document's undo history");
  // Focus starts in the first label's name.
  await expect(row(page, 'Agency').getByRole('textbox', { name: 'Name of Agency' })).toBeFocused();

  // Rename: the palette, the drawn span and the span list follow, without a reload.
  const decision = row(page, 'Decision');
  await decision.getByRole('textbox', { name: 'Name of Decision' }).fill('Resolution');
  await expect(decision.getByRole('status')).toHaveText('Not saved yet');
  await decision.getByRole('button', { name: 'Save Decision' }).click();
  const resolution = row(page, 'Resolution');
  await expect(resolution.getByRole('status')).toHaveText('Saved');
  await expect(palette(page).getByRole('button', { name: 'Resolution (hotkey 2)' })).toBeAttached();
  await expect(palette(page).getByRole('button', { name: /^Decision/ })).toHaveCount(0);
  await expect(drawn(page, 'Resolution')).toHaveText('Yuri Borisov');
  await expect(drawn(page, 'Decision')).toHaveCount(0);
  await expect(spanList(page).getByRole('button', { name: /^Resolution: Yuri Borisov/ })).toBeAttached();

  // Recolour: the drawn span is painted in the new colour.
  await resolution.getByLabel('Colour of Resolution').fill('#8362cd');
  await resolution.getByRole('button', { name: 'Save Resolution' }).click();
  await expect(resolution.getByRole('status')).toHaveText('Saved');
  expect(await paintedColour(page, 'Resolution')).toBe('#8362cd');

  // A colour that looks like another label's is pointed out, and still allowed.
  await resolution.getByLabel('Colour of Resolution').fill('#4b74d8');
  await expect(resolution).toContainText("Looks like Agency's colour");
  await resolution.getByLabel('Colour of Resolution').fill('#8362cd');
  await expect(resolution).not.toContainText('Looks like');

  // A hotkey already used is refused beside the field, with what was typed kept.
  const hotkey = resolution.getByRole('textbox', { name: 'Hotkey of Resolution' });
  await hotkey.fill('1');
  await resolution.getByRole('button', { name: 'Save Resolution' }).click();
  await expect(resolution.getByRole('alert')).toHaveText('Hotkey 1 is already used by Agency.');
  await expect(resolution.getByRole('status')).toHaveText('Not saved');
  await expect(hotkey).toHaveValue('1');
  await expect(hotkey).toHaveAttribute('aria-invalid', 'true');
  mkdirSync(screens, { recursive: true });
  await page.screenshot({ path: `${screens}labels-dialog-refused.png` });
  // A name with a bidirectional override is refused before it is sent.
  const agencyName = row(page, 'Agency').getByRole('textbox', { name: 'Name of Agency' });
  await agencyName.fill('A\u202eB');
  await row(page, 'Agency').getByRole('button', { name: 'Save Agency' }).click();
  await expect(row(page, 'Agency').getByRole('alert')).toContainText('control or bidirectional');
  await expect(agencyName).toHaveValue('A\u202eB');
  await agencyName.fill('Agency');

  await hotkey.fill('7');
  await resolution.getByRole('button', { name: 'Save Resolution' }).click();
  await expect(resolution.getByRole('status')).toHaveText('Saved');
  await expect(palette(page).getByRole('button', { name: 'Resolution (hotkey 7)' })).toBeAttached();

  // Add a label: colour and the next free digit are offered.
  const fresh = row(page, 'New label');
  await expect(fresh.getByRole('textbox', { name: 'Hotkey of the new label' })).toHaveValue('2');
  await expect(fresh.getByLabel('Colour of the new label')).toHaveValue(/^#[0-9a-f]{6}$/);
  await fresh.getByRole('button', { name: 'Add label' }).click();
  await expect(fresh.getByRole('alert')).toHaveText('a label name cannot be empty');
  await fresh.getByRole('textbox', { name: 'Name of the new label' }).fill('Location');
  await fresh.getByRole('textbox', { name: 'Hotkey of the new label' }).fill('4');
  await fresh.getByRole('textbox', { name: 'Description of the new label' }).fill('A place: a city, a country, a venue.');
  await fresh.getByRole('button', { name: 'Add label' }).click();
  await expect(row(page, 'Location')).toBeVisible();
  await expect(row(page, 'Location').getByRole('textbox', { name: 'Hotkey of Location' })).toHaveValue('4');
  // The add row starts over, with the next free digit.
  await expect(fresh.getByRole('textbox', { name: 'Name of the new label' })).toHaveValue('');
  await expect(fresh.getByRole('textbox', { name: 'Hotkey of the new label' })).toHaveValue('2');

  mkdirSync(screens, { recursive: true });
  await page.screenshot({ path: `${screens}labels-dialog.png` });

  // Esc closes it, and focus goes back to the button that opened it.
  await page.keyboard.press('Escape');
  await expect(dialog(page)).toBeHidden();
  await expect(palette(page).getByRole('button', { name: 'Edit labels…' })).toBeFocused();

  // The new hotkeys label at once.
  await dragSelect(page, 'Kyrgyz Republic');
  await page.keyboard.press('7');
  await expect(drawn(page, 'Resolution')).toHaveCount(2);
  await dragSelect(page, 'Bishkek');
  await page.keyboard.press('4');
  await expect(drawn(page, 'Location')).toHaveText('Bishkek');
  await expect(palette(page).getByRole('button', { name: 'Location (hotkey 4)' })).toHaveAttribute('title', 'A place: a city, a country, a venue.');
  await page.screenshot({ path: `${screens}labels-palette.png` });

  await reloadApp(page);
  await expect(palette(page).getByRole('button', { name: 'Resolution (hotkey 7)' })).toBeAttached();
  await expect(palette(page).getByRole('button', { name: 'Location (hotkey 4)' })).toBeAttached();
  await expect(drawn(page, 'Resolution')).toHaveCount(2);
  await expect(drawn(page, 'Location')).toHaveText('Bishkek');
  expect(await paintedColour(page, 'Resolution')).toBe('#8362cd');
  await expect(spanList(page).getByRole('button', { name: /^Location: Bishkek/ })).toBeAttached();
  expect(problems, 'no page errors or console errors').toEqual([]);
});

test('another tab shows a renamed label when it comes back into view', async ({ app: page, served }) => {
  const other = await page.context().newPage();
  await other.goto(served.url);
  await waitForApp(other);
  await expect(palette(other).getByRole('button', { name: 'Decision (hotkey 2)' })).toBeAttached();

  await openLabels(page);
  await row(page, 'Decision').getByRole('textbox', { name: 'Name of Decision' }).fill('Resolution');
  await row(page, 'Decision').getByRole('button', { name: 'Save Decision' }).click();
  await expect(row(page, 'Resolution').getByRole('status')).toHaveText('Saved');

  await other.evaluate(() => window.dispatchEvent(new Event('focus')));
  await expect(palette(other).getByRole('button', { name: 'Resolution (hotkey 2)' })).toBeAttached();
  await other.close();
});

test('a read-only project shows its labels in the dialog but cannot change them', async ({ page }) => {
  const served = await serveFreshProject([], ['--read-only']);
  try {
    await page.goto(served.url);
    await waitForApp(page);
    await openLabels(page);
    await expect(dialog(page)).toContainText('open read-only');
    for (const name of ['Agency', 'Decision', 'PlannedEvent']) {
      await expect(row(page, name).getByRole('textbox', { name: `Name of ${name}` })).toBeDisabled();
      await expect(row(page, name).getByLabel(`Colour of ${name}`)).toBeDisabled();
      await expect(row(page, name).getByRole('textbox', { name: `Hotkey of ${name}` })).toBeDisabled();
    }
    await expect(dialog(page).getByRole('button', { name: /^Save / })).toHaveCount(0);
    await expect(dialog(page).getByRole('button', { name: /^Move / })).toHaveCount(0);
    await expect(row(page, 'New label')).toHaveCount(0);
    mkdirSync(screens, { recursive: true });
    await page.screenshot({ path: `${screens}labels-dialog-read-only.png` });
    await dialog(page).locator('footer').getByRole('button', { name: 'Close' }).click();
    await expect(dialog(page)).toBeHidden();
  } finally {
    await served.close();
  }
});

test('a saved change reads as stored, focus stays on Save and Add, and N and L are refused as hotkeys', async ({ app: page }) => {
  await openLabels(page);
  // The service trims the name and lower-cases the hotkey: the row shows what was stored, as saved.
  const decision = row(page, 'Decision');
  await decision.getByRole('textbox', { name: 'Name of Decision' }).fill('Resolution ');
  await decision.getByRole('textbox', { name: 'Hotkey of Decision' }).fill('R');
  await decision.getByRole('textbox', { name: 'Description of Decision' }).focus();
  await page.keyboard.press('Tab');
  await expect(decision.getByRole('button', { name: 'Save Decision' })).toBeFocused();
  await page.keyboard.press('Space');
  const resolution = row(page, 'Resolution');
  await expect(resolution.getByRole('status')).toHaveText('Saved');
  await expect(resolution.getByRole('textbox', { name: 'Name of Resolution' })).toHaveValue('Resolution');
  await expect(resolution.getByRole('textbox', { name: 'Hotkey of Resolution' })).toHaveValue('r');
  // Nothing left to save; the button says so and keeps keyboard focus.
  await expect(resolution.getByRole('button', { name: 'Save Resolution' })).toHaveAttribute('aria-disabled', 'true');
  await expect(resolution.getByRole('button', { name: 'Save Resolution' })).toBeFocused();

  // Added from the keyboard: ready for the next label, with the one added announced.
  const fresh = row(page, 'New label');
  await fresh.getByRole('textbox', { name: 'Name of the new label' }).fill('Location');
  await fresh.getByRole('textbox', { name: 'Description of the new label' }).focus();
  await page.keyboard.press('Tab');
  await expect(fresh.getByRole('button', { name: 'Add label' })).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(row(page, 'Location')).toBeVisible();
  await expect(fresh.getByRole('textbox', { name: 'Name of the new label' })).toBeFocused();
  await expect(fresh.getByRole('status')).toHaveText('Added Location');

  // N and L are the app's own keys: a label given one would take it over.
  const agency = row(page, 'Agency');
  await agency.getByRole('textbox', { name: 'Hotkey of Agency' }).fill('n');
  await agency.getByRole('button', { name: 'Save Agency' }).click();
  await expect(agency.getByRole('alert')).toHaveText('N edits the note: choose another key');
  await expect(agency.getByRole('textbox', { name: 'Hotkey of Agency' })).toHaveAttribute('aria-invalid', 'true');
  await fresh.getByRole('textbox', { name: 'Name of the new label' }).fill('Link');
  await fresh.getByRole('textbox', { name: 'Hotkey of the new label' }).fill('L');
  await fresh.getByRole('button', { name: 'Add label' }).click();
  await expect(fresh.getByRole('alert')).toHaveText('L links spans: choose another key');
  await expect(palette(page).getByRole('button', { name: 'Agency (hotkey 1)' })).toBeAttached();
  await expect(palette(page).getByRole('button', { name: /^Link/ })).toHaveCount(0);
});

test('closing over unsaved edits (Esc, ×, Close) asks first: keep editing, or discard them', async ({ app: page }) => {
  const description = () => row(page, 'PlannedEvent').getByRole('textbox', { name: 'Description of PlannedEvent' });
  const closers: Array<[string, () => Promise<void>]> = [
    ['Escape', () => page.keyboard.press('Escape')],
    ['×', () => dialog(page).locator('header').getByRole('button', { name: 'Close' }).click()],
    ['Close', () => dialog(page).locator('footer').getByRole('button', { name: 'Close' }).click()],
  ];
  await openLabels(page);
  const original = await description().inputValue();
  for (const [how, close] of closers) {
    await description().fill(`Typed with care (${how})`);
    await close();
    await expect(dialog(page).getByRole('alert')).toHaveText('Not saved: PlannedEvent. Close without saving?');
    await expect(dialog(page).getByRole('button', { name: 'Keep editing' })).toBeFocused();
    if (how === 'Escape') {
      mkdirSync(screens, { recursive: true });
      await page.screenshot({ path: `${screens}labels-dialog-unsaved.png` });
    }
    // Esc while asked means keep editing: back to the field, with what was typed.
    await page.keyboard.press('Escape');
    await expect(dialog(page)).toBeVisible();
    await expect(dialog(page).getByRole('alert')).toHaveCount(0);
    await expect(description()).toHaveValue(`Typed with care (${how})`);
  }
  await dialog(page).locator('footer').getByRole('button', { name: 'Close' }).click();
  await dialog(page).getByRole('button', { name: 'Discard changes' }).click();
  await expect(dialog(page)).toBeHidden();
  await openLabels(page);
  await expect(description()).toHaveValue(original);
  // Nothing typed: closing does not ask.
  await page.keyboard.press('Escape');
  await expect(dialog(page)).toBeHidden();
});

test('a label no span uses is deleted at once, with an Undo until the dialog closes; a used label says why it cannot be; other tabs and a reload follow', async ({ app: page, served }) => {
  await dragSelect(page, 'Yuri Borisov');
  await page.keyboard.press('1');
  await expect(drawn(page, 'Agency')).toHaveText('Yuri Borisov');
  await openLabels(page);
  const fresh = row(page, 'New label');
  await fresh.getByRole('textbox', { name: 'Name of the new label' }).fill('Typo');
  await fresh.getByRole('button', { name: 'Add label' }).click();
  await expect(palette(page).getByRole('button', { name: 'Typo (hotkey 4)' })).toBeAttached();

  const other = await page.context().newPage();
  await other.goto(served.url);
  await waitForApp(other);
  await expect(palette(other).getByRole('button', { name: 'Typo (hotkey 4)' })).toBeAttached();

  // Each row counts the spans that use its label; only a label none uses can be deleted.
  await expect(row(page, 'Agency')).toContainText('1');
  const deleteAgency = row(page, 'Agency').getByRole('button', { name: 'Delete label Agency' });
  await expect(deleteAgency).toBeDisabled();
  await expect(deleteAgency).toHaveAttribute('title', '1 span uses it: relabel or delete them first');
  await expect(row(page, 'Decision').getByRole('button', { name: 'Delete label Decision' })).toBeEnabled();

  await row(page, 'Typo').getByRole('button', { name: 'Delete label Typo' }).click();
  const gone = dialog(page).getByRole('group', { name: 'Typo (deleted)' });
  await expect(gone.getByRole('status')).toHaveText('Deleted');
  await expect(row(page, 'Typo')).toHaveCount(0);
  await expect(palette(page).getByRole('button', { name: /^Typo/ })).toHaveCount(0);
  mkdirSync(screens, { recursive: true });
  await page.screenshot({ path: `${screens}labels-dialog-delete.png` });

  // Undo brings it back as it was, hotkey and all.
  await gone.getByRole('button', { name: 'Undo deleting Typo' }).click();
  await expect(row(page, 'Typo').getByRole('textbox', { name: 'Hotkey of Typo' })).toHaveValue('4');
  await expect(palette(page).getByRole('button', { name: 'Typo (hotkey 4)' })).toBeAttached();

  await row(page, 'Typo').getByRole('button', { name: 'Delete label Typo' }).click();
  await expect(gone).toBeVisible();
  await page.keyboard.press('Escape');
  await expect(dialog(page)).toBeHidden();
  await expect(palette(page).getByRole('button', { name: /^Typo/ })).toHaveCount(0);

  // Another tab follows when it comes back into view.
  await other.evaluate(() => window.dispatchEvent(new Event('focus')));
  await expect(palette(other).getByRole('button', { name: /^Typo/ })).toHaveCount(0);
  await other.close();

  // Reopened, the dialog no longer lists it, and its hotkey is free for a new label; so after a reload.
  await openLabels(page);
  await expect(gone).toHaveCount(0);
  await expect(row(page, 'Typo')).toHaveCount(0);
  await expect(fresh.getByRole('textbox', { name: 'Hotkey of the new label' })).toHaveValue('4');
  await page.keyboard.press('Escape');
  await reloadApp(page);
  await expect(palette(page).getByRole('button', { name: /^Typo/ })).toHaveCount(0);
  await expect(palette(page).getByRole('button', { name: 'Agency (hotkey 1)' })).toBeAttached();
  await expect(drawn(page, 'Agency')).toHaveText('Yuri Borisov');
});

test('undoing the deletion of a span whose label was deleted since brings the label back to the palette, and the span is drawn in its colour', async ({ app: page }) => {
  await openLabels(page);
  const fresh = row(page, 'New label');
  await fresh.getByRole('textbox', { name: 'Name of the new label' }).fill('Venue');
  await fresh.getByLabel('Colour of the new label').fill('#8362cd');
  await fresh.getByRole('button', { name: 'Add label' }).click();
  await expect(row(page, 'Venue')).toBeVisible();
  await page.keyboard.press('Escape');

  await dragSelect(page, 'Bishkek');
  await page.keyboard.press('4');
  await expect(drawn(page, 'Venue')).toHaveText('Bishkek');
  await page.keyboard.press('Delete');
  await expect(drawn(page, 'Venue')).toHaveCount(0);

  await openLabels(page);
  await row(page, 'Venue').getByRole('button', { name: 'Delete label Venue' }).click();
  await expect(dialog(page).getByRole('group', { name: 'Venue (deleted)' })).toBeVisible();
  await page.keyboard.press('Escape');
  await expect(palette(page).getByRole('button', { name: /^Venue/ })).toHaveCount(0);

  await page.keyboard.press('Control+z');
  await expect(drawn(page, 'Venue')).toHaveText('Bishkek');
  expect(await paintedColour(page, 'Venue')).toBe('#8362cd');
  // Back without its hotkey: another label may have taken the key meanwhile.
  await expect(palette(page).getByRole('button', { name: 'Venue', exact: true })).toBeAttached();
});

test('labels move up and down with the arrows and Alt+↑ / Alt+↓, saved at once: the palette follows, an unsaved edit moves with its row, other tabs and a reload keep the order', async ({ app: page, served }) => {
  const paletteOrder = () => palette(page).locator('.buttons .name');
  const dialogOrder = () => dialog(page).locator('.rows form').evaluateAll((forms) => forms.map((form) => form.getAttribute('aria-label')));
  const other = await page.context().newPage();
  await other.goto(served.url);
  await waitForApp(other);

  await openLabels(page);
  await expect.poll(dialogOrder).toEqual(['Agency', 'Decision', 'PlannedEvent']);
  // The first label cannot go up, the last not down.
  await expect(row(page, 'Agency').getByRole('button', { name: 'Move Agency up' })).toBeDisabled();
  await expect(row(page, 'Agency').getByRole('button', { name: 'Move Agency down' })).toBeEnabled();
  await expect(row(page, 'PlannedEvent').getByRole('button', { name: 'Move PlannedEvent down' })).toBeDisabled();

  // An edit typed into a row, not saved, moves with it.
  const description = row(page, 'Agency').getByRole('textbox', { name: 'Description of Agency' });
  const original = await description.inputValue();
  await description.fill('Typed, not saved');
  const moveDown = row(page, 'Agency').getByRole('button', { name: 'Move Agency down' });
  await moveDown.click();
  await expect(paletteOrder()).toHaveText(['Decision', 'Agency', 'PlannedEvent']);
  await expect.poll(dialogOrder).toEqual(['Decision', 'Agency', 'PlannedEvent']);
  await expect(moveDown).toBeFocused();
  await expect(description).toHaveValue('Typed, not saved');
  await expect(row(page, 'Agency').getByRole('status')).toHaveText('Not saved yet');

  // From the keyboard, anywhere in the row: focus stays where it was, in the moved row.
  const name = row(page, 'Agency').getByRole('textbox', { name: 'Name of Agency' });
  await name.focus();
  await page.keyboard.press('Alt+ArrowDown');
  await expect(paletteOrder()).toHaveText(['Decision', 'PlannedEvent', 'Agency']);
  await expect.poll(dialogOrder).toEqual(['Decision', 'PlannedEvent', 'Agency']);
  await expect(name).toBeFocused();
  await expect(moveDown).toBeDisabled();
  await expect(row(page, 'Decision').getByRole('button', { name: 'Move Decision up' })).toBeDisabled();
  // Already last: nothing moves.
  await page.keyboard.press('Alt+ArrowDown');
  await row(page, 'Decision').getByRole('textbox', { name: 'Name of Decision' }).focus();
  await page.keyboard.press('Alt+ArrowUp');
  await expect(paletteOrder()).toHaveText(['Decision', 'PlannedEvent', 'Agency']);
  const plannedHotkey = row(page, 'PlannedEvent').getByRole('textbox', { name: 'Hotkey of PlannedEvent' });
  await plannedHotkey.focus();
  await page.keyboard.press('Alt+ArrowUp');
  await expect(paletteOrder()).toHaveText(['PlannedEvent', 'Decision', 'Agency']);
  await expect(plannedHotkey).toBeFocused();
  await expect(description).toHaveValue('Typed, not saved');
  mkdirSync(screens, { recursive: true });
  await page.screenshot({ path: `${screens}labels-dialog-order.png` });

  // Closing still asks about the unsaved edit; the moves are saved already.
  await page.keyboard.press('Escape');
  await dialog(page).getByRole('button', { name: 'Discard changes' }).click();
  await expect(dialog(page)).toBeHidden();

  await other.evaluate(() => window.dispatchEvent(new Event('focus')));
  await expect(palette(other).locator('.buttons .name')).toHaveText(['PlannedEvent', 'Decision', 'Agency']);
  await other.close();

  await reloadApp(page);
  await expect(paletteOrder()).toHaveText(['PlannedEvent', 'Decision', 'Agency']);
  await openLabels(page);
  await expect.poll(dialogOrder).toEqual(['PlannedEvent', 'Decision', 'Agency']);
  await expect(description).toHaveValue(original);
});

test('the shortcuts list says what Alt+↑ / Alt+↓ do in the Labels dialog, in the row of the keys', async ({ app: page }) => {
  await page.keyboard.press('?');
  const shortcuts = page.getByRole('dialog', { name: 'Keyboard shortcuts' });
  const keys = shortcuts.locator('dt', { hasText: /^Alt\+↓ \/ Alt\+↑$/ });
  await expect(keys).toHaveCount(1);
  await expect(keys.locator('+ dd')).toHaveText('Next / previous document; in the Labels dialog, move the label down / up');
});

test('adding a label of a deleted label\'s name in the dialog brings its row back, live and editable', async ({ app: page }) => {
  await openLabels(page);
  await row(page, 'Decision').getByRole('button', { name: 'Delete label Decision' }).click();
  const gone = dialog(page).getByRole('group', { name: 'Decision (deleted)' });
  await expect(gone).toBeVisible();
  const fresh = row(page, 'New label');
  await fresh.getByRole('textbox', { name: 'Name of the new label' }).fill('Decision');
  await fresh.getByRole('button', { name: 'Add label' }).click();
  await expect(palette(page).getByRole('button', { name: /^Decision/ })).toBeAttached();
  await expect(gone).toHaveCount(0);
  const decision = row(page, 'Decision');
  await decision.getByRole('textbox', { name: 'Description of Decision' }).fill('Back again');
  await decision.getByRole('button', { name: 'Save Decision' }).click();
  await expect(decision.getByRole('status')).toHaveText('Saved');
  await expect(palette(page).getByRole('button', { name: /^Decision/ })).toHaveAttribute('title', 'Back again');
});

test('undo of a deletion whose hotkey another label took since brings the label back without it, and its row says so', async ({ app: page }) => {
  await openLabels(page);
  await row(page, 'Decision').getByRole('button', { name: 'Delete label Decision' }).click();
  // The Add row offers the freed digit.
  const fresh = row(page, 'New label');
  await expect(fresh.getByRole('textbox', { name: 'Hotkey of the new label' })).toHaveValue('2');
  await fresh.getByRole('textbox', { name: 'Name of the new label' }).fill('Choice');
  await fresh.getByRole('button', { name: 'Add label' }).click();
  await expect(palette(page).getByRole('button', { name: 'Choice (hotkey 2)' })).toBeAttached();

  await dialog(page).getByRole('button', { name: 'Undo deleting Decision' }).click();
  const decision = row(page, 'Decision');
  await expect(decision.getByRole('status').filter({ hasText: 'Back' })).toHaveText('Back, without hotkey 2: Choice has it now');
  await expect(decision.getByRole('textbox', { name: 'Hotkey of Decision' })).toHaveValue('');
  await expect(decision.getByRole('textbox', { name: 'Hotkey of Decision' })).toHaveAccessibleDescription('Back, without hotkey 2: Choice has it now');
  await expect(palette(page).getByRole('button', { name: 'Decision', exact: true })).toBeAttached();
  await expect(palette(page).getByRole('button', { name: 'Choice (hotkey 2)' })).toBeAttached();
  mkdirSync(screens, { recursive: true });
  await page.screenshot({ path: `${screens}labels-dialog-undo-without-hotkey.png` });

  // Given a key of its own again, the note is past.
  await decision.getByRole('textbox', { name: 'Hotkey of Decision' }).fill('7');
  await decision.getByRole('button', { name: 'Save Decision' }).click();
  // The note is a status too: until it goes, a bare status locator would name two elements.
  await expect(decision).not.toContainText('without hotkey');
  await expect(decision.getByRole('status')).toHaveText('Saved');
});

test('focus stays in the dialog when a label is deleted (on its Undo) and when it is brought back (on its Delete)', async ({ app: page }) => {
  await openLabels(page);
  await row(page, 'Decision').getByRole('button', { name: 'Delete label Decision' }).focus();
  await page.keyboard.press('Enter');
  const undo = dialog(page).getByRole('button', { name: 'Undo deleting Decision' });
  await expect(undo).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(row(page, 'Decision').getByRole('button', { name: 'Delete label Decision' })).toBeFocused();
});

test('an unsaved edit to a label another tab deleted is said to be lost, and closing asks only about rows still there', async ({ app: page, served }) => {
  const other = await otherTab(page, served.url);
  await page.bringToFront();
  await openLabels(page);
  await row(page, 'Decision').getByRole('textbox', { name: 'Description of Decision' }).fill('Typed here, not saved');
  await row(page, 'PlannedEvent').getByRole('textbox', { name: 'Description of PlannedEvent' }).fill('Also typed, not saved');
  await callApi(other, 'deleteLabel', { id: await labelId(other, 'Decision') });
  await other.close();

  await comeBack(page);
  await expect(row(page, 'Decision')).toHaveCount(0);
  await expect(dialog(page).getByRole('status').filter({ hasText: 'another window' })).toHaveText(
    'Decision was deleted in another window; your edit to it was not saved.',
  );
  await page.keyboard.press('Escape');
  await expect(dialog(page).getByRole('alert')).toHaveText('Not saved: PlannedEvent. Close without saving?');
  await dialog(page).getByRole('button', { name: 'Discard changes' }).click();
  await expect(dialog(page)).toBeHidden();
  // Opened again, the dialog has nothing to say about it.
  await openLabels(page);
  await expect(dialog(page)).not.toContainText('another window');
});

test('a Delete refused because another tab labelled a span with it since says why, and the row counts that span', async ({ page, served }) => {
  const problems = await openApp(page, served.url);
  const other = await otherTab(page, served.url);
  await page.bringToFront();
  await openLabels(page);
  const decision = row(page, 'Decision');
  await expect(decision.locator('.uses')).toHaveText('0');
  await callApi(other, 'createSpan', { documentId: await currentDocumentId(other), labelId: await labelId(other, 'Decision'), start: 0, end: 5 });
  await other.close();

  const deleteDecision = decision.getByRole('button', { name: 'Delete label Decision' });
  await deleteDecision.click();
  await expect(decision.getByRole('alert')).toHaveText('1 span uses label “Decision”: relabel or delete them first.');
  await expect(decision.getByRole('status')).toHaveText('Not deleted');
  await expect(decision.locator('.uses')).toHaveText('1');
  await expect(deleteDecision).toBeDisabled();
  await expect(deleteDecision).toHaveAttribute('title', '1 span uses it: relabel or delete them first');
  expect(problems, 'no page errors or console errors').toEqual([]);
});

test('with no label on a key the status bar and the empty span list say to click a label; with no label at all, to add one', async ({ app: page }) => {
  const hint = page.locator('.statusbar .info');
  const empty = page.locator('#spans-empty');
  await expect(hint).toHaveText('Select text, then press 1/2/3 · Tab walks spans · ? shortcuts');
  await expect(empty).toHaveText("Select text in the article, then press a label's hotkey.");
  await openLabels(page);
  for (const name of ['Agency', 'Decision']) await row(page, name).getByRole('button', { name: `Delete label ${name}` }).click();
  const plannedKey = row(page, 'PlannedEvent').getByRole('textbox', { name: 'Hotkey of PlannedEvent' });
  await plannedKey.fill('');
  await row(page, 'PlannedEvent').getByRole('button', { name: 'Save PlannedEvent' }).click();
  await expect(plannedKey).toHaveValue('');
  await expect(row(page, 'PlannedEvent').getByRole('status')).toHaveText('Saved');
  await page.keyboard.press('Escape');
  await expect(hint).toHaveText('Select text, then click a label · Tab walks spans · ? shortcuts');
  await expect(empty).toHaveText('Select text in the article, then click a label.');
  await openLabels(page);
  await row(page, 'PlannedEvent').getByRole('button', { name: 'Delete label PlannedEvent' }).click();
  await expect(dialog(page).getByRole('group', { name: 'PlannedEvent (deleted)' })).toBeVisible();
  await page.keyboard.press('Escape');
  await expect(hint).toHaveText('Select text, then add a label (Edit labels…) · Tab walks spans · ? shortcuts');
  await expect(empty).toHaveText('This project has no labels: add one with Edit labels…, then select text and click it.');
});

test('what another tab did to labels deleted here shows in their rows: one added again is live, one whose hotkey was taken comes back without it', async ({ page, served }) => {
  const problems = await openApp(page, served.url);
  const other = await otherTab(page, served.url);
  await page.bringToFront();
  await openLabels(page);
  await row(page, 'Decision').getByRole('button', { name: 'Delete label Decision' }).click();
  await row(page, 'PlannedEvent').getByRole('button', { name: 'Delete label PlannedEvent' }).click();
  await callApi(other, 'createLabel', { name: 'Decision', color: '#d9822b', hotkey: null });
  await callApi(other, 'createLabel', { name: 'Choice', color: '#8362cd', hotkey: '3' });
  await other.close();

  // This tab has not read the labels since: its Undo is refused the key, and asks again who has it.
  await dialog(page).getByRole('button', { name: 'Undo deleting PlannedEvent' }).click();
  await expect(row(page, 'PlannedEvent').getByRole('status').filter({ hasText: 'Back' })).toHaveText('Back, without hotkey 3: Choice has it now');
  await expect(palette(page).getByRole('button', { name: 'PlannedEvent', exact: true })).toBeAttached();
  await comeBack(page);
  await expect(dialog(page).getByRole('group', { name: 'Decision (deleted)' })).toHaveCount(0);
  await expect(row(page, 'Decision').getByRole('textbox', { name: 'Name of Decision' })).toBeEditable();
  expect(problems, 'no page errors or console errors').toEqual([]);
});
