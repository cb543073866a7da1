/**
 * A project opened read-only (spanbench serve --read-only, or a file the user cannot write)
 * says so with a banner, and a labelling attempt changes nothing.
 */
import { expect, test } from '@playwright/test';
import { serveFreshProject, waitForApp } from './fixtures';

test('a read-only project shows a banner and refuses labelling without changing anything', async ({ page }) => {
  const served = await serveFreshProject([], ['--read-only']);
  try {
    await page.goto(served.url);
    await waitForApp(page);
    await expect(page.getByRole('status', { name: 'Read-only project' })).toContainText('changes cannot be saved');
    const article = page.locator('article');
    await expect(article).toContainText('XVIII meeting');
    await expect(page.getByRole('button', { name: /Mark done/ })).toBeDisabled();
    await article.getByText('Yuri Borisov', { exact: false }).first().dblclick();
    await page.keyboard.press('1');
    await expect(page.locator('[data-span-id]')).toHaveCount(0);
    const spans = await page.evaluate(async (token) => {
      const response = await fetch('/api/listSpans', { method: 'POST', headers: { 'content-type': 'application/json', 'x-spanbench-token': token }, body: '{"documentId":1}' });
      return ((await response.json()) as { result: unknown[] }).result.length;
    }, served.token);
    expect(spans).toBe(0);
    await page.screenshot({ path: '.tmp/screens/read-only.png' });
  } finally {
    await served.close();
  }
});
