import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Page } from '@playwright/test';
import { test, expect } from './fixtures';
import { callApi } from './helpers';
import { writeBigJsonl, writeCorpus, NEWS_COUNT, type CorpusFolder } from './corpusFiles';
import type { DocumentPage, Span } from '../../contract/api';

const screens = fileURLToPath(new URL('../../.tmp/screens/', import.meta.url));
const mod = process.platform === 'darwin' ? 'Meta' : 'Control';

let corpus: CorpusFolder;
test.beforeEach(() => {
  corpus = writeCorpus();
  mkdirSync(screens, { recursive: true });
});
test.afterEach(() => corpus.cleanup());

async function documentTotal(page: Page): Promise<number> {
  return (await callApi<DocumentPage>(page, 'listDocuments', { limit: 1 })).total;
}

async function openImportDialog(page: Page) {
  await page.getByRole('button', { name: 'Import…' }).click();
  const dialog = page.getByRole('dialog', { name: 'Import articles' });
  await expect(dialog).toBeVisible();
  return dialog;
}

test('imports a corpus through the file chooser; the summary names refusals by file and line', async ({ app: page }) => {
  const dialogs: string[] = [];
  page.on('dialog', (dialog) => {
    dialogs.push(dialog.message());
    void dialog.dismiss();
  });
  const before = await documentTotal(page);
  const dialog = await openImportDialog(page);
  await dialog.getByTestId('import-files').setInputFiles([corpus.news, corpus.csv, corpus.html, corpus.bad]);
  await expect(dialog.getByRole('list', { name: 'Chosen files' }).getByRole('listitem')).toHaveCount(4);
  await expect(dialog.getByRole('button', { name: 'Import 4 files' })).toBeEnabled();
  await page.screenshot({ path: `${screens}import-dialog.png` });
  await dialog.getByRole('button', { name: 'Import 4 files' }).click();

  const summary = page.getByTestId('import-summary');
  await expect(summary).toBeVisible({ timeout: 30_000 });
  await expect(page.getByRole('dialog', { name: 'Import finished' })).toBeVisible();
  // 300 articles (the duplicate skipped), two CSV rows, one HTML page; bad.jsonl refused whole.
  await expect(summary.getByTestId('summary-imported')).toHaveText(String(NEWS_COUNT + 3));
  await expect(summary.getByTestId('summary-duplicates')).toHaveText('1');
  await expect(summary.getByTestId('summary-refused')).toHaveText('1');
  const refused = summary.locator('details', { hasText: 'bad.jsonl' }).first();
  await expect(refused).toContainText('line 2');
  await expect(summary.locator('details', { hasText: 'news.jsonl' })).toContainText(/line 301 .*Article 007 sent twice.* already document #\d+/);
  await page.screenshot({ path: `${screens}import-summary.png` });

  await page.getByRole('dialog').getByRole('button', { name: 'Done', exact: true }).click();
  await expect(page.getByTestId('document-count')).toHaveText((before + NEWS_COUNT + 3).toLocaleString('en-US'));
  expect(await documentTotal(page)).toBe(before + NEWS_COUNT + 3);

  // The same bad file again with "Skip invalid records": its two good records come in, the bad line is reported.
  const again = await openImportDialog(page);
  await again.getByTestId('import-files').setInputFiles([corpus.bad]);
  await again.getByLabel('Skip invalid records').check();
  await again.getByRole('button', { name: 'Import 1 file' }).click();
  await expect(summary.getByTestId('summary-imported')).toHaveText('2');
  await expect(summary.getByTestId('summary-refused')).toHaveText('0');
  await expect(summary.locator('details', { hasText: 'bad.jsonl' })).toContainText('line 2');
  await page.keyboard.press('Escape');
  await expect(summary).toBeHidden();
  expect(await documentTotal(page)).toBe(before + NEWS_COUNT + 5);

  // The CSV record with a quoted newline keeps it; the HTML page's <script> is text that never runs.
  await page.keyboard.press('/');
  await page.keyboard.type('bulletin');
  await page.getByRole('list', { name: 'Search results' }).getByRole('button', { name: /HTML bulletin/ }).click();
  await expect(page.locator('article')).toContainText('Café & bar <script>alert("x")</script> stays as text.');
  await expect(page.locator('article script')).toHaveCount(0);
  expect(await page.evaluate(() => (window as unknown as { __pwned?: boolean }).__pwned)).toBeUndefined();
  await page.getByRole('searchbox', { name: 'Search documents' }).fill('"second line"');
  await page.getByRole('list', { name: 'Search results' }).getByRole('button', { name: /CSV one/ }).click();
  await expect(page.locator('article [data-block="0"]')).toHaveText('First line of the CSV story');
  await expect(page.locator('article [data-block="1"]')).toHaveText('second line, with a comma');
  expect(dialogs).toEqual([]);
});

test('a large import shows live progress and can be cancelled, leaving the project unchanged', async ({ app: page }) => {
  test.setTimeout(180_000);
  const big = join(corpus.dir, 'big.jsonl');
  await writeBigJsonl(big, 100);
  const before = await documentTotal(page);

  const dialog = await openImportDialog(page);
  await dialog.getByTestId('import-files').setInputFiles([big]);
  await dialog.getByRole('button', { name: 'Import 1 file' }).click();

  // ~100 MB takes the importer many seconds: the progress view is certainly up while it runs.
  const progress = page.getByTestId('import-progress');
  await expect(progress).toBeVisible({ timeout: 60_000 });
  await expect(progress.getByRole('progressbar', { name: 'Import progress' })).toBeVisible();
  await expect(progress).toContainText('big.jsonl');
  await expect(progress.getByTestId('import-documents')).toHaveText(/^[1-9][\d,]* of ~[\d,]+$/, { timeout: 30_000 });
  await expect(progress).toContainText('docs/s');
  await page.screenshot({ path: `${screens}import-progress.png` });
  await progress.page().getByRole('button', { name: 'Cancel import' }).click();

  const summary = page.getByTestId('import-summary');
  await expect(summary).toBeVisible({ timeout: 60_000 });
  await expect(page.getByRole('dialog', { name: 'Import cancelled' })).toBeVisible();
  await expect(summary).toContainText('Nothing from big.jsonl was kept');
  await expect(summary.getByTestId('summary-imported')).toHaveText('0');
  await page.screenshot({ path: `${screens}import-cancelled.png` });
  expect(await documentTotal(page)).toBe(before);
  await page.getByRole('dialog').getByRole('button', { name: 'Done', exact: true }).click();
  await expect(page.getByTestId('document-count')).toHaveText(before.toLocaleString('en-US'));
});

test('the import shortcut opens the dialog, and Escape closes it', async ({ app: page }) => {
  await page.keyboard.press(`${mod}+i`);
  await expect(page.getByRole('dialog', { name: 'Import articles' })).toBeVisible();
  await page.keyboard.press('Escape');
  await expect(page.getByRole('dialog', { name: 'Import articles' })).toBeHidden();
});

test('dropping files on the window opens the import dialog with them', async ({ app: page }) => {
  await page.evaluate(() => {
    const transfer = new DataTransfer();
    transfer.items.add(new File(['{"title":"Dropped","text":"Dropped article text."}\n'], 'dropped.jsonl', { type: 'application/json' }));
    transfer.items.add(new File(['Second dropped\nBody.'], 'notes.txt', { type: 'text/plain' }));
    window.dispatchEvent(new DragEvent('dragover', { dataTransfer: transfer, cancelable: true }));
    window.dispatchEvent(new DragEvent('drop', { dataTransfer: transfer, cancelable: true }));
  });
  const dialog = page.getByRole('dialog', { name: 'Import articles' });
  await expect(dialog.getByRole('list', { name: 'Chosen files' }).getByRole('listitem')).toHaveText([/dropped\.jsonl/, /notes\.txt/]);
  await dialog.getByLabel('First line is the title').check();
  await dialog.getByRole('button', { name: 'Import 2 files' }).click();
  await expect(page.getByTestId('summary-imported')).toHaveText('2');
  await page.getByRole('dialog').getByRole('button', { name: 'Done', exact: true }).click();
  await expect(page.getByRole('list', { name: 'Documents' }).getByRole('button', { name: /Second dropped/ })).toBeVisible();
});

test('files of one name from different folders are both chosen and imported under their own names; the same file twice is listed once', async ({ app: page }) => {
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  const north = join(corpus.dir, 'north', 'report.jsonl');
  const south = join(corpus.dir, 'south', 'report.jsonl');
  mkdirSync(join(corpus.dir, 'north'));
  mkdirSync(join(corpus.dir, 'south'));
  writeFileSync(north, `${JSON.stringify({ title: 'North report', text: 'The report from the north.' })}\n`);
  writeFileSync(south, `${JSON.stringify({ title: 'South report', text: 'The report from the south, which is longer.' })}\n`);
  const before = await documentTotal(page);
  const dialog = await openImportDialog(page);
  const chosen = dialog.getByRole('list', { name: 'Chosen files' }).getByRole('listitem');

  // Both in one pick (the browser gives each only its bare name).
  await dialog.getByTestId('import-files').setInputFiles([north, south]);
  await expect(chosen).toHaveText([/^report\.jsonl/, /^report \(2\)\.jsonl/]);
  await expect(dialog.getByRole('button', { name: 'Import 2 files' })).toBeEnabled();
  // The first again: it is listed once, and the dialog says why nothing was added.
  await dialog.getByTestId('import-files').setInputFiles([north]);
  await expect(dialog.getByTestId('import-notice')).toHaveText('report.jsonl was already chosen: it is listed once.');
  await expect(chosen).toHaveCount(2);

  // One at a time: the second is added too, numbered.
  await dialog.getByRole('button', { name: 'Clear' }).click();
  await dialog.getByTestId('import-files').setInputFiles([north]);
  await dialog.getByTestId('import-files').setInputFiles([south]);
  await expect(chosen).toHaveText([/^report\.jsonl/, /^report \(2\)\.jsonl/]);
  await expect(dialog.getByTestId('import-notice')).toBeHidden();
  await page.screenshot({ path: `${screens}import-same-names.png` });
  await dialog.getByRole('button', { name: 'Import 2 files' }).click();

  // Each upload kept its own name, so the report names each file once, with its own outcome.
  const summary = page.getByTestId('import-summary');
  await expect(summary.getByTestId('summary-imported')).toHaveText('2', { timeout: 30_000 });
  const outcomes = summary.getByRole('listitem').filter({ hasText: 'imported' });
  await expect(outcomes.filter({ hasText: /^report\.jsonl/ })).toContainText('1 imported');
  await expect(outcomes.filter({ hasText: /^report \(2\)\.jsonl/ })).toContainText('1 imported');
  expect(await documentTotal(page)).toBe(before + 2);
  expect(errors).toEqual([]);
});

test('an annotation file for an article already in the project: its spans are left out and said so, or merged when chosen', async ({ app: page }) => {
  const text = 'The CSTO met in Minsk on Friday.';
  const article = join(corpus.dir, 'minsk.txt');
  const annotated = join(corpus.dir, 'minsk-annotated.jsonl');
  writeFileSync(article, text);
  writeFileSync(annotated, `${JSON.stringify({ text, label: [[4, 8, 'Agency'], [16, 21, 'Place']] })}\n`);
  const summary = page.getByTestId('import-summary');
  const importMore = () => page.getByRole('dialog').getByRole('button', { name: 'Import more…' }).click();

  const dialog = await openImportDialog(page);
  await dialog.getByTestId('import-files').setInputFiles([article]);
  await dialog.getByRole('button', { name: 'Import 1 file' }).click();
  await expect(summary.getByTestId('summary-imported')).toHaveText('1', { timeout: 30_000 });
  await page.getByRole('dialog').getByRole('button', { name: 'Done', exact: true }).click();
  await page.getByRole('list', { name: 'Documents' }).getByRole('button', { name: /minsk/ }).click();
  await expect(page.locator('article')).toContainText(text);

  // By default the annotated copy is skipped, and the summary says what that left out and how to bring it in.
  const again = await openImportDialog(page);
  const onDuplicate = again.getByRole('radiogroup', { name: 'On duplicate' });
  await expect(onDuplicate.getByRole('radio')).toHaveCount(3);
  await expect(onDuplicate.getByRole('radio', { name: 'Skip articles already in the project' })).toBeChecked();
  await again.getByTestId('import-files').setInputFiles([annotated]);
  await again.getByRole('button', { name: 'Import 1 file' }).click();
  await expect(summary.getByTestId('summary-duplicates')).toHaveText('1', { timeout: 30_000 });
  await expect(summary.getByTestId('summary-left-out')).toContainText('2 spans and 0 relations were not imported');
  await expect(summary.getByTestId('summary-left-out')).toContainText('Add their annotations to the article already there');
  await expect(summary.locator('details', { hasText: 'minsk-annotated.jsonl' })).toContainText('2 spans, 0 relations not imported');
  await page.screenshot({ path: `${screens}import-left-out.png` });

  // Merged: the spans go to the article already there.
  await importMore();
  await onDuplicate.getByRole('radio', { name: 'Add their annotations to the article already there' }).check();
  await page.screenshot({ path: `${screens}import-merge-choice.png` });
  await again.getByTestId('import-files').setInputFiles([annotated]);
  await again.getByRole('button', { name: 'Import 1 file' }).click();
  await expect(summary.getByTestId('summary-spans')).toHaveText('2', { timeout: 30_000 });
  await expect(summary.getByTestId('summary-imported')).toHaveText('0');
  await expect(summary.getByTestId('summary-duplicates')).toHaveText('0');
  const merged = summary.locator('details', { hasText: 'minsk-annotated.jsonl' });
  await expect(merged).toContainText('1 merged');
  await expect(merged).toContainText(/merged into document #\d+: added 2 spans, 0 relations/);
  await page.screenshot({ path: `${screens}import-merged.png` });

  // The open article is the one merged into: it shows its new spans.
  await page.getByRole('dialog').getByRole('button', { name: 'Done', exact: true }).click();
  await expect(page.locator('article mark.span')).toHaveText(['CSTO', 'Minsk']);

  const documents = await callApi<DocumentPage>(page, 'listDocuments', { limit: 500 });
  const minsk = documents.items.filter((item) => item.title === 'minsk');
  expect(minsk).toHaveLength(1);
  const spans = await callApi<Span[]>(page, 'listSpans', { documentId: minsk[0]!.id });
  expect(spans.map((span) => span.text)).toEqual(['CSTO', 'Minsk']);
});
