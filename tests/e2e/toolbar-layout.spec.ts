/**
 * The document header in the toolbar: at 1440 px the whole metadata line shows (source, published
 * date, character count, Details…), before and after the first span; it used to cut the date and the
 * count while the brand held empty room. Narrower windows compact the controls and cut the facts
 * last, each with its full text as a tooltip, and keep every control on screen.
 */
import type { Page } from '@playwright/test';
import { test, expect } from './fixtures';
import { dragSelect, drawn } from './helpers';

interface Fact {
  text: string;
  title: string | null;
  /** The text's own width against the box it is drawn in: a box narrower than its text cuts it. */
  textWidth: number;
  boxWidth: number;
}

function facts(page: Page): Promise<Fact[]> {
  return page.locator('header.toolbar .meta').evaluate((meta) =>
    [...meta.children].map((element) => {
      const range = document.createRange();
      range.selectNodeContents(element);
      return {
        text: (element.textContent ?? '').trim(),
        title: element.getAttribute('title'),
        textWidth: range.getBoundingClientRect().width,
        boxWidth: element.getBoundingClientRect().width,
      };
    }),
  );
}

async function expectWholeMetadata(page: Page): Promise<void> {
  const meta = page.locator('header.toolbar .meta');
  const shown = await facts(page);
  expect(shown.map((fact) => fact.text)).toEqual(['Trend / Kabar', 'Published Nov 27, 2020', '2,020 characters', 'Details…']);
  for (const fact of shown) expect(fact.boxWidth, `${fact.text} is not cut`).toBeGreaterThanOrEqual(fact.textWidth - 0.01);
  expect(await meta.evaluate((element) => element.scrollWidth <= element.clientWidth)).toBe(true);
}

/** Every control of the toolbar is inside the window. */
async function expectControlsOnScreen(page: Page, width: number): Promise<void> {
  const outside = await page.locator('header.toolbar').evaluate(
    (toolbar, width) =>
      [...toolbar.querySelectorAll('button, input, label')]
        .filter((element) => {
          const box = element.getBoundingClientRect();
          return box.width > 1 && (box.right > width + 0.5 || box.left < -0.5);
        })
        .map((element) => element.getAttribute('aria-label') ?? element.textContent?.trim()),
    width,
  );
  expect(outside).toEqual([]);
}

test('at 1440 px the header shows the whole metadata line, before and after the first span', async ({ app: page }) => {
  await page.setViewportSize({ width: 1440, height: 900 });
  await expectWholeMetadata(page);
  await dragSelect(page, 'Interstate Commission');
  await page.keyboard.press('1');
  await expect(drawn(page, 'Agency')).toHaveText('Interstate Commission');
  await expect(page.getByRole('group', { name: 'Document status' })).toContainText('In progress');
  await expect(page.getByRole('button', { name: /^Undo/ })).toBeEnabled();
  await expectWholeMetadata(page);
  await expectControlsOnScreen(page, 1440);
  await page.locator('header.toolbar').screenshot({ path: '.tmp/screens/toolbar-1440.png' });
});

test('narrower windows keep every control on screen, the title and Details… usable, and cut facts with a tooltip', async ({ app: page }) => {
  await dragSelect(page, 'Interstate Commission');
  await page.keyboard.press('1');
  await expect(page.getByRole('group', { name: 'Document status' })).toContainText('In progress');
  for (const width of [1366, 1280, 1100, 1000, 900]) {
    await page.setViewportSize({ width, height: 800 });
    await expectControlsOnScreen(page, width);
    await expect(page.getByRole('button', { name: 'Details…' })).toBeVisible();
    const details = await page.getByRole('button', { name: 'Details…' }).evaluate((element) => {
      const range = document.createRange();
      range.selectNodeContents(element);
      return { text: range.getBoundingClientRect().width, box: element.getBoundingClientRect().width, right: element.getBoundingClientRect().right, meta: element.parentElement!.getBoundingClientRect().right };
    });
    expect(details.box, `Details… whole at ${width}`).toBeGreaterThanOrEqual(details.text - 0.01);
    expect(details.right, `Details… inside the line at ${width}`).toBeLessThanOrEqual(details.meta + 0.5);
    expect((await page.locator('header.toolbar h1').boundingBox())!.width, `the title keeps room at ${width}`).toBeGreaterThan(150);
    for (const fact of await facts(page)) {
      if (fact.boxWidth < fact.textWidth - 0.01) expect(fact.title, `${fact.text} is cut at ${width}: its tooltip has the full text`).toBe(fact.text);
    }
    // The controls that drop their words keep their names.
    for (const name of ['Import…', 'Export…', 'Details…', 'Keyboard shortcuts']) await expect(page.getByRole('button', { name, exact: true })).toHaveCount(1);
    await expect(page.getByRole('checkbox', { name: 'Snap to words' })).toHaveCount(1);
  }
  await page.setViewportSize({ width: 1100, height: 800 });
  await expectWholeMetadata(page);
  await page.locator('header.toolbar').screenshot({ path: '.tmp/screens/toolbar-1100.png' });
});
