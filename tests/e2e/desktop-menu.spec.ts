/**
 * The desktop menu's commands (electron/menu.ts) reach the renderer through the preload's
 * spanbenchShell.onCommand. Electron cannot run everywhere, so a stand-in with the preload's exact
 * interface is installed before the page loads, and commands are sent as main.ts sendCommand does.
 * What is checked: a command meant for the annotation history never acts on it while the analyst
 * is typing in a text field (macOS gives Cmd+Z and Cmd+Backspace to the menu before the page).
 */
import type { Page } from '@playwright/test';
import { test, expect, waitForApp } from './fixtures';
import { callApi, currentDocumentId, dragSelect, drawn } from './helpers';
import { menuAccelerators } from '../../contract/shell';

async function withShellStandIn(page: Page, url: string, platform: string): Promise<void> {
  await page.addInitScript((platform) => {
    const listeners = new Set<(command: string) => void>();
    const w = window as unknown as Record<string, unknown>;
    w['__sendShellCommand'] = (command: string) => listeners.forEach((listener) => listener(command));
    w['spanbenchShell'] = Object.freeze({
      platform,
      onCommand(listener: (command: string) => void) {
        listeners.add(listener);
        return () => listeners.delete(listener);
      },
      chooseImportFiles: async () => [],
      stageDroppedFiles: async () => [],
      chooseExportDestination: async () => null,
    });
  }, platform);
  await page.goto(url);
  await waitForApp(page);
}

const send = (page: Page, command: string) => page.evaluate((command) => (window as unknown as { __sendShellCommand(c: string): void }).__sendShellCommand(command), command);

for (const platform of ['darwin', 'linux']) {
  test(`on ${platform}, the menu's Undo, Redo and Delete Span edit a focused note field, not the annotations`, async ({ page, served }) => {
    await withShellStandIn(page, served.url, platform);
    await dragSelect(page, 'Yuri Borisov');
    await page.keyboard.press('1');
    await expect(drawn(page, 'Agency')).toHaveText('Yuri Borisov');
    const documentId = await currentDocumentId(page);
    const spanCount = async () => (await callApi<unknown[]>(page, 'listSpans', { documentId })).length;

    await drawn(page, 'Agency').click();
    await page.keyboard.press('n');
    const note = page.locator('.span-details textarea');
    await expect(note).toBeFocused();
    await page.keyboard.type('chairs the commission');
    await send(page, 'undo');
    await expect(note).toHaveValue('');
    await send(page, 'redo');
    await expect(note).toHaveValue('chairs the commission');
    // Cmd+Backspace (macOS) deletes to the start of the line, Ctrl+Backspace a word: as in any field.
    await send(page, 'delete-span');
    await expect(note).toHaveValue(platform === 'darwin' ? '' : 'chairs the ');
    expect(await spanCount()).toBe(1);
    await expect(drawn(page, 'Agency')).toHaveCount(1);

    // Outside a text field the same commands act on the annotations.
    await page.keyboard.press('Escape');
    await drawn(page, 'Agency').click();
    await expect(note).not.toBeFocused();
    await send(page, 'delete-span');
    await expect(drawn(page, 'Agency')).toHaveCount(0);
    await send(page, 'undo');
    await expect(drawn(page, 'Agency')).toHaveCount(1);
    expect(await spanCount()).toBe(1);
  });
}

test("with a desktop menu, ? lists every key the menu registers; in browser mode none of the menu's own", async ({ page, served }) => {
  await withShellStandIn(page, served.url, 'linux');
  await page.keyboard.press('?');
  const dialog = page.getByRole('dialog', { name: 'Keyboard shortcuts' });
  await expect(dialog).toBeVisible();
  const keys = (await dialog.locator('dt').allTextContents()).join(' | ');
  for (const [name, accelerator] of Object.entries(menuAccelerators)) {
    if (name === 'redoMac') continue; // macOS only
    expect(keys, `${name} (${accelerator})`).toContain(accelerator.replace('CmdOrCtrl', 'Ctrl'));
  }
  expect(keys).toContain('PageDown / PageUp');

  const browser = await page.context().newPage();
  await browser.goto(served.url);
  await waitForApp(browser);
  await browser.keyboard.press('?');
  const plain = (await browser.getByRole('dialog', { name: 'Keyboard shortcuts' }).locator('dt').allTextContents()).join(' | ');
  for (const accelerator of [menuAccelerators.openProject, menuAccelerators.toggleSnap, menuAccelerators.deleteSpan]) {
    expect(plain).not.toContain(accelerator.replace('CmdOrCtrl', 'Ctrl'));
  }
});
