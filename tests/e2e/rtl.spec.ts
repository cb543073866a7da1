import { test, expect } from './fixtures';
import { drawn, listSpans } from './helpers';

/** Right-to-left text: Arabic paragraphs among English ones. */
const ARABIC = 'عقد الاجتماع الثامن عشر للجنة المشتركة بين الدول.';
const MIXED = ['Report from Bishkek.', ARABIC, 'The CSTO met on 27 November.', ''].join('\n');
const ARABIC_TITLE = 'اجتماع اللجنة';
// Two texts: wrapped, or Playwright would take the second for the fixture's options.
test.use({
  extraTexts: [
    [
      { file: 'arabic.txt', content: MIXED, title: 'Arabic and English' },
      { file: 'arabic-title.txt', content: ARABIC, title: ARABIC_TITLE },
    ],
    { option: true },
  ],
});

test('an Arabic paragraph reads from the right beside English ones, and a span over it keeps its exact text', async ({ app: page }) => {
  await page.getByRole('list', { name: 'Documents' }).getByRole('button', { name: /Arabic and English/ }).click();
  await expect(page.locator('article')).toContainText('Bishkek');
  const blocks = await page.locator('article [data-block]').evaluateAll((elements) =>
    elements.map((element) => {
      const range = document.createRange();
      range.selectNodeContents(element);
      const text = range.getBoundingClientRect();
      const box = element.getBoundingClientRect();
      return { direction: getComputedStyle(element).direction, leftGap: text.left - box.left, rightGap: box.right - text.right };
    }),
  );
  expect(blocks.map((block) => block.direction)).toEqual(['ltr', 'rtl', 'ltr', 'ltr']);
  // Each line sits against the edge its direction starts from.
  expect(blocks[0]!.leftGap).toBeLessThan(1);
  expect(blocks[1]!.rightGap).toBeLessThan(1);
  expect(blocks[1]!.leftGap).toBeGreaterThan(50);

  // The full stop ends the sentence on its left, so a drag from the first word to it takes the whole sentence.
  const ends = await page.locator('article [data-block="1"]').evaluate((element) => {
    const node = document.createTreeWalker(element, NodeFilter.SHOW_TEXT).nextNode() as Text;
    const rectAt = (offset: number) => {
      const range = document.createRange();
      range.setStart(node, offset);
      range.setEnd(node, offset + 1);
      return range.getBoundingClientRect();
    };
    const first = rectAt(0);
    const stop = rectAt(node.data.length - 1);
    return { start: { x: first.right - 1, y: first.top + first.height / 2 }, end: { x: stop.left + 1, y: stop.top + stop.height / 2 } };
  });
  expect(ends.end.x).toBeLessThan(ends.start.x);
  await page.mouse.move(ends.start.x, ends.start.y);
  await page.mouse.down();
  await page.mouse.move(ends.end.x, ends.end.y, { steps: 8 });
  await page.mouse.up();
  await page.keyboard.press('1');
  await expect(drawn(page, 'Agency')).toHaveText(ARABIC);
  const [span] = await listSpans(page);
  expect(span).toMatchObject({ ...codePoints(MIXED, ARABIC), text: ARABIC });

  // Arabic outside the article reads from the right too: the span's text in the list, a document's title.
  const direction = (element: Element) => getComputedStyle(element).direction;
  await expect.poll(() => page.getByRole('list', { name: 'Spans' }).locator('.text').first().evaluate(direction)).toBe('rtl');
  const titles = page.getByRole('list', { name: 'Documents' }).locator('.title');
  expect(await titles.filter({ hasText: ARABIC_TITLE }).evaluate(direction)).toBe('rtl');
  expect(await titles.filter({ hasText: 'Arabic and English' }).evaluate(direction)).toBe('ltr');
});

function codePoints(text: string, phrase: string): { start: number; end: number } {
  const at = text.indexOf(phrase);
  if (at < 0) throw new Error(`not in text: ${phrase}`);
  const start = [...text.slice(0, at)].length;
  return { start, end: start + [...phrase].length };
}
