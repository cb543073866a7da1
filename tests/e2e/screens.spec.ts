import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { test, expect } from './fixtures';
import { dragSelect, drawn } from './helpers';

const screens = fileURLToPath(new URL('../../.tmp/screens/', import.meta.url));

test.use({ deviceScaleFactor: 2 });

test('main window with spans of all three labels (screenshot)', async ({ app: page }) => {
  mkdirSync(screens, { recursive: true });
  const plan: Array<[string, string]> = [
    ['Interstate Commission on Military-Economic Cooperation of the Collective Security Treaty Organization', '1'],
    ['Commission', '1'],
    ['Collective Security Treaty Organization (ICMEC CSTO)', '2'],
    ['State Defense Committee of the Kyrgyz Republic', '1'],
    ['video conferencing', '3'],
    ['Yuri Borisov', '1'],
    ['implementation of the decisions', '2'],
    ['noted the need to complete the formation of national bodies', '2'],
    ['military-industrial exhibition "Definex" in Bishkek in October next year', '3'],
    ['draft Plan for 2021', '2'],
  ];
  for (const [phrase, key] of plan) {
    await dragSelect(page, phrase);
    await page.keyboard.press(key);
    await expect(page.getByRole('list', { name: 'Spans' }).getByRole('button', { name: new RegExp(phrase.replace(/[.*+?^${}()|[\]\\"]/g, '.')) }).first()).toBeVisible();
  }
  await drawn(page, 'PlannedEvent').first().click();
  await page.mouse.move(5, 5);
  await page.screenshot({ path: `${screens}main.png` });
  // Close-up of the first paragraph: nested and crossing spans.
  const paragraph = await page.locator('article [data-block="0"]').boundingBox();
  await page.screenshot({ path: `${screens}spans-closeup.png`, clip: { x: paragraph!.x - 12, y: paragraph!.y - 8, width: paragraph!.width + 24, height: Math.min(paragraph!.height + 16, 260) } });

  await page.keyboard.press('Escape');
  await page.keyboard.press('?');
  await page.screenshot({ path: `${screens}shortcuts.png` });
  await page.keyboard.press('Escape');
});
