/**
 * The side panel: the label palette above the Spans panel.
 *
 * Focus left in the Spans panel stays visible when its rows go (moving to a document without
 * spans, deleting the last span): it used to fall to the empty list, 0 px tall, with no ring
 * anywhere. And many labels (an import brings its own) scroll in the palette instead of
 * squeezing the span list: at 1280×800 with 15 labels the list showed less than one row. The list
 * reserves room only for the rows it has (up to four): at 1280×640 one span left room for one label.
 */
import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Page } from '@playwright/test';
import { test, expect, reloadApp } from './fixtures';
import { callApi, currentDocumentId, dragSelect, drawn } from './helpers';
import type { Label } from '../../contract/api';

test.use({
  // The outer array: Playwright reads a two-item array option as [value, fixture options].
  extraTexts: [[{ file: 'blank.txt', content: 'A second report, with no spans yet.', title: 'Second report' }], { option: true }],
});

const ROW = 54;
const screens = fileURLToPath(new URL('../../.tmp/screens/', import.meta.url));
const EMPTY_MESSAGE = "Select text in the article, then press a label's hotkey.";
const spanList = (page: Page) => page.getByRole('list', { name: 'Spans' });

/** What the focused element shows: its box, whether it draws a ring, and whether the ring is clipped. */
function focused(page: Page) {
  return page.evaluate(() => {
    const element = document.activeElement as HTMLElement;
    const box = element.getBoundingClientRect();
    const style = getComputedStyle(element);
    const clip = element.closest('.scroller')?.getBoundingClientRect() ?? box;
    const message = document.querySelector('.span-panel .empty')?.getBoundingClientRect();
    return {
      inSpansPanel: Boolean(element.closest('.span-panel')),
      width: box.width,
      height: box.height,
      ring: element.matches(':focus-visible') && style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) > 0,
      // The ring is drawn inside the box (negative offset) or around it: either way, on screen.
      inView: box.top >= clip.top - 0.5 && box.bottom <= clip.bottom + 0.5 && box.bottom <= window.innerHeight,
      framesMessage: message ? message.top >= box.top - 0.5 && message.bottom <= box.bottom + 0.5 : null,
    };
  });
}

/** One span on the sample article, its row focused from the keyboard (Tab selects it, F6 F6 reach the Spans panel). */
async function focusOnlySpanRow(page: Page): Promise<void> {
  await dragSelect(page, 'Kyrgyz Republic');
  await page.keyboard.press('1');
  await expect(drawn(page)).toHaveCount(1);
  await page.keyboard.press('Escape');
  await page.locator('.article-pane .scroller').focus();
  await page.keyboard.press('Tab');
  await page.keyboard.press('F6');
  await page.keyboard.press('F6');
  await expect(spanList(page).getByRole('button')).toBeFocused();
}

async function expectVisibleFocusOnEmptyList(page: Page): Promise<void> {
  await expect(page.locator('#spans-heading .count')).toHaveText('0');
  await expect(spanList(page)).toBeFocused();
  const shown = await focused(page);
  expect(shown.width).toBeGreaterThan(100);
  expect(shown.height).toBeGreaterThan(20);
  expect(shown).toMatchObject({ inSpansPanel: true, ring: true, inView: true, framesMessage: true });
  // Screen readers hear the list's name and why it is empty.
  await expect(spanList(page)).toHaveAccessibleDescription(EMPTY_MESSAGE);
}

test('focus in the Spans panel stays visible after moving to a document without spans', async ({ app: page }) => {
  await focusOnlySpanRow(page);
  const first = await currentDocumentId(page);
  await page.keyboard.press('Alt+ArrowDown');
  await expect(page.locator('header.toolbar h1')).toHaveText('Second report');
  expect(await currentDocumentId(page)).not.toBe(first);
  await expectVisibleFocusOnEmptyList(page);
});

test('focus in the Spans panel stays visible after deleting the last span there', async ({ app: page }) => {
  await focusOnlySpanRow(page);
  await page.keyboard.press('Delete');
  await expect(drawn(page)).toHaveCount(0);
  await expectVisibleFocusOnEmptyList(page);
});

test('F6 stops at an empty Spans panel too, with its focus ring around the message', async ({ app: page }) => {
  await page.locator('.article-pane .scroller').focus();
  await page.keyboard.press('F6');
  await expect(page.locator('.palette button.label').first()).toBeFocused();
  await page.keyboard.press('F6');
  await expectVisibleFocusOnEmptyList(page);
});

/** Adds labels up to `total` (the project has three) and five spans on the sample article, then reloads. */
async function withLabelsAndSpans(page: Page, total: number): Promise<void> {
  const defaults = await callApi<Label[]>(page, 'listLabels', {});
  for (let i = defaults.length + 1; i <= total; i++) {
    await callApi<Label>(page, 'createLabel', { name: `Imported ${i}`, color: `#${(0x30507a + i * 0x0b0907).toString(16).slice(-6)}` });
  }
  const labels = await callApi<Label[]>(page, 'listLabels', {});
  const documentId = await currentDocumentId(page);
  for (let i = 0; i < 5; i++) {
    await callApi(page, 'createSpan', { documentId, labelId: labels[i % labels.length]!.id, start: i * 30, end: i * 30 + 10 });
  }
  await reloadApp(page);
  await expect(page.locator('.palette button.label')).toHaveCount(total);
  await expect(spanList(page).getByRole('button')).toHaveCount(5);
}

/** Rows of the span list wholly inside its scrolling box. */
function wholeRowsShown(page: Page): Promise<number> {
  return page.locator('.span-panel .scroller').evaluate((scroller) => {
    const view = scroller.getBoundingClientRect();
    return [...scroller.querySelectorAll('li')].filter((row) => {
      const box = row.getBoundingClientRect();
      return box.top >= view.top - 0.5 && box.bottom <= view.bottom + 0.5;
    }).length;
  });
}

/**
 * Whether a label's button, with its focus ring (2 px outline, 2 px offset), is inside the palette's
 * scrolling box and the window. To the pixel: scrolled to its end, a box of fractional height
 * may stop a fraction of a pixel short.
 */
function labelShown(page: Page, name: string): Promise<boolean> {
  return page.locator('.palette .buttons').evaluate((box, name) => {
    const button = [...box.querySelectorAll('button')].find((element) => element.textContent?.includes(name));
    if (!button) return false;
    const view = box.getBoundingClientRect();
    const target = button.getBoundingClientRect();
    return target.top - 4 >= view.top - 1 && target.bottom + 4 <= view.bottom + 1 && view.bottom <= window.innerHeight;
  }, name);
}

for (const { width, height, labels } of [
  { width: 1280, height: 800, labels: 15 },
  { width: 1280, height: 640, labels: 40 },
]) {
  test(`at ${width}×${height} with ${labels} labels the span list keeps several rows and the palette scrolls to its last label`, async ({ app: page }) => {
    await page.setViewportSize({ width, height });
    await withLabelsAndSpans(page, labels);
    const last = `Imported ${labels}`;

    expect(await wholeRowsShown(page)).toBeGreaterThanOrEqual(3);
    const scroller = page.locator('.span-panel .scroller');
    expect(await scroller.evaluate((element) => element.clientHeight)).toBeGreaterThanOrEqual(3 * ROW);

    const palette = page.locator('.palette .buttons');
    expect(await palette.evaluate((element) => element.scrollHeight > element.clientHeight)).toBe(true);
    expect(await labelShown(page, last)).toBe(false);
    // From the keyboard: F6 to the palette, then Tab to its last label, which scrolls into view with its ring.
    await page.locator('.article-pane .scroller').focus();
    await page.keyboard.press('F6');
    await expect(page.locator('.palette button.label').first()).toBeFocused();
    for (let i = 1; i < labels; i++) await page.keyboard.press('Tab');
    await expect(page.getByRole('button', { name: last })).toBeFocused();
    expect(await labelShown(page, last)).toBe(true);
    // And with the wheel, back to the top and down again.
    await palette.evaluate((element) => (element.scrollTop = 0));
    expect(await labelShown(page, last)).toBe(false);
    await palette.hover();
    await page.mouse.wheel(0, 5000);
    await expect.poll(() => labelShown(page, last)).toBe(true);
    expect(await labelShown(page, 'Agency')).toBe(false);
    // The list is still as tall: the palette gave way, not the list.
    expect(await wholeRowsShown(page)).toBeGreaterThanOrEqual(3);
  });
}

test('with many labels, selecting a span brings its label into view in the palette', async ({ app: page }) => {
  await page.setViewportSize({ width: 1280, height: 640 });
  await withLabelsAndSpans(page, 40);
  const labels = await callApi<Label[]>(page, 'listLabels', {});
  const last = labels.at(-1)!;
  await dragSelect(page, 'Yuri Borisov');
  await page.locator(`.palette button[data-label-id="${last.id}"]`).click();
  await expect(drawn(page, last.name)).toHaveText('Yuri Borisov');
  await page.keyboard.press('Escape');
  await expect(page.locator('.palette button.current')).toHaveCount(0);
  await page.locator('.palette .buttons').evaluate((element) => (element.scrollTop = 0));
  expect(await labelShown(page, last.name)).toBe(false);
  await drawn(page, last.name).click();
  await expect(page.locator(`.palette button[data-label-id="${last.id}"]`)).toHaveClass(/current/);
  await expect.poll(() => labelShown(page, last.name)).toBe(true);
});

test('with the three default labels at 1440×900 the palette shows them all without scrolling, with or without a selected span', async ({ app: page }) => {
  await withLabelsAndSpans(page, 3);
  const measure = () =>
    page.evaluate(() => {
      const side = document.querySelector('aside.side')!.getBoundingClientRect();
      const palette = document.querySelector('.palette')!;
      const box = palette.getBoundingClientRect();
      const panel = document.querySelector('.span-panel')!.getBoundingClientRect();
      const details = document.querySelector('.span-details')!.getBoundingClientRect();
      return {
        scrolls: [palette, ...palette.querySelectorAll('*')].some((element) => element.scrollHeight > element.clientHeight + 0.5),
        // Each button with room for its ring inside the palette.
        allShown: [...palette.querySelectorAll('button')].every((button) => {
          const rect = button.getBoundingClientRect();
          return rect.top - 4 >= box.top && rect.bottom + 4 <= box.bottom;
        }),
        above: panel.top - box.bottom,
        // The Selected span section sits under the list, at the foot of the side panel.
        between: details.top - panel.bottom,
        below: side.bottom - details.bottom,
        listHeight: document.querySelector('.span-panel .scroller')!.clientHeight,
      };
    });
  for (const selected of [false, true]) {
    if (selected) await drawn(page).first().click();
    await expect(page.locator('.span-details textarea')).toHaveCount(selected ? 1 : 0);
    const layout = await measure();
    expect(layout).toMatchObject({ scrolls: false, allShown: true });
    // The span list takes the rest of the side panel, with room for at least five rows.
    expect(Math.abs(layout.above)).toBeLessThan(1);
    expect(Math.abs(layout.between)).toBeLessThan(1);
    expect(Math.abs(layout.below)).toBeLessThan(1);
    expect(layout.listHeight).toBeGreaterThanOrEqual(5 * ROW);
  }

  // A span that is qualified and linked, and a link waiting for its target: the section is at its
  // tallest (it scrolls inside), and the palette still shows every label.
  const documentId = await currentDocumentId(page);
  const spans = await callApi<Array<{ id: number }>>(page, 'listSpans', { documentId });
  await callApi(page, 'createRelation', { documentId, fromSpanId: spans[0]!.id, toSpanId: spans[1]!.id, type: 'decides' });
  await callApi(page, 'updateSpan', { id: spans[0]!.id, attributes: { Mention: 'Name', Role: 'chair' } });
  await reloadApp(page);
  await drawn(page).first().click();
  await expect(page.locator('.span-details').getByRole('button', { name: /^decides/ })).toBeVisible();
  for (const linking of [false, true]) {
    if (linking) await page.keyboard.press('l');
    await expect(page.locator('.span-details').getByText(/click a span/i)).toHaveCount(linking ? 1 : 0);
    const layout = await measure();
    expect(layout).toMatchObject({ scrolls: false, allShown: true });
    expect(layout.listHeight).toBeGreaterThanOrEqual(4 * ROW);
  }
});

for (const { width, height } of [
  { width: 1280, height: 640 },
  { width: 1280, height: 720 },
]) {
  test(`at ${width}×${height} with one span selected the three default labels are whole: the list reserves room for its one row only`, async ({ app: page }) => {
    await page.setViewportSize({ width, height });
    await dragSelect(page, 'Yuri Borisov');
    await page.keyboard.press('1');
    await expect(spanList(page).getByRole('button')).toHaveCount(1);
    await drawn(page).first().click();
    await expect(page.locator('.span-details textarea')).toHaveCount(1);
    for (const name of ['Agency', 'Decision', 'PlannedEvent']) expect(await labelShown(page, name), name).toBe(true);
    expect(await wholeRowsShown(page)).toBe(1);
    mkdirSync(screens, { recursive: true });
    await page.screenshot({ path: `${screens}side-panel-${width}x${height}-one-span.png` });
  });
}
