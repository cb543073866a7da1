/**
 * Imported text is evidence, never code: articles carrying <script>, <img onerror>, javascript:
 * links and SVG payloads show as plain text, and nothing in them runs (issue 5).
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, test, reloadApp } from './fixtures';
import { callApi } from './helpers';

const repo = fileURLToPath(new URL('../..', import.meta.url));
const PAYLOADS = [
  '<script>window.__pwned = "script"</script>',
  '<img src=x onerror="window.__pwned = \'img\'">',
  '<a href="javascript:window.__pwned = \'link\'">click me</a>',
  '<svg onload="window.__pwned = \'svg\'"><script>window.__pwned = "svg-script"</script></svg>',
  '<iframe srcdoc="<script>parent.__pwned = 1</script>"></iframe>',
];
const RAW_TEXT = `Payloads as plain text:\n${PAYLOADS.join('\n')}\nEnd of payloads.`;

test.use({ extraTexts: [{ file: 'payloads.txt', content: RAW_TEXT, title: 'Raw payloads' }] });

test('markup in imported articles shows as text and never runs', async ({ app: page, served }) => {
  let dialogs = 0;
  page.on('dialog', (dialog) => {
    dialogs++;
    void dialog.dismiss();
  });
  // The same payloads inside an HTML article and a JSONL record, imported while the app is open.
  const dir = mkdtempSync(join(tmpdir(), 'spanbench-hostile-'));
  writeFileSync(join(dir, 'page.html'), `<html><head><title>Hostile page</title><script>window.__pwned = "head"</script></head><body><p>Visible paragraph.</p>${PAYLOADS.join('')}<p>Last &lt;b&gt;paragraph&lt;/b&gt;.</p></body></html>`);
  writeFileSync(join(dir, 'feed.jsonl'), `${JSON.stringify({ title: '<img src=x onerror=alert(1)>', text: RAW_TEXT.replace('Payloads', 'Feed payloads'), url: 'javascript:alert(1)' })}\n`);
  execFileSync(process.execPath, [join(repo, 'bin', 'spanbench.js'), 'import', served.projectPath, join(dir, 'page.html'), join(dir, 'feed.jsonl')], { cwd: repo, stdio: 'pipe' });
  await reloadApp(page);

  const list = page.getByRole('list', { name: 'Documents' });
  for (const title of ['Raw payloads', 'Hostile page', '<img src=x onerror=alert(1)>']) {
    await list.getByRole('button', { name: title, exact: false }).first().click();
    const article = page.locator('article');
    await expect(article).toBeVisible();
    // Nothing from the text became an element.
    expect(await article.locator('script, img, svg, iframe, a, b').count()).toBe(0);
  }

  // The raw text shows its markup exactly, as characters.
  await list.getByRole('button', { name: 'Raw payloads' }).first().click();
  for (const payload of PAYLOADS) await expect(page.locator('article')).toContainText(payload);
  const documents = await callApi<{ items: Array<{ id: number; title: string }> }>(page, 'listDocuments', {});
  const html = documents.items.find((item) => item.title === 'Hostile page')!;
  const stored = await callApi<{ text: string }>(page, 'getDocument', { id: html.id });
  // HTML import keeps readable text only: scripts dropped, entities decoded into plain characters.
  expect(stored.text).toContain('Visible paragraph.');
  expect(stored.text).toContain('Last <b>paragraph</b>.');
  expect(stored.text).not.toContain('__pwned');

  await page.waitForTimeout(300);
  expect(await page.evaluate(() => (window as unknown as { __pwned?: unknown }).__pwned)).toBeUndefined();
  expect(dialogs).toBe(0);
});
