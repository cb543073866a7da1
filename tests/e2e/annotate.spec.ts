import { test, expect, reloadApp } from './fixtures';
import { currentDocumentId, dragSelect, drawn, drawnText, listSpans, topmostPoint } from './helpers';

const mod = process.platform === 'darwin' ? 'Meta' : 'Control';

test('labels a dragged phrase with hotkey 1, and it survives a reload', async ({ app: page }) => {
  await dragSelect(page, 'Interstate Commission on Military-Economic Cooperation');
  await page.keyboard.press('1');

  const span = drawn(page, 'Agency');
  await expect(span).toHaveCount(1);
  await expect(span).toHaveText('Interstate Commission on Military-Economic Cooperation');
  await expect(span).toHaveAttribute('title', 'Agency: Interstate Commission on Military-Economic Cooperation');
  await expect(page.getByRole('list', { name: 'Spans' }).getByRole('button')).toHaveCount(1);
  // The selection is cleared after creating.
  expect(await page.evaluate(() => window.getSelection()?.isCollapsed ?? true)).toBe(true);

  const [stored] = await listSpans(page);
  expect(stored?.text).toBe('Interstate Commission on Military-Economic Cooperation');

  await reloadApp(page);
  await expect(drawn(page, 'Agency')).toHaveText('Interstate Commission on Military-Economic Cooperation');
  await expect(page.getByRole('list', { name: 'Documents' }).getByText('In progress')).toBeVisible();
});

test('a partial selection snaps outward to whole words; with snapping off it is kept exact', async ({ app: page }) => {
  await dragSelect(page, 'erstate Commiss');
  await page.keyboard.press('1');
  await expect(drawn(page, 'Agency')).toHaveText('Interstate Commission');

  await page.getByText('Snap to words').click();
  await expect(page.getByRole('checkbox', { name: 'Snap to words' })).not.toBeChecked();
  await dragSelect(page, 'ilitary-Econo');
  await page.keyboard.press('2');
  await expect(drawn(page, 'Decision')).toHaveText('ilitary-Econo');
  const spans = await listSpans(page);
  expect(spans.map((span) => span.text).sort()).toEqual(['Interstate Commission', 'ilitary-Econo']);
});

test('labelling the same words with the same label again selects the span there instead of stacking a copy', async ({ app: page }) => {
  await dragSelect(page, 'video conferencing');
  await page.keyboard.press('3');
  await expect(drawn(page, 'PlannedEvent')).toHaveCount(1);
  await page.keyboard.press('Escape');
  await dragSelect(page, 'video conferencing');
  await page.keyboard.press('3');
  await expect(page.getByTestId('message')).toContainText('Already PlannedEvent: “video conferencing”');
  await expect(drawn(page, 'PlannedEvent')).toHaveClass(/selected/);
  // Another label over the same words is a span of its own.
  await page.keyboard.press('Escape');
  await dragSelect(page, 'video conferencing');
  await page.keyboard.press('2');
  await expect(drawn(page, 'Decision')).toHaveCount(1);
  expect((await listSpans(page)).map((span) => span.text)).toEqual(['video conferencing', 'video conferencing']);
});

test('clicking a label button labels the selection', async ({ app: page }) => {
  await dragSelect(page, 'video conferencing');
  await page.getByRole('button', { name: /^PlannedEvent/ }).click();
  await expect(drawn(page, 'PlannedEvent')).toHaveText('video conferencing');
});

test('relabel with a hotkey, delete, undo and redo', async ({ app: page }) => {
  await dragSelect(page, 'State Defense Committee');
  await page.keyboard.press('1');
  await expect(drawn(page, 'Agency')).toHaveText('State Defense Committee');

  await page.keyboard.press('Escape');
  await drawn(page, 'Agency').click();
  await expect(drawn(page, 'Agency')).toHaveClass(/selected/);
  await page.keyboard.press('2');
  await expect(drawn(page, 'Decision')).toHaveText('State Defense Committee');
  await expect(drawn(page, 'Agency')).toHaveCount(0);

  await drawn(page, 'Decision').click();
  await page.keyboard.press('Delete');
  await expect(drawn(page)).toHaveCount(0);
  await expect(page.getByRole('button', { name: /^Undo / })).toBeEnabled();
  // The status bar reports the delete, not the relabel before it.
  await expect(page.getByTestId('message')).toContainText('Deleted Decision span');

  await page.keyboard.press(`${mod}+z`);
  await expect(drawn(page, 'Decision')).toHaveText('State Defense Committee');
  await page.keyboard.press(`${mod}+Shift+z`);
  await expect(drawn(page)).toHaveCount(0);
  await page.keyboard.press(`${mod}+z`);
  await expect(drawn(page, 'Decision')).toHaveCount(1);
  await page.keyboard.press(`${mod}+y`);
  await expect(drawn(page)).toHaveCount(0);
  expect(await listSpans(page)).toEqual([]);

  // History lives in the database: undo still works after a reload.
  await reloadApp(page);
  await expect(page.locator('article [data-block]').first()).toBeVisible();
  await page.keyboard.press(`${mod}+z`);
  await expect(drawn(page, 'Decision')).toHaveText('State Defense Committee');
});

test('overlapping and nested spans each stay visible and clickable', async ({ app: page }) => {
  await dragSelect(page, 'Interstate Commission on Military-Economic');
  await page.keyboard.press('1');
  await expect(drawn(page, 'Agency')).toHaveCount(1);
  await page.keyboard.press('Escape');
  // Crosses the first span's end: drawn in pieces.
  await dragSelect(page, 'Military-Economic Cooperation of the Collective');
  await page.keyboard.press('2');
  await expect(drawn(page, 'Decision').first()).toBeVisible();
  await page.keyboard.press('Escape');
  // Nested inside the first span.
  await dragSelect(page, 'Commission');
  await page.keyboard.press('3');
  await expect(drawn(page, 'PlannedEvent')).toHaveText('Commission');
  await page.keyboard.press('Escape');

  const spans = await listSpans(page);
  expect(spans).toHaveLength(3);
  for (const span of spans) {
    expect(await drawnText(page, span.id)).toBe(span.text);
    const point = await topmostPoint(page, span.id);
    expect(point, `span ${span.text} has a point where it is on top`).not.toBeNull();
    await page.mouse.click(point!.x, point!.y);
    await expect(page.locator(`article [data-span-id="${span.id}"]`).first()).toHaveClass(/selected/);
    await expect(page.locator(`article mark.selected`)).not.toHaveCount(0);
    const selectedIds = await page.locator('article mark.selected').evaluateAll((elements) => [...new Set(elements.map((e) => e.getAttribute('data-span-id')))]);
    expect(selectedIds).toEqual([String(span.id)]);
  }
});

test('five spans nested over one phrase, two of them over the very same words: each has its own edge, and clicking again moves out to the next', async ({ app: page }) => {
  const nested = [
    ['Collective Security Treaty Organization', '1'],
    ['Collective Security Treaty Organization', '2'],
    ['Collective Security Treaty', '3'],
    ['Collective Security', '1'],
    ['Collective', '2'],
  ] as const;
  for (const [phrase, key] of nested) {
    await dragSelect(page, phrase);
    await page.keyboard.press(key);
    await page.keyboard.press('Escape');
  }
  const spans = await listSpans(page);
  expect(spans).toHaveLength(5);
  // Outermost first (document order puts the longer of two spans with one start first; equal ones by id).
  const outsideIn = spans.map((span) => span.id);
  const bottoms = await page.locator('article mark').evaluateAll((marks) => marks.map((mark) => mark.getClientRects()[0]!.bottom));
  expect(new Set(bottoms).size).toBe(5);

  const word = page.locator(`article [data-span-id="${outsideIn[4]}"]`);
  const selected = () => page.locator('article mark.selected').evaluateAll((marks) => [...new Set(marks.map((mark) => Number(mark.getAttribute('data-span-id'))))]);
  for (const expected of [...outsideIn].reverse().concat(outsideIn[4]!)) {
    await word.click();
    await expect.poll(selected).toEqual([expected]);
  }
});

test('Tab and Shift+Tab walk spans in document order; Escape deselects', async ({ app: page }) => {
  for (const [phrase, key] of [['Kyrgyz Republic', '1'], ['video conferencing', '3'], ['Yuri Borisov', '1']] as const) {
    await dragSelect(page, phrase);
    await page.keyboard.press(key);
    await expect(page.getByRole('list', { name: 'Spans' }).getByRole('button', { name: new RegExp(phrase) })).toBeVisible();
  }
  await page.keyboard.press('Escape');
  await page.locator('.scroller[aria-label="Article text"]').focus();
  const selectedText = () => page.locator('article mark.selected').first().textContent();

  await page.keyboard.press('Tab');
  expect(await selectedText()).toBe('Kyrgyz Republic');
  await page.keyboard.press('Tab');
  expect(await selectedText()).toBe('video conferencing');
  await page.keyboard.press('Tab');
  expect(await selectedText()).toBe('Yuri Borisov');
  await expect(page.getByRole('list', { name: 'Spans' }).getByRole('button', { pressed: true })).toHaveAccessibleName(/Yuri Borisov/);
  await page.keyboard.press('Shift+Tab');
  expect(await selectedText()).toBe('video conferencing');
  await page.keyboard.press('Escape');
  await expect(page.locator('article mark.selected')).toHaveCount(0);
});

test('marking the document done shows in the document list', async ({ app: page }) => {
  const list = page.getByRole('list', { name: 'Documents' });
  await expect(list.getByText('New', { exact: true })).toBeVisible();
  await page.keyboard.press(`${mod}+Enter`);
  await expect(list.getByText('Done', { exact: true })).toBeVisible();
  await expect(page.getByTestId('message')).toContainText('Marked as done');
  await expect(page.getByRole('button', { name: /Reopen/ })).toBeVisible();
  await reloadApp(page);
  await expect(page.getByRole('list', { name: 'Documents' }).getByText('Done', { exact: true })).toBeVisible();
  await page.getByRole('button', { name: /Reopen/ }).click();
  await expect(list.getByText('Done', { exact: true })).toHaveCount(0);
  // A document without spans goes back to New, and the status bar says so (it once said "in progress").
  await expect(list.getByText('New', { exact: true })).toBeVisible();
  await expect(page.getByTestId('message')).toContainText('Reopened: new');
  expect(await currentDocumentId(page)).toBeGreaterThan(0);
});

test('label buttons and lists have accessible names', async ({ app: page }) => {
  await expect(page.getByRole('button', { name: 'Agency (hotkey 1)' })).toBeVisible();
  await expect(page.getByRole('button', { name: 'Decision (hotkey 2)' })).toBeVisible();
  await expect(page.getByRole('button', { name: 'PlannedEvent (hotkey 3)' })).toBeVisible();
  await expect(page.getByRole('list', { name: 'Documents' })).toBeVisible();
  await expect(page.getByRole('list', { name: 'Spans' })).toBeAttached();
  // The article is drawn as text, exactly as stored (no HTML interpretation).
  const stored = await page.evaluate(async () => {
    const token = new URLSearchParams(location.search).get('token') ?? '';
    const headers = { 'content-type': 'application/json', 'x-spanbench-token': token };
    const list = (await (await fetch('/api/listDocuments', { method: 'POST', headers, body: '{}' })).json()) as { result: { items: Array<{ id: number }> } };
    const doc = (await (await fetch('/api/getDocument', { method: 'POST', headers, body: JSON.stringify({ id: list.result.items[0]!.id }) })).json()) as { result: { text: string } };
    return doc.result.text;
  });
  const drawnLines = await page.locator('article [data-block]').evaluateAll((blocks) => blocks.map((block) => block.textContent));
  expect(drawnLines.join('\n')).toBe(stored.replace(/\r\n|\r/g, '\n'));
});

test('searching documents shows matching articles with the match highlighted', async ({ app: page }) => {
  await page.keyboard.press('/');
  await expect(page.getByRole('searchbox', { name: 'Search documents' })).toBeFocused();
  await page.keyboard.type('Definex');
  const results = page.getByRole('list', { name: 'Search results' });
  await expect(results.locator('.snippet mark').first()).toHaveText(/Definex/i);
  await page.keyboard.type('zzzqqq');
  await expect(results.getByText(/No document matches/)).toBeVisible();
  // Escape clears the query, a second one leaves the search box.
  await page.keyboard.press('Escape');
  await expect(page.getByRole('searchbox', { name: 'Search documents' })).toHaveValue('');
  await expect(page.getByRole('list', { name: 'Documents' })).toBeVisible();
  await page.keyboard.press('Escape');
  await expect(page.getByRole('searchbox', { name: 'Search documents' })).not.toBeFocused();
});
