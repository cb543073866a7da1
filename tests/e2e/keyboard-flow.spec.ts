import type { Page, Route } from '@playwright/test';
import { test, expect } from './fixtures';
import { articleText, dragSelect, drawn, listSpans, twoSpansArticleFocused } from './helpers';

/**
 * Holds every createSpan call until the returned function is called; release(fail) answers
 * it with an error instead of passing it on, as a back end that could not save would.
 */
async function holdCreates(page: Page): Promise<{ reached: Promise<void>; release: (fail?: boolean) => Promise<void> }> {
  let release!: (fail: boolean) => void;
  const held = new Promise<boolean>((resolve) => (release = resolve));
  let reachedResolve!: () => void;
  const reached = new Promise<void>((resolve) => (reachedResolve = resolve));
  let answered!: () => void;
  const done = new Promise<void>((resolve) => (answered = resolve));
  await page.route('**/api/createSpan', async (route: Route) => {
    reachedResolve();
    const fail = await held;
    if (fail) {
      await route.fulfill({ status: 200, contentType: 'application/json', body: JSON.stringify({ ok: false, error: { code: 'internal', message: 'the disk is full' } }) });
    } else await route.continue();
    answered();
  });
  return {
    reached,
    release: async (fail = false) => {
      release(fail);
      await done;
      await page.unroute('**/api/createSpan');
    },
  };
}

/** Labels 'Kyrgyz Republic' Agency and leaves it selected: the state the race needs. */
async function selectExistingSpan(page: Page): Promise<void> {
  await dragSelect(page, 'Kyrgyz Republic');
  await page.keyboard.press('1');
  await expect(drawn(page, 'Agency')).toHaveText('Kyrgyz Republic');
  await page.keyboard.press('Escape');
  await drawn(page, 'Agency').click();
  await expect(drawn(page, 'Agency')).toHaveClass(/selected/);
}

/** 'Kyrgyz Republic' selected, then 'Yuri Borisov' selected and 1 pressed: its create held at the server. */
async function createHeldWhileAnotherIsSelected(page: Page): Promise<Awaited<ReturnType<typeof holdCreates>>> {
  await selectExistingSpan(page);
  const hold = await holdCreates(page);
  await dragSelect(page, 'Yuri Borisov');
  await page.keyboard.press('1');
  await hold.reached;
  return hold;
}

async function labelsByText(page: Page): Promise<Record<string, string>> {
  const names = await page.evaluate(() => Object.fromEntries([...document.querySelectorAll('article [data-span-id]')].map((element) => [element.getAttribute('data-span-id'), element.getAttribute('data-label')])));
  return Object.fromEntries((await listSpans(page)).map((span) => [span.text, names[String(span.id)] ?? '?']));
}

test('a hotkey pressed while a new span is saving relabels that span, not the one selected before', async ({ app: page }) => {
  const hold = await createHeldWhileAnotherIsSelected(page);
  await page.keyboard.press('2');
  // Nothing is drawn, nor relabelled, before the create has committed.
  await expect(drawn(page)).toHaveCount(1);
  await expect(drawn(page, 'Agency')).toHaveText('Kyrgyz Republic');
  const relabelled = page.waitForResponse('**/api/updateSpan');
  await hold.release();
  await relabelled;

  await expect(drawn(page, 'Decision')).toHaveText('Yuri Borisov');
  await expect(drawn(page, 'Agency')).toHaveText('Kyrgyz Republic');
  await expect(drawn(page, 'Decision')).toHaveClass(/selected/);
  expect(await labelsByText(page)).toEqual({ 'Kyrgyz Republic': 'Agency', 'Yuri Borisov': 'Decision' });
});

test('Delete pressed while a new span is saving deletes that span, not the one selected before', async ({ app: page }) => {
  const hold = await createHeldWhileAnotherIsSelected(page);
  await page.keyboard.press('Delete');
  await expect(drawn(page, 'Agency')).toHaveText('Kyrgyz Republic');
  const deleted = page.waitForResponse('**/api/deleteSpan');
  await hold.release();
  await deleted;

  await expect(page.getByRole('button', { name: /^Undo delete/i })).toBeEnabled();
  await expect(drawn(page)).toHaveCount(1);
  await expect(drawn(page, 'Agency')).toHaveText('Kyrgyz Republic');
  expect(await labelsByText(page)).toEqual({ 'Kyrgyz Republic': 'Agency' });
});

test('a failed create shows its error, leaves the span selected before alone, and blocks nothing after it', async ({ app: page }) => {
  const hold = await createHeldWhileAnotherIsSelected(page);
  await page.keyboard.press('2');
  await hold.release(true);

  await expect(page.getByTestId('message')).toContainText('the disk is full');
  await expect(drawn(page)).toHaveCount(1);

  // The selection came back for a retry, and the retry goes through. The key pressed during the failed
  // create (queued before this one) touched no other span: the span selected before is still Agency.
  await page.keyboard.press('2');
  await expect(drawn(page, 'Decision')).toHaveText('Yuri Borisov');
  await expect(drawn(page, 'Agency')).toHaveText('Kyrgyz Republic');
  expect(await labelsByText(page)).toEqual({ 'Kyrgyz Republic': 'Agency', 'Yuri Borisov': 'Decision' });
});

test('closing the shortcuts dialog gives focus back, so Tab walks spans again', async ({ app: page }) => {
  await twoSpansArticleFocused(page);

  await page.keyboard.press('?');
  await expect(page.getByRole('dialog', { name: 'Keyboard shortcuts' })).toBeVisible();
  await page.keyboard.press('Escape');
  await expect(page.getByRole('dialog', { name: 'Keyboard shortcuts' })).toHaveCount(0);
  await expect(articleText(page)).toBeFocused();
  await page.keyboard.press('Tab');
  await expect(page.locator('article [data-span-id].selected')).toHaveCount(1);
  await expect(articleText(page)).toBeFocused();

  await page.keyboard.press('?');
  await page.getByRole('dialog', { name: 'Keyboard shortcuts' }).getByRole('button', { name: 'Close' }).click();
  await expect(page.getByRole('dialog', { name: 'Keyboard shortcuts' })).toHaveCount(0);
  await expect(articleText(page)).toBeFocused();
});

test('closing the details dialog gives focus back to what opened it', async ({ app: page }) => {
  const details = page.getByRole('button', { name: 'Details…' });
  await details.focus();
  await page.keyboard.press('Enter');
  const dialog = page.getByRole('dialog', { name: /details/i });
  await expect(dialog).toBeVisible();
  await page.keyboard.press('Escape');
  await expect(dialog).toHaveCount(0);
  await expect(details).toBeFocused();

  await details.click();
  await expect(dialog).toBeVisible();
  await dialog.getByRole('button', { name: 'Cancel' }).click();
  await expect(dialog).toHaveCount(0);
  await expect(details).toBeFocused();
});

test('Delete on a span-list row keeps focus in the list', async ({ app: page }) => {
  for (const [phrase, key] of [
    ['Kyrgyz Republic', '1'],
    ['video conferencing', '3'],
    ['Yuri Borisov', '1'],
  ] as const) {
    await dragSelect(page, phrase);
    await page.keyboard.press(key);
    await expect(drawn(page).filter({ hasText: phrase })).toHaveCount(1);
  }
  const list = page.getByRole('list', { name: 'Spans' });
  const rows = list.getByRole('button');
  await expect(rows).toHaveCount(3);
  const second = await rows.nth(1).getAttribute('data-span-id');
  const third = await rows.nth(2).getAttribute('data-span-id');
  await rows.nth(1).click();
  await page.keyboard.press('Delete');
  await expect(rows).toHaveCount(2);
  await expect(list.locator(`[data-span-id="${second}"]`)).toHaveCount(0);
  // The row that took the deleted one's place has focus and is selected.
  const next = list.locator(`[data-span-id="${third}"]`);
  await expect(next).toBeFocused();
  await expect(next).toHaveAttribute('aria-pressed', 'true');

  await page.keyboard.press('Delete');
  await expect(rows).toHaveCount(1);
  await expect(rows.first()).toBeFocused();
  await page.keyboard.press('Delete');
  await expect(rows).toHaveCount(0);
  await expect(list).toBeFocused();
});
