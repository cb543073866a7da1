/**
 * The Import and Export dialogs give focus back to what opened them, as the shortcuts and details
 * dialogs do: they are removed from the page when they close, which left focus on the body, and Tab
 * then went to the toolbar instead of walking spans. Between phases (choosing, running, the summary)
 * focus stays inside the dialog.
 */
import type { Locator, Page } from '@playwright/test';
import { test, expect } from './fixtures';
import { articleText, twoSpansArticleFocused } from './helpers';

const mod = process.platform === 'darwin' ? 'Meta' : 'Control';
async function expectTabWalksSpans(page: Page): Promise<void> {
  await expect(articleText(page)).toBeFocused();
  await page.keyboard.press('Tab');
  await expect(page.locator('article [data-span-id].selected')).toHaveText('Kyrgyz Republic');
  await expect(articleText(page)).toBeFocused();
  await page.keyboard.press('Escape');
}

function focusIsInside(page: Page, selector: string): Promise<boolean> {
  return page.evaluate((selector) => {
    const active = document.activeElement;
    return Boolean(active && active !== document.body && document.querySelector(selector)?.contains(active));
  }, selector);
}

test('Esc and Cancel on the Import and Export dialogs give focus back to the article', async ({ app: page }) => {
  await twoSpansArticleFocused(page);

  await page.keyboard.press(`${mod}+i`);
  const importDialog = page.getByRole('dialog', { name: 'Import articles' });
  await expect(importDialog).toBeVisible();
  await page.keyboard.press('Escape');
  await expect(importDialog).toHaveCount(0);
  await expectTabWalksSpans(page);

  await page.keyboard.press(`${mod}+i`);
  await expect(importDialog).toBeVisible();
  await importDialog.getByRole('button', { name: 'Cancel', exact: true }).click();
  await expect(importDialog).toHaveCount(0);
  await expectTabWalksSpans(page);

  await page.keyboard.press(`${mod}+e`);
  const exportDialog = page.getByRole('dialog', { name: 'Export annotations' });
  await expect(exportDialog).toBeVisible();
  await page.keyboard.press('Escape');
  await expect(exportDialog).toHaveCount(0);
  await expectTabWalksSpans(page);

  await page.keyboard.press(`${mod}+e`);
  await expect(exportDialog).toBeVisible();
  await exportDialog.getByRole('button', { name: 'Cancel', exact: true }).click();
  await expect(exportDialog).toHaveCount(0);
  await expectTabWalksSpans(page);
});

test('the toolbar buttons get focus back when their dialogs close', async ({ app: page }) => {
  const importButton = page.getByRole('button', { name: 'Import…' });
  await importButton.click();
  await expect(page.getByRole('dialog', { name: 'Import articles' })).toBeVisible();
  await page.keyboard.press('Escape');
  await expect(importButton).toBeFocused();

  const exportButton = page.getByRole('button', { name: 'Export…' });
  await exportButton.click();
  await expect(page.getByRole('dialog', { name: 'Export annotations' })).toBeVisible();
  await page.keyboard.press('Escape');
  await expect(exportButton).toBeFocused();
});

test('while an import summary shows, focus is in the dialog (on Done); Done gives it back to the article', async ({ app: page }) => {
  await twoSpansArticleFocused(page);
  await page.keyboard.press(`${mod}+i`);
  const dialog = page.getByRole('dialog', { name: 'Import articles' });
  await expect(dialog).toBeVisible();
  await dialog.getByTestId('import-files').setInputFiles([{ name: 'focus-note.txt', mimeType: 'text/plain', buffer: Buffer.from('A short note about focus.\n', 'utf8') }]);
  // Clicking Import removes the button that had focus: the phase that follows must take it, not the body.
  await dialog.getByRole('button', { name: 'Import 1 file' }).click();
  await expect(page.getByTestId('import-summary')).toBeVisible({ timeout: 30_000 });
  const finished = page.getByRole('dialog', { name: 'Import finished' });
  await expect(finished.getByRole('button', { name: 'Done', exact: true })).toBeFocused();
  expect(await focusIsInside(page, 'dialog.import-dialog')).toBe(true);

  await page.keyboard.press('Enter');
  await expect(finished).toHaveCount(0);
  await expectTabWalksSpans(page);
});

test('while an export summary shows, focus is in the dialog (on Done); Done gives it back to the article', async ({ app: page }) => {
  await twoSpansArticleFocused(page);
  await page.keyboard.press(`${mod}+e`);
  const dialog = page.getByRole('dialog', { name: 'Export annotations' });
  await expect(dialog).toBeVisible();
  await dialog.getByRole('button', { name: 'Export', exact: true }).click();
  await expect(page.getByTestId('export-summary')).toBeVisible({ timeout: 30_000 });
  const finished = page.getByRole('dialog', { name: 'Export finished' });
  await expect(finished.getByRole('button', { name: 'Done', exact: true })).toBeFocused();

  // Export again… goes back to choosing: focus on the chosen format, not on the body.
  await finished.getByRole('button', { name: 'Export again…' }).click();
  await expect(dialog.locator('input[name="export-format"]:checked')).toBeFocused();
  await page.keyboard.press('Escape');
  await expect(dialog).toHaveCount(0);
  await expectTabWalksSpans(page);
});

test('"+ Map a label" in the Import dialog stays on one line', async ({ app: page }) => {
  await page.keyboard.press(`${mod}+i`);
  const dialog = page.getByRole('dialog', { name: 'Import articles' });
  await expect(dialog).toBeVisible();
  await dialog.getByRole('combobox', { name: 'Format' }).selectOption('brat');
  const add = dialog.getByRole('button', { name: '+ Map a label' });
  await expect(add).toBeVisible();
  const { height, lineHeight } = await add.evaluate((element) => ({
    height: element.getBoundingClientRect().height,
    lineHeight: parseFloat(getComputedStyle(element).lineHeight) || parseFloat(getComputedStyle(element).fontSize) * 1.4,
  }));
  expect(height).toBeLessThan(lineHeight * 1.5);
});

test('the Import dialog’s disabled Import button looks like every other disabled button, not like the action', async ({ app: page }) => {
  const colours = (locator: Locator) =>
    locator.evaluate((element) => {
      const style = getComputedStyle(element);
      return { background: style.backgroundColor, color: style.color };
    });
  // The toolbar's Undo is disabled in a fresh project (read before the modal dialog hides the page).
  const undo = page.getByRole('button', { name: 'Nothing to undo' });
  await expect(undo).toBeDisabled();
  const disabledLook = await colours(undo);
  await page.keyboard.press(`${mod}+i`);
  const dialog = page.getByRole('dialog', { name: 'Import articles' });
  const importButton = dialog.getByRole('button', { name: 'Import', exact: true });
  await expect(importButton).toBeDisabled();
  expect(await colours(importButton)).toEqual(disabledLook);
});
