/**
 * What the page shows stays the file's, and nothing the analyst did is lost quietly: a selection made
 * while a save is on its way, another tab's changes, a refused change, leaving the page mid-save, a
 * refused setting, and where focus sits in the span list after an undo.
 */
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Page } from '@playwright/test';
import { expect, serveFreshProject, startServer, test, waitForApp } from './fixtures';
import { dragSelect, drawn, listSpans, phrasePoints } from './helpers';

const cli = fileURLToPath(new URL('../../bin/spanbench.js', import.meta.url));
const mod = process.platform === 'darwin' ? 'Meta' : 'Control';

/** Holds every call to `method` until the returned function is called. */
async function holdCalls(page: Page, method: string): Promise<() => void> {
  let release!: () => void;
  const held = new Promise<void>((resolve) => (release = resolve));
  await page.route(`**/api/${method}`, async (route) => {
    await held;
    await route.continue();
  });
  return release;
}

/** What the page does when the analyst comes back to its window. */
async function comeBack(page: Page): Promise<void> {
  await page.evaluate(() => window.dispatchEvent(new Event('focus')));
}

test('a phrase selected while a label is saving stays selected when the save lands, and the next key labels it', async ({ app: page }) => {
  const release = await holdCalls(page, 'createSpan');
  await dragSelect(page, 'Interstate Commission');
  await page.keyboard.press('1');
  // Same paragraph: the paragraph is drawn again when the first span lands.
  await dragSelect(page, 'Collective Security');
  release();
  await expect(drawn(page, 'Agency')).toHaveText('Interstate Commission');
  await expect.poll(() => page.evaluate(() => window.getSelection()?.toString())).toBe('Collective Security');
  await page.keyboard.press('2');
  await expect(drawn(page, 'Decision')).toHaveText('Collective Security');
  const spans = await listSpans(page);
  expect(spans.map((span) => [span.text, span.labelId]).sort()).toEqual([
    ['Collective Security', 2],
    ['Interstate Commission', 1],
  ]);
});

test('a drag begun in a paragraph just as a save lands there selects its phrase whole, and the next key labels it', async ({ app: page }) => {
  const release = await holdCalls(page, 'createSpan');
  await dragSelect(page, 'Yuri Borisov');
  await page.keyboard.press('1');
  // Same paragraph. The button is down on its first letter when the save lands.
  const { start, end } = await phrasePoints(page, 'Russia');
  await page.mouse.move(start.x, start.y);
  await page.mouse.down();
  const landed = page.waitForResponse('**/api/createSpan');
  release();
  await landed;
  // Two frames: the paragraph would be drawn again in the first.
  await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve))));
  await page.mouse.move((start.x + end.x) / 2, (start.y + end.y) / 2, { steps: 3 });
  await page.mouse.move(end.x, end.y, { steps: 3 });
  await page.mouse.up();
  await expect.poll(() => page.evaluate(() => window.getSelection()?.toString())).toBe('Russia');
  await expect(drawn(page, 'Agency')).toHaveText('Yuri Borisov');
  await page.keyboard.press('2');
  await expect(drawn(page, 'Decision')).toHaveText('Russia');
  const spans = await listSpans(page);
  expect(spans.map((span) => [span.text, span.labelId]).sort()).toEqual([
    ['Russia', 2],
    ['Yuri Borisov', 1],
  ]);
});

test('two tabs: a change refused because the other tab made it is read again, and coming back shows the other tab’s work', async ({ app: a, served, context }) => {
  await dragSelect(a, 'Yuri Borisov');
  await a.keyboard.press('1');
  await expect(drawn(a, 'Agency')).toHaveCount(1);

  const b = await context.newPage();
  await b.goto(served.url);
  await waitForApp(b);
  await expect(drawn(b, 'Agency')).toHaveCount(1);

  // A deletes the span; B, not told, tries to delete it too.
  await drawn(a, 'Agency').click();
  await a.keyboard.press('Delete');
  await expect(drawn(a)).toHaveCount(0);
  await drawn(b, 'Agency').click();
  await b.keyboard.press('Delete');
  await expect(b.getByTestId('message')).toContainText('There is no span');
  await expect(drawn(b)).toHaveCount(0);
  await expect(b.getByRole('list', { name: 'Spans' }).getByRole('button')).toHaveCount(0);
  await expect(b.getByRole('button', { name: /^Undo delete Agency span/ })).toBeVisible();

  // A labels a phrase; B sees it once its window is back, with the history that Ctrl+Z would undo.
  await dragSelect(a, 'Russia');
  await a.keyboard.press('2');
  await expect(drawn(a, 'Decision')).toHaveCount(1);
  await comeBack(b);
  await expect(drawn(b, 'Decision')).toHaveText('Russia');
  await expect(b.getByRole('button', { name: /^Undo create Decision span/ })).toBeVisible();
  await b.close();
});

test('documents imported from the command line appear in the list when the window is back', async ({ app: page, served }) => {
  await expect(page.getByTestId('document-count')).toHaveText('1');
  const file = join(dirname(served.projectPath), 'elsewhere.txt');
  writeFileSync(file, 'Added while the page was open.', 'utf8');
  execFileSync(process.execPath, [cli, 'add-text', served.projectPath, file, '--title', 'From the command line'], { stdio: 'pipe' });
  await comeBack(page);
  await expect(page.getByTestId('document-count')).toHaveText('2');
  await expect(page.getByRole('list', { name: 'Documents' }).getByRole('button', { name: /From the command line/ })).toBeVisible();
});

test('under a Status filter, marking the open document done brings it into the list and reopening takes it out', async ({ app: page }) => {
  await page.getByRole('button', { name: 'Filters', exact: true }).click();
  await page.getByRole('group', { name: 'Filters' }).getByLabel('Status filter').selectOption('done');
  await expect(page.getByTestId('document-count')).toHaveText('0 shown');
  await page.locator('.article-pane .scroller').focus();
  await page.keyboard.press(`${mod}+Enter`);
  await expect(page.getByTestId('message')).toContainText('Marked as done');
  await expect(page.getByTestId('document-count')).toHaveText('1 shown');
  await expect(page.getByRole('list', { name: 'Documents' }).getByRole('button', { name: /XVIII meeting/ })).toBeVisible();
  await page.keyboard.press(`${mod}+Enter`);
  await expect(page.getByTestId('document-count')).toHaveText('0 shown');
});

test('reloading while a label is saving asks first', async ({ app: page }) => {
  const release = await holdCalls(page, 'createSpan');
  await dragSelect(page, 'Yuri Borisov');
  await page.keyboard.press('1');
  const dialog = new Promise<string>((resolve) => page.once('dialog', (shown) => void shown.dismiss().then(() => resolve(shown.type()))));
  // Dismissed, the reload never happens: its promise is left to fail when the page closes.
  void page.reload({ waitUntil: 'commit' }).catch(() => undefined);
  expect(await dialog).toBe('beforeunload');
  // Stayed: the save lands and is drawn.
  release();
  await expect(drawn(page, 'Agency')).toHaveText('Yuri Borisov');
});

test('a refused Snap to words change puts the switch back', async ({ app: page }) => {
  await page.route('**/api/setSettings', (route) =>
    route.fulfill({ contentType: 'application/json', body: JSON.stringify({ ok: false, error: { code: 'busy', message: 'The project is busy.' } }) }),
  );
  const snap = page.getByRole('checkbox', { name: 'Snap to words' });
  await expect(snap).toBeChecked();
  await page.getByText('Snap to words').click();
  await expect(page.getByTestId('message')).toContainText('busy');
  await expect(snap).toBeChecked();
});

test('read-only: Snap to words and Undo/Redo are disabled even with history to undo and redo', async ({ app: page, served, browser }) => {
  await dragSelect(page, 'Yuri Borisov');
  await page.keyboard.press('1');
  await dragSelect(page, 'Russia');
  await page.keyboard.press('2');
  await expect(drawn(page)).toHaveCount(2);
  await page.getByRole('button', { name: /^Undo create Decision/ }).click();
  await expect(drawn(page)).toHaveCount(1);
  // The same file served read-only, beside the server that wrote it.
  const readOnly = await startServer(served.projectPath, ['--read-only']);
  const reader = await browser.newPage();
  try {
    await reader.goto(readOnly.url);
    await waitForApp(reader);
    await expect(reader.getByRole('status', { name: 'Read-only project' })).toBeVisible();
    await expect(reader.getByRole('checkbox', { name: 'Snap to words' })).toBeDisabled();
    await expect(reader.getByRole('checkbox', { name: 'Snap to words' })).toBeChecked();
    await expect(reader.getByRole('button', { name: /^Undo create Agency span/ })).toBeDisabled();
    await expect(reader.getByRole('button', { name: /^Redo create Decision span/ })).toBeDisabled();
    await reader.screenshot({ path: '.tmp/screens/read-only-toolbar.png' });
  } finally {
    await reader.close();
    readOnly.child.kill();
  }
});

test('in the span list, Delete then Ctrl+Z focuses the restored span’s row, so the next Delete removes that one', async ({ app: page }) => {
  for (const [phrase, key] of [['Interstate Commission', '1'], ['Kyrgyz Republic', '2'], ['Kabar', '3']] as const) {
    await dragSelect(page, phrase);
    await page.keyboard.press(key);
    await expect(drawn(page)).toHaveCount(['1', '2', '3'].indexOf(key) + 1);
  }
  const rows = page.getByRole('list', { name: 'Spans' }).getByRole('button');
  await rows.first().click();
  await page.keyboard.press('Delete');
  await expect(rows).toHaveCount(2);
  await page.keyboard.press(`${mod}+z`);
  await expect(rows).toHaveCount(3);
  const restored = rows.first();
  await expect(restored).toHaveAttribute('aria-pressed', 'true');
  await expect(restored).toBeFocused();
  await page.keyboard.press('Delete');
  await expect(rows).toHaveCount(2);
  expect((await listSpans(page)).map((span) => span.text).sort()).toEqual(['Kabar', 'Kyrgyz Republic']);
});

test('relabelling a span to match another span over the same words selects that one instead of stacking a copy', async ({ app: page }) => {
  await dragSelect(page, 'Kyrgyz Republic');
  await page.keyboard.press('1');
  await expect(drawn(page, 'Agency')).toHaveCount(1);
  await dragSelect(page, 'Kyrgyz Republic');
  await page.keyboard.press('2');
  await expect(drawn(page, 'Decision')).toHaveCount(1);
  // The Decision span is selected: relabel it Agency.
  await page.keyboard.press('1');
  await expect(page.getByTestId('message')).toContainText('Already Agency: “Kyrgyz Republic”');
  const spans = await listSpans(page);
  expect(spans.map((span) => span.labelId).sort()).toEqual([1, 2]);
  const agency = spans.find((span) => span.labelId === 1)!;
  await expect(page.locator(`.span-panel button[data-span-id="${agency.id}"]`)).toHaveAttribute('aria-pressed', 'true');
});
