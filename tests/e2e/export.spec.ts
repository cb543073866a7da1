/**
 * Export and import of annotations through the dialogs, in browser mode: what is downloaded
 * holds the spans at their exact offsets (after emoji too), and a Spanbench export imported
 * into another fresh project gives the same spans back.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Download, Locator, Page } from '@playwright/test';
import type { DocumentDetail, DocumentPage, Label, Span } from '../../contract/api';
import { serveFreshProject, test, expect, waitForApp } from './fixtures';
import { callApi, dragSelect, drawn, listSpans } from './helpers';

const repoRoot = fileURLToPath(new URL('../..', import.meta.url));
const fixtures = path.resolve(repoRoot, '../shared/fixtures');
const screens = fileURLToPath(new URL('../../.tmp/screens/', import.meta.url));
const mod = process.platform === 'darwin' ? 'Meta' : 'Control';

/** Emoji before and between the spans: code points and UTF-16 disagree after each of them. */
const TEXT = [
  'Kabar 🇰🇬 reports 😊 that the Ministry of Defence approved the Rubezh exercise plan.',
  'The 👩‍👩‍👧 delegation will meet in Bishkek 🎉 next week.',
  '',
].join('\n');
const TITLE = 'Emoji report';

/** Phrase -> label hotkey (sample labels: 1 Agency, 2 Decision, 3 PlannedEvent). */
const PLAN: Array<[string, string, string]> = [
  ['Ministry of Defence', '1', 'Agency'],
  ['approved', '2', 'Decision'],
  ['Rubezh exercise', '3', 'PlannedEvent'],
  ['delegation', '1', 'Agency'],
];

function codePoints(text: string, phrase: string): { start: number; end: number } {
  const at = text.indexOf(phrase);
  if (at < 0) throw new Error(`not in text: ${phrase}`);
  const start = [...text.slice(0, at)].length;
  return { start, end: start + [...phrase].length };
}

function sliceCodePoints(text: string, start: number, end: number): string {
  return [...text].slice(start, end).join('');
}

test.use({ extraTexts: [{ file: 'emoji.txt', content: TEXT, title: TITLE }] });

async function annotate(page: Page): Promise<Span[]> {
  await page.getByRole('list', { name: 'Documents' }).getByRole('button', { name: new RegExp(TITLE) }).click();
  await expect(page.locator('article')).toContainText('Ministry of Defence');
  for (const [phrase, key, label] of PLAN) {
    await dragSelect(page, phrase);
    await page.keyboard.press(key);
    await expect(drawn(page, label).filter({ hasText: phrase }).first()).toBeVisible();
    await page.keyboard.press('Escape');
  }
  const spans = await listSpans(page);
  expect(spans).toHaveLength(PLAN.length);
  return spans;
}

async function openExport(page: Page): Promise<Locator> {
  // The shortcut, as an analyst would (the toolbar button is tested in the next test).
  await page.locator('.article-pane .scroller').focus();
  await page.keyboard.press(`${mod}+e`);
  const dialog = page.getByRole('dialog', { name: 'Export annotations' });
  await expect(dialog).toBeVisible();
  return dialog;
}

/** Chooses a format, exports, waits for the summary and downloads the result. */
async function exportAndDownload(page: Page, dialog: Locator, formatTitle: string, screenshot?: string): Promise<{ download: Download; body: Buffer }> {
  await dialog.getByRole('radio', { name: new RegExp(formatTitle) }).check();
  await expect(dialog.getByTestId('export-format-about')).toBeVisible();
  if (screenshot) await page.screenshot({ path: `${screens}${screenshot}-dialog.png` });
  await dialog.getByRole('button', { name: 'Export', exact: true }).click();
  const summary = page.getByTestId('export-summary');
  await expect(summary).toBeVisible({ timeout: 30_000 });
  await expect(page.getByRole('dialog', { name: 'Export finished' })).toBeVisible();
  if (screenshot) await page.screenshot({ path: `${screens}${screenshot}-summary.png` });
  const [download] = await Promise.all([page.waitForEvent('download'), summary.getByTestId('export-download').click()]);
  const file = await download.path();
  return { download, body: readFileSync(file) };
}

interface TarEntry {
  name: string;
  body: Buffer;
}

/** Just enough of ustar to read what the server streams: 512-byte headers, octal sizes, padded bodies. */
function readTar(tar: Buffer): TarEntry[] {
  const entries: TarEntry[] = [];
  let at = 0;
  while (at + 512 <= tar.length) {
    const header = tar.subarray(at, at + 512);
    if (header.every((byte) => byte === 0)) break;
    const field = (from: number, length: number) => header.subarray(from, from + length).toString('utf8').replace(/\0.*$/s, '');
    const prefix = field(345, 155);
    const name = prefix ? `${prefix}/${field(0, 100)}` : field(0, 100);
    const size = parseInt(field(124, 12).trim() || '0', 8);
    const type = field(156, 1);
    at += 512;
    if (type === '0' || type === '') entries.push({ name, body: tar.subarray(at, at + size) });
    at += Math.ceil(size / 512) * 512;
  }
  return entries;
}

async function documentByTitle(page: Page, title: RegExp): Promise<DocumentDetail> {
  const documents = await callApi<DocumentPage>(page, 'listDocuments', { limit: 5000 });
  const summary = documents.items.find((item) => title.test(item.title));
  if (!summary) throw new Error(`no document titled ${title}: ${documents.items.map((item) => item.title).join(', ')}`);
  return callApi<DocumentDetail>(page, 'getDocument', { id: summary.id });
}

/** Spans as a format can carry them: label by name, code-point offsets, text. */
async function comparable(page: Page, documentId: number): Promise<Array<{ label: string; start: number; end: number; text: string; note: string | null }>> {
  const labels = new Map((await callApi<Label[]>(page, 'listLabels', {})).map((label) => [label.id, label.name]));
  const spans = await callApi<Span[]>(page, 'listSpans', { documentId });
  return spans
    .map((span) => ({ label: labels.get(span.labelId) ?? '?', start: span.start, end: span.end, text: span.text, note: span.note }))
    .sort((a, b) => a.start - b.start || a.end - b.end || a.label.localeCompare(b.label));
}

test.beforeEach(() => {
  mkdirSync(screens, { recursive: true });
});

test('exports as Spanbench JSONL and as CoNLL through the dialog; spans after emoji keep their exact offsets', async ({ app: page }) => {
  await annotate(page);

  const dialog = await openExport(page);
  const spanbench = await exportAndDownload(page, dialog, 'Spanbench JSONL');
  const summary = page.getByTestId('export-summary');
  await expect(summary.getByTestId('export-spans')).toHaveText(String(PLAN.length));
  await expect(summary.getByTestId('export-losses')).toHaveText('0');
  expect(spanbench.download.suggestedFilename()).toMatch(/\.jsonl$/);
  const lines = spanbench.body.toString('utf8').split('\n').filter(Boolean);
  expect(JSON.parse(lines[0]!)).toMatchObject({ format: 'spanbench', offsets: 'codepoint' });
  const record = lines
    .slice(1)
    .map((line) => JSON.parse(line) as { title: string; text: string; spans: Array<{ label: string; start: number; end: number; text: string }> })
    .find((item) => item.title === TITLE);
  expect(record?.text).toBe(TEXT);
  for (const [phrase, , label] of PLAN) {
    const expected = codePoints(TEXT, phrase);
    const span = record!.spans.find((item) => item.text === phrase);
    expect(span, phrase).toMatchObject({ label, start: expected.start, end: expected.end });
    expect(sliceCodePoints(record!.text, span!.start, span!.end)).toBe(phrase);
  }

  // Again, as CoNLL: the dialog keeps its place; whole tokens get B-/I- tags.
  await page.getByRole('dialog').getByRole('button', { name: 'Export again…' }).click();
  const again = page.getByRole('dialog', { name: 'Export annotations' });
  await expect(again).toBeVisible();
  await again.getByRole('radio', { name: /CoNLL/ }).check();
  await expect(again.getByRole('combobox', { name: 'Offsets' })).toBeDisabled();
  const conll = await exportAndDownload(page, again, 'CoNLL');
  expect(conll.download.suggestedFilename()).toMatch(/\.conll$/);
  const text = conll.body.toString('utf8');
  expect(text.split('\n')).toContain('-DOCSTART-\tO');
  // The sample article is exported too: look only at the emoji report's block.
  const block = text.split('-DOCSTART-').find((part) => part.includes('😊'));
  expect(block).toBeDefined();
  const rows = block!.split('\n');
  const tagged = (token: string) => rows.find((row) => row.split('\t')[0] === token)?.split('\t').at(-1);
  expect(tagged('Ministry')).toBe('B-Agency');
  expect(tagged('of')).toBe('I-Agency');
  expect(tagged('Defence')).toBe('I-Agency');
  expect(tagged('approved')).toBe('B-Decision');
  expect(tagged('Rubezh')).toBe('B-PlannedEvent');
  expect(tagged('exercise')).toBe('I-PlannedEvent');
  expect(tagged('delegation')).toBe('B-Agency');
  expect(tagged('😊')).toBe('O');
  expect(tagged('Bishkek')).toBe('O');
  await page.getByRole('dialog').getByRole('button', { name: 'Done' }).click();
  await expect(page.getByRole('dialog')).toBeHidden();
});

test('exports brat as a .tar of .txt/.ann pairs with annotation.conf; CoNLL reports overlapping spans it leaves out', async ({ app: page }) => {
  await annotate(page);
  // A span inside another one: CoNLL's one tag per token cannot hold both.
  await dragSelect(page, 'exercise');
  await page.keyboard.press('2');
  await expect(drawn(page, 'Decision').filter({ hasText: 'exercise' })).toBeVisible();
  await page.keyboard.press('Escape');

  await page.getByRole('button', { name: 'Export…' }).click();
  const dialog = page.getByRole('dialog', { name: 'Export annotations' });
  await expect(dialog).toBeVisible();
  const brat = await exportAndDownload(page, dialog, 'brat standoff');
  expect(brat.download.suggestedFilename()).toMatch(/\.tar$/);
  const entries = readTar(brat.body);
  const names = entries.map((entry) => entry.name);
  expect(names.some((name) => name.endsWith('annotation.conf'))).toBe(true);
  const txts = entries.filter((entry) => entry.name.endsWith('.txt'));
  const pair = txts.find((entry) => entry.body.toString('utf8') === TEXT);
  expect(pair, `a .txt holding the emoji report among ${names.join(', ')}`).toBeDefined();
  const ann = entries.find((entry) => entry.name === pair!.name.replace(/\.txt$/, '.ann'));
  expect(ann, 'its .ann beside it').toBeDefined();
  const bratLines = ann!.body.toString('utf8').split('\n').filter((line) => line.startsWith('T'));
  for (const [phrase, , label] of PLAN) {
    const expected = codePoints(TEXT, phrase);
    expect(bratLines.some((line) => line.split('\t')[1] === `${label} ${expected.start} ${expected.end}` && line.split('\t')[2] === phrase), `${label} ${phrase}`).toBe(true);
  }
  const conf = entries.find((entry) => entry.name.endsWith('annotation.conf'))!.body.toString('utf8');
  expect(conf).toMatch(/\[entities\][\s\S]*Agency/);

  await page.getByRole('dialog').getByRole('button', { name: 'Export again…' }).click();
  const again = page.getByRole('dialog', { name: 'Export annotations' });
  await again.getByRole('radio', { name: /CoNLL/ }).check();
  await again.getByRole('button', { name: 'Export', exact: true }).click();
  const summary = page.getByTestId('export-summary');
  // The overlap left out, beside what CoNLL never carries (timestamps, status…): every loss is counted.
  await expect(summary.getByTestId('export-losses')).toHaveText(/^[1-9][\d,]*$/);
  await expect(summary.getByTestId('export-loss-list')).toContainText(/overlap/i);
  // Each line says what the loss is about: a span's timestamps are the span's, the status the document's.
  await expect(summary.getByTestId('export-loss-list')).toContainText(/document \d+: (Agency|Decision|PlannedEvent)( \S+)? \[\d+–\d+\) — span timestamps/);
  await expect(summary.getByTestId('export-loss-list')).toContainText(/document \d+: document status/);
  await expect(summary.getByTestId('export-loss-list')).not.toContainText(/: attribute/);
  await page.screenshot({ path: `${screens}export-summary-losses.png` });
});

test('a Label Studio export comes with the labeling config its tasks need, ready to copy', async ({ app: page, context }) => {
  await annotate(page);
  await page.getByRole('button', { name: 'Export…' }).click();
  const dialog = page.getByRole('dialog', { name: 'Export annotations' });
  const { body } = await exportAndDownload(page, dialog, 'Label Studio JSON');
  const tasks = JSON.parse(body.toString('utf8')) as Array<{ annotations: Array<{ result: Array<{ from_name: string; to_name: string; value: { labels: string[] } }> }> }>;
  const used = new Set(tasks.flatMap((task) => task.annotations[0]!.result.flatMap((item) => item.value.labels)));
  expect([...used].sort()).toEqual(['Agency', 'Decision', 'PlannedEvent']);

  const summary = page.getByTestId('export-summary');
  const config = summary.getByRole('textbox', { name: 'Label Studio labeling config' });
  await expect(config).toBeVisible();
  const xml = await config.inputValue();
  // The control and object names the tasks use, and every label of the project with its colour.
  expect(xml).toContain('<Labels name="label" toName="text">');
  expect(xml).toContain('<Text name="text" value="$text"/>');
  const labels = await callApi<Label[]>(page, 'listLabels', {});
  for (const label of labels) expect(xml).toContain(`<Label value="${label.name}" background="${label.color}"/>`);
  await page.screenshot({ path: `${screens}export-labelstudio-config.png` });

  await context.grantPermissions(['clipboard-read', 'clipboard-write']);
  await summary.getByRole('button', { name: 'Copy config' }).click();
  await expect(summary.getByRole('status')).toHaveText('Copied.');
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(xml);

  // Other formats need no such config.
  await page.getByRole('dialog').getByRole('button', { name: 'Export again…' }).click();
  await exportAndDownload(page, page.getByRole('dialog', { name: 'Export annotations' }), 'doccano JSONL');
  await expect(page.getByTestId('export-summary').getByRole('textbox', { name: 'Label Studio labeling config' })).toHaveCount(0);
});

test('a Spanbench export imported into another fresh project through the import dialog gives the same spans', async ({ app: page }) => {
  await annotate(page);
  const source = await documentByTitle(page, new RegExp(`^${TITLE}$`));
  const before = await comparable(page, source.id);

  const dialog = await openExport(page);
  // The screenshots of the dialog and the summary come from this run.
  const exported = await exportAndDownload(page, dialog, 'Spanbench JSONL', 'export');
  const dir = mkdtempSync(path.join(tmpdir(), 'spanbench-export-'));
  const second = await serveFreshProject();
  try {
    const file = path.join(dir, 'emoji-report.jsonl');
    await exported.download.saveAs(file);

    const other = await page.context().newPage();
    const problems: string[] = [];
    other.on('pageerror', (error) => problems.push(error.message));
    other.on('console', (message) => message.type() === 'error' && problems.push(message.text()));
    await other.goto(second.url);
    await waitForApp(other);
    await expect(other.locator('article [data-block]').first()).toBeVisible();
    await other.getByRole('button', { name: 'Import…' }).click();
    const importDialog = other.getByRole('dialog', { name: 'Import articles' });
    await importDialog.getByRole('combobox', { name: 'Format' }).selectOption('spanbench');
    await importDialog.getByTestId('import-files').setInputFiles(file);
    await importDialog.getByRole('button', { name: 'Import 1 file' }).click();
    const summary = other.getByTestId('import-summary');
    await expect(summary).toBeVisible({ timeout: 30_000 });
    // The sample article is in both projects: skipped as a duplicate.
    await expect(summary.getByTestId('summary-imported')).toHaveText('1');
    await expect(summary.getByTestId('summary-duplicates')).toHaveText('1');
    await expect(summary.getByTestId('summary-spans')).toHaveText(String(PLAN.length));

    const imported = await documentByTitle(other, new RegExp(`^${TITLE}$`));
    expect(imported.text).toBe(TEXT);
    expect(await comparable(other, imported.id)).toEqual(before);
    expect(problems).toEqual([]);
    await other.close();
  } finally {
    await second.close();
    rmSync(dir, { recursive: true, force: true });
  }
});

test('imports the brat tutorial folder through the dialog, mapping a label; spans land on the right text', async ({ app: page }) => {
  await page.getByRole('button', { name: 'Import…' }).click();
  const dialog = page.getByRole('dialog', { name: 'Import articles' });
  await dialog.getByRole('combobox', { name: 'Format' }).selectOption('brat');
  await dialog.getByRole('button', { name: '+ Map a label' }).click();
  await dialog.getByRole('textbox', { name: 'Label in the file 1' }).fill('Person');
  await dialog.getByRole('combobox', { name: 'Project label 1' }).fill('Agency');
  await dialog.getByTestId('import-folder').setInputFiles(path.join(fixtures, 'brat', 'news'));
  await expect(dialog.getByRole('list', { name: 'Chosen files' })).toContainText('040-text_span_annotation.ann');
  await page.screenshot({ path: `${screens}import-annotations-dialog.png` });
  await dialog.getByRole('button', { name: /^Import \d+ files$/ }).click();

  const summary = page.getByTestId('import-summary');
  await expect(summary).toBeVisible({ timeout: 30_000 });
  await expect(summary.getByTestId('summary-imported')).toHaveText('13');
  await expect(summary.getByTestId('summary-refused')).toHaveText('0');
  expect(Number(await summary.getByTestId('summary-spans').textContent())).toBeGreaterThan(100);
  await expect(summary.getByTestId('summary-new-labels')).toContainText('Organization');
  // brat events are kept as their trigger spans and reported.
  await expect(summary.getByTestId('summary-warnings')).not.toHaveText('0');
  await page.screenshot({ path: `${screens}import-annotations-summary.png` });
  await page.getByRole('dialog').getByRole('button', { name: 'Done', exact: true }).click();

  // 040-text_span_annotation.ann: T1 Organization 184 190 Google, T2 Person 206 216 Larry Page (Person mapped to Agency).
  const txt = readFileSync(path.join(fixtures, 'brat', 'news', '040-text_span_annotation.txt'), 'utf8');
  const documents = await callApi<DocumentPage>(page, 'listDocuments', { limit: 5000 });
  let found: DocumentDetail | null = null;
  for (const item of documents.items) {
    const detail = await callApi<DocumentDetail>(page, 'getDocument', { id: item.id });
    if (detail.text === txt) found = detail;
  }
  expect(found, 'the 040 text, byte for byte').not.toBeNull();
  const spans = await comparable(page, found!.id);
  expect(spans).toContainEqual(expect.objectContaining({ label: 'Organization', start: 184, end: 190, text: 'Google' }));
  expect(spans).toContainEqual(expect.objectContaining({ label: 'Agency', start: 206, end: 216, text: 'Larry Page' }));
  expect(spans.some((span) => span.label === 'Person')).toBe(false);
  for (const span of spans) expect(sliceCodePoints(found!.text, span.start, span.end)).toBe(span.text);

  // And on screen: open it and see Larry Page drawn as Agency.
  await page.getByRole('list', { name: 'Documents' }).getByRole('button', { name: new RegExp(found!.title.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')) }).first().click();
  await expect(drawn(page, 'Agency').filter({ hasText: 'Larry Page' }).first()).toBeVisible();
  await expect(drawn(page, 'Organization').filter({ hasText: 'Google' }).first()).toBeVisible();
});

test('a brat file naming the same span twice stores it once, and the import summary says so', async ({ app: page }) => {
  const dir = mkdtempSync(path.join(tmpdir(), 'spanbench-dupes-'));
  try {
    const folder = path.join(dir, 'repeats');
    mkdirSync(folder);
    const text = 'NATO met the CSTO in Minsk on Friday.';
    writeFileSync(path.join(folder, 'minsk.txt'), text);
    writeFileSync(path.join(folder, 'minsk.ann'), ['T1\tAgency 0 4\tNATO', 'T2\tAgency 13 17\tCSTO', 'T5\tAgency 0 4\tNATO', 'R1\tmeets Arg1:T5 Arg2:T2', ''].join('\n'));
    await page.getByRole('button', { name: 'Import…' }).click();
    const dialog = page.getByRole('dialog', { name: 'Import articles' });
    await dialog.getByRole('combobox', { name: 'Format' }).selectOption('brat');
    await dialog.getByTestId('import-folder').setInputFiles(folder);
    await dialog.getByRole('button', { name: /^Import \d+ files?$/ }).click();

    const summary = page.getByTestId('import-summary');
    await expect(summary).toBeVisible({ timeout: 30_000 });
    await expect(summary.getByTestId('summary-spans')).toHaveText('2');
    await expect(summary.getByTestId('summary-warnings')).toHaveText('1');
    await expect(summary.getByRole('listitem').filter({ hasText: '1 duplicate span (same label over the same characters) was stored once' })).toBeVisible();
    await page.screenshot({ path: `${screens}import-duplicate-spans.png` });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
