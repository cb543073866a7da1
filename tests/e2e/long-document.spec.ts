import { test, expect, reloadApp } from './fixtures';
import { callApi, currentDocumentId, dragSelect, drawn } from './helpers';
import { longReport } from './corpusFiles';
import type { Span } from '../../contract/api';

const TEXT = longReport();

test.use({ extraTexts: [{ file: 'long.txt', content: TEXT, title: 'Long report' }] });

test('a 1 MB article draws only what is visible and reaches far spans', async ({ app: page }) => {
  await page.getByRole('list', { name: 'Documents' }).getByRole('button', { name: /Long report/ }).click();
  await expect(page.locator('article')).toContainText('P0 ');
  const documentId = await currentDocumentId(page);

  // Spans near the start, in the middle and at the very end, made through the API, then drawn after a reload.
  const ends = ['P0 ', 'P1000 ', 'Final paragraph'];
  for (const phrase of ends) {
    const at = [...TEXT.slice(0, TEXT.indexOf(phrase))].length;
    await callApi<unknown>(page, 'createSpan', { documentId, labelId: 1, start: at, end: at + [...phrase.trim()].length });
  }
  await reloadApp(page);
  await expect(page.locator('article')).toContainText('P0 ');

  const blocks = await page.locator('article [data-block]').count();
  expect(blocks).toBeGreaterThan(0);
  expect(blocks).toBeLessThan(120);
  expect(await page.locator('article').evaluate((element) => element.textContent!.length)).toBeLessThan(150_000);

  const perf = await page.evaluate(() => window.__spanbenchPerf);
  expect(perf?.firstPage).toBeGreaterThan(0);
  test.info().annotations.push({ type: 'first page ms', description: String((perf!.firstPage! - perf!.openStart!).toFixed(1)) });

  await page.locator('.scroller[aria-label="Article text"]').focus();
  await page.keyboard.press('Shift+Tab'); // nothing selected: the last span, at the far end
  const last = page.locator('article mark.selected').first();
  await expect(last).toHaveText('Final paragraph');
  await expect(last).toBeInViewport();
  await page.keyboard.press('Shift+Tab');
  await expect(page.locator('article mark.selected').first()).toHaveText('P1000');
  await expect(page.locator('article mark.selected').first()).toBeInViewport();
  await page.keyboard.press('Tab');
  await page.keyboard.press('Tab'); // wraps to the first
  await expect(page.locator('article mark.selected').first()).toHaveText('P0');
  await expect(page.locator('article mark.selected').first()).toBeInViewport();

  // Labelling still works in the long document.
  await page.keyboard.press('Escape');
  await dragSelect(page, 'joint exercises');
  await page.keyboard.press('3');
  await expect(drawn(page, 'PlannedEvent')).toHaveText('joint exercises');
  const spans = await callApi<Span[]>(page, 'listSpans', { documentId });
  expect(spans.map((span) => span.text)).toContain('joint exercises');
});
