import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test, expect, reloadApp } from './fixtures';
import { importWithCli } from './corpusFiles';

const COUNT = 100_000;

test('a 100,000-document list stays small in the DOM and reaches its end at once', async ({ app: page, served }) => {
  test.setTimeout(180_000);
  const file = join(served.projectPath, '..', 'many.jsonl');
  const lines: string[] = [];
  for (let i = 0; i < COUNT; i++) lines.push(JSON.stringify({ title: `Item ${String(i).padStart(6, '0')}`, text: `Short record number ${i}.` }));
  writeFileSync(file, `${lines.join('\n')}\n`);
  importWithCli(served.projectPath, file);
  await reloadApp(page);
  await expect(page.getByTestId('document-count')).toHaveText((COUNT + 1).toLocaleString('en-US'));

  const list = page.getByRole('list', { name: 'Documents' });
  expect(await list.getByRole('listitem').count()).toBeLessThan(60);
  await list.getByRole('button').first().focus();
  const started = Date.now();
  await page.keyboard.press('End');
  await expect(list.getByRole('button', { name: /Item 099999/ })).toBeFocused();
  test.info().annotations.push({ type: 'End to last row ms', description: String(Date.now() - started) });
  expect(await list.getByRole('listitem').count()).toBeLessThan(60);
  await page.keyboard.press('k');
  await expect(list.getByRole('button', { name: /Item 099998/ })).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(page.locator('header.toolbar h1')).toHaveText('Item 099998');
  // Sorting the whole list is the back end's work: the first page comes back sorted.
  await page.getByLabel('Sort by').selectOption('title');
  await page.getByRole('button', { name: /Sorted ascending/ }).click();
  await expect(list.getByRole('listitem').first()).toContainText('XVIII meeting');
  await expect(list.getByRole('listitem').nth(1)).toContainText('Item 099999');
});
