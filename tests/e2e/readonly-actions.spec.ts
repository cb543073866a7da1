/**
 * A read-only project (spanbench serve --read-only): Mark done looks disabled like every other
 * disabled button, Ctrl+Enter sends no write request and says once, plainly, that the project is
 * read-only, and the banner is one line with nothing empty under it.
 */
import type { Page, Request } from '@playwright/test';
import { expect, test } from '@playwright/test';
import { serveFreshProject, waitForApp } from './fixtures';

const mod = process.platform === 'darwin' ? 'Meta' : 'Control';

function looks(page: Page, selector: string): Promise<{ color: string; background: string; border: string; opacity: string }> {
  return page.locator(selector).first().evaluate((element) => {
    const style = getComputedStyle(element);
    return { color: style.color, background: style.backgroundColor, border: style.borderTopColor, opacity: style.opacity };
  });
}

test('read-only: Mark done looks disabled, Ctrl+Enter calls nothing, the message says it once', async ({ page }) => {
  const served = await serveFreshProject([], ['--read-only']);
  try {
    const apiCalls: string[] = [];
    page.on('request', (request: Request) => {
      const path = new URL(request.url()).pathname;
      if (path.startsWith('/api/')) apiCalls.push(path);
    });
    await page.goto(served.url);
    await waitForApp(page);

    const markDone = page.getByRole('button', { name: /Mark done/ });
    await expect(markDone).toBeDisabled();
    await expect(page.getByRole('button', { name: 'Import…' })).toBeDisabled();
    // Disabled, it is drawn as the other disabled toolbar buttons are, not in the primary blue.
    expect(await looks(page, 'header.toolbar .done-button')).toEqual(await looks(page, 'header.toolbar button.import'));

    await page.locator('.article-pane .scroller').focus();
    const before = apiCalls.length;
    await page.keyboard.press(`${mod}+Enter`);
    const message = page.getByTestId('message');
    await expect(message).toContainText('read-only');
    await page.waitForTimeout(300);
    const writes = apiCalls.slice(before).filter((path) => !/\/api\/(get|list|search|stats)/i.test(path));
    expect(writes, 'no write request in a read-only project').toEqual([]);
    expect(apiCalls.slice(before).filter((path) => path.endsWith('/setDocumentStatus'))).toEqual([]);
    const text = (await message.innerText()).replace('×', '').trim();
    expect(text).toBe('This project is open read-only: changes cannot be saved.');
    expect(text.match(/read-only/gi)).toHaveLength(1);
    await expect(page.getByRole('group', { name: 'Document status' })).toContainText('New');

    // The banner is one line high: no empty band under its text.
    const banner = page.getByRole('status', { name: 'Read-only project' });
    const { height, lineHeight, padding } = await banner.evaluate((element) => {
      const style = getComputedStyle(element);
      return { height: element.getBoundingClientRect().height, lineHeight: parseFloat(style.lineHeight) || parseFloat(style.fontSize) * 1.4, padding: parseFloat(style.paddingTop) + parseFloat(style.paddingBottom) + parseFloat(style.borderBottomWidth) };
    });
    expect(height).toBeLessThan(lineHeight * 1.5 + padding);
    await expect(page.locator('header.toolbar')).toHaveCSS('height', '56px');
    await page.screenshot({ path: '.tmp/screens/read-only-toolbar.png' });
  } finally {
    await served.close();
  }
});
