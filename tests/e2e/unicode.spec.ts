import { test, expect } from './fixtures';
import { dragSelect, drawn, listSpans } from './helpers';

/** CRLF line ends, a ZWJ family emoji, a flag (two regional indicators) and an astral emoji. */
const TEXT = [
  'Field report 👩‍👩‍👧 from Bishkek',
  'The Ministry of Defence 🇰🇬 confirmed the plan.',
  'Next session: exercise 🎉 Rubezh in October.',
  '',
].join('\r\n');

function codePoints(text: string, phrase: string): { start: number; end: number } {
  const at = text.indexOf(phrase);
  if (at < 0) throw new Error(`not in text: ${phrase}`);
  const start = [...text.slice(0, at)].length;
  return { start, end: start + [...phrase].length };
}

test.use({ extraTexts: [{ file: 'crlf-emoji.txt', content: TEXT, title: 'CRLF and emoji' }] });

test.beforeEach(async ({ app: page }) => {
  await page.getByRole('list', { name: 'Documents' }).getByRole('button', { name: /CRLF and emoji/ }).click();
  await expect(page.locator('article')).toContainText('Field report');
});

test('the article is drawn exactly as stored, line by line', async ({ app: page }) => {
  const lines = await page.locator('article [data-block]').evaluateAll((blocks) => blocks.map((block) => block.textContent));
  expect(lines).toEqual(TEXT.split('\r\n'));
});

test('a span across CRLF and emoji lands on the exact code points', async ({ app: page }) => {
  // From the family emoji on line 1 to "Ministry" on line 2: crosses an astral ZWJ sequence and a CRLF.
  await dragAcross(page, '👩‍👩‍👧', 'Ministry');
  await page.keyboard.press('1');
  const expected = codePoints(TEXT, '👩‍👩‍👧 from Bishkek\r\nThe Ministry');
  await expect(drawn(page, 'Agency').first()).toBeVisible();
  const [span] = await listSpans(page);
  expect(span).toMatchObject({ start: expected.start, end: expected.end, text: '👩‍👩‍👧 from Bishkek\r\nThe Ministry' });
});

test('a span over an emoji flag and over an astral emoji keeps whole characters', async ({ app: page }) => {
  await dragSelect(page, 'Defence 🇰🇬');
  await page.keyboard.press('2');
  await expect(drawn(page, 'Decision')).toHaveText('Defence 🇰🇬');
  await page.keyboard.press('Escape');
  await dragSelect(page, '🎉 Rubezh');
  await page.keyboard.press('3');
  await expect(drawn(page, 'PlannedEvent')).toHaveText('🎉 Rubezh');

  const spans = await listSpans(page);
  const byText = new Map(spans.map((span) => [span.text, span]));
  expect(byText.get('Defence 🇰🇬')).toMatchObject(codePoints(TEXT, 'Defence 🇰🇬'));
  expect(byText.get('🎉 Rubezh')).toMatchObject(codePoints(TEXT, '🎉 Rubezh'));
});

test('with Snap to words off, a triple-clicked line or a drag from past a line’s end leaves the CRLF out', async ({ app: page }) => {
  await page.getByText('Snap to words').click();
  await expect(page.getByRole('checkbox', { name: 'Snap to words' })).not.toBeChecked();
  const line = (index: number) =>
    page.locator(`article [data-block="${index}"]`).evaluate((block) => {
      const range = document.createRange();
      range.selectNodeContents(block);
      const boxes = range.getClientRects();
      const last = boxes[boxes.length - 1]!;
      return { left: last.left, right: last.right, y: last.top + last.height / 2 };
    });

  // A triple-click selects the line up to the start of the next one: its CRLF too.
  const second = await line(1);
  await page.mouse.click(second.left + 20, second.y, { clickCount: 3 });
  await page.keyboard.press('1');
  await expect(drawn(page, 'Agency')).toHaveText('The Ministry of Defence 🇰🇬 confirmed the plan.');

  // A drag from the margin right of the first line's end starts in its CRLF.
  await page.keyboard.press('Escape');
  const first = await line(0);
  await page.mouse.move(first.right + 80, first.y);
  await page.mouse.down();
  await page.mouse.move(second.left + 22, second.y, { steps: 6 });
  await page.mouse.up();
  await page.keyboard.press('2');
  await expect(drawn(page, 'Decision')).toHaveCount(1);

  const byId = new Map((await listSpans(page)).map((span) => [String(span.id), span]));
  const tripleClicked = byId.get((await drawn(page, 'Agency').first().getAttribute('data-span-id'))!)!;
  expect(tripleClicked).toMatchObject({ ...codePoints(TEXT, 'The Ministry of Defence 🇰🇬 confirmed the plan.'), text: 'The Ministry of Defence 🇰🇬 confirmed the plan.' });
  const dragged = byId.get((await drawn(page, 'Decision').getAttribute('data-span-id'))!)!;
  // Up to wherever the drag ended in "The": it starts at the line, not at the CRLF before it.
  expect(dragged.start).toBe(tripleClicked.start);
  expect(dragged.text.length).toBeGreaterThan(0);
  expect('The Ministry'.startsWith(dragged.text)).toBe(true);

  // Only a line break selected: nothing to label, as for a selection of spaces.
  await page.keyboard.press('Escape');
  await page.evaluate(() => {
    const lineEnd = document.querySelector('article [data-block="0"]')!;
    const nextLine = document.querySelector('article [data-block="1"]')!;
    window.getSelection()!.setBaseAndExtent(lineEnd, lineEnd.childNodes.length, nextLine, 0);
  });
  await page.keyboard.press('3');
  await expect(page.getByTestId('message')).toContainText('nothing to label');
  expect(await listSpans(page)).toHaveLength(2);
});

/** Drag from the start of `from` to the end of `to` (each found in the drawn text; they may be on different lines). */
async function dragAcross(page: import('@playwright/test').Page, from: string, to: string): Promise<void> {
  const box = await page.evaluate(
    ({ from, to }) => {
      const article = document.querySelector('article')!;
      const rectOf = (phrase: string, edge: 'start' | 'end') => {
        const walker = document.createTreeWalker(article, NodeFilter.SHOW_TEXT);
        for (let node = walker.nextNode() as Text | null; node; node = walker.nextNode() as Text | null) {
          const at = node.data.indexOf(phrase);
          if (at < 0) continue;
          const range = document.createRange();
          const charLength = edge === 'start' ? String.fromCodePoint(phrase.codePointAt(0)!).length : [...phrase].at(-1)!.length;
          const offset = edge === 'start' ? at : at + phrase.length - charLength;
          range.setStart(node, offset);
          range.setEnd(node, offset + charLength);
          const rect = range.getBoundingClientRect();
          return edge === 'start' ? { x: rect.left + 1, y: rect.top + rect.height / 2 } : { x: rect.right - 1, y: rect.top + rect.height / 2 };
        }
        throw new Error(`not drawn: ${phrase}`);
      };
      return { start: rectOf(from, 'start'), end: rectOf(to, 'end') };
    },
    { from, to },
  );
  await page.mouse.move(box.start.x, box.start.y);
  await page.mouse.down();
  await page.mouse.move(box.end.x, box.end.y, { steps: 8 });
  await page.mouse.up();
}
