/**
 * A ~30 MB article works in browser mode as a short one does. Its page carries the article's
 * JSON (tens of megabytes) after the drawn screen; the browser presents the article while the
 * parser is still inside that data, and the app used to start then and read it cut off
 * ("Unterminated string in JSON"), leaving a drawn page that answered nothing.
 */
import { expect, reloadApp, test } from './fixtures';
import { currentDocumentId, dragSelect, drawn } from './helpers';
import { FIRST_SCREEN_ELEMENT_ID } from '../../contract/constants';

/** Paragraphs of plain words up to `bytes`; the first one is the one labelled. */
function hugeText(bytes: number): string {
  const words = 'the commission agreed to hold joint exercises near the border while ministers reviewed procurement plans for armoured vehicles'.split(' ');
  const lines = ['Opening paragraph of the wire dump.', ''];
  let size = 0;
  for (let i = 0; size < bytes; i++) {
    const line = `P${i} ${Array.from({ length: 20 + ((i * 37) % 150) }, (_, k) => words[(i * 7 + k) % words.length]).join(' ')}.`;
    lines.push(line);
    size += line.length + 1;
  }
  return lines.join('\n');
}

test.use({ extraTexts: [{ file: 'huge.txt', content: hugeText(30_000_000), title: 'Huge wire dump' }] });
test.setTimeout(90_000);

test('a 30 MB article opened from its address is drawn, then the app answers keys and clicks', async ({ app: page }) => {
  const list = page.getByRole('list', { name: 'Documents' });
  await list.getByRole('button', { name: /Huge wire dump/ }).click();
  await expect(page.locator('article')).toContainText('Opening paragraph');
  const hugeId = await currentDocumentId(page);
  expect(page.url()).toContain(`doc=${hugeId}`);

  // The address names the huge article: the server draws it, with its data, into the page.
  await reloadApp(page);
  expect(await page.evaluate((id) => document.getElementById(id) !== null, FIRST_SCREEN_ELEMENT_ID), 'the page arrived with its first screen drawn').toBe(true);
  await expect(page.locator('article')).toContainText('Opening paragraph');
  expect(await currentDocumentId(page)).toBe(hugeId);

  // A hotkey labels a selection.
  await dragSelect(page, 'Opening paragraph');
  await page.keyboard.press('1');
  await expect(drawn(page, 'Agency')).toHaveText('Opening paragraph');

  // A click in the list switches documents.
  await list.getByRole('button', { name: /XVIII meeting/ }).click();
  await expect(page.locator('article')).toContainText('XVIII meeting');
  expect(await currentDocumentId(page)).not.toBe(hugeId);
});
