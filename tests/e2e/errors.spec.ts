import { test, expect } from './fixtures';
import { dragSelect, drawn, listSpans } from './helpers';

test('a failed create is shown, draws nothing, and keeps the selection for a retry', async ({ app: page }) => {
  let fail = true;
  await page.route('**/api/createSpan', async (route) => {
    if (!fail) return route.continue();
    await route.fulfill({
      contentType: 'application/json',
      body: JSON.stringify({ ok: false, error: { code: 'busy', message: 'The project is busy: another program is writing to it. Try again in a moment.' } }),
    });
  });

  await dragSelect(page, 'Yuri Borisov');
  await page.keyboard.press('1');
  await expect(page.getByTestId('message')).toContainText('The project is busy');
  await expect(drawn(page)).toHaveCount(0);
  expect(await page.evaluate(() => window.getSelection()?.toString())).toBe('Yuri Borisov');

  fail = false;
  await page.keyboard.press('1');
  await expect(drawn(page, 'Agency')).toHaveText('Yuri Borisov');
  expect((await listSpans(page)).map((span) => span.text)).toEqual(['Yuri Borisov']);
});
