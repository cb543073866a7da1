/** Corpus files for the import and list tests, generated into a temporary folder at test time. */
import { execFileSync } from 'node:child_process';
import { createWriteStream, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const repo = fileURLToPath(new URL('../..', import.meta.url));
const cli = join(repo, 'bin', 'spanbench.js');

export const SOURCES = ['Reuters', 'TASS', 'Kabar', 'AKIpress'] as const;
export const NEWS_COUNT = 300;
/** A word found in exactly one article, far down its text (so opening the hit must scroll). */
export const RARE_WORD = 'zeppelinaccord';
export const RARE_TITLE = 'Article 150: Commission plans airship exercise';

function paragraph(i: number, k: number): string {
  return `Paragraph ${k} of report ${i}: the commission reviewed procurement plans, joint exercises and the budget for next year while ministers met in Bishkek.`;
}

export function newsRecord(i: number): Record<string, unknown> {
  const day = String((i % 28) + 1).padStart(2, '0');
  const month = String((i % 12) + 1).padStart(2, '0');
  const paragraphs = Array.from({ length: i === 150 ? 90 : 3 }, (_, k) => paragraph(i, k));
  if (i === 150) paragraphs.splice(80, 0, `At the end the delegations signed the ${RARE_WORD} on joint airship exercises.`);
  return {
    id: `news-${i}`,
    title: i === 150 ? RARE_TITLE : `Article ${String(i).padStart(3, '0')}: report from ${SOURCES[i % SOURCES.length]}`,
    text: paragraphs.join('\n\n'),
    source: SOURCES[i % SOURCES.length],
    published_at: `${2019 + (i % 3)}-${month}-${day}`,
    meta: { desk: i % 2 === 0 ? 'politics' : 'defence' },
  };
}

export interface CorpusFolder {
  dir: string;
  news: string;
  csv: string;
  html: string;
  bad: string;
  cleanup(): void;
}

/**
 * news.jsonl: NEWS_COUNT articles plus one exact duplicate of article 7 (skipped);
 * quoted.csv: two rows, one text with a quoted newline; page.html: a <script> and entities;
 * bad.jsonl: three records, line 2 is not JSON.
 */
export function writeCorpus(): CorpusFolder {
  const dir = mkdtempSync(join(tmpdir(), 'spanbench-corpus-'));
  const lines: string[] = [];
  for (let i = 0; i < NEWS_COUNT; i++) lines.push(JSON.stringify(newsRecord(i)));
  lines.push(JSON.stringify({ ...newsRecord(7), id: 'news-7-again', title: 'Article 007 sent twice' }));
  const news = join(dir, 'news.jsonl');
  writeFileSync(news, `${lines.join('\n')}\n`);

  const csv = join(dir, 'quoted.csv');
  writeFileSync(csv, 'title,text,source,date\r\n"CSV one","First line of the CSV story\nsecond line, with a comma",CSV wire,2021-03-04\r\n"CSV two","Plain CSV story about ""quotes""",CSV wire,2021-03-05\r\n');

  const html = join(dir, 'page.html');
  writeFileSync(
    html,
    '<!doctype html><html><head><title>HTML bulletin</title><script>alert("head script")</script></head><body>' +
      '<h1>HTML bulletin</h1><p>Caf&eacute; &amp; bar &lt;script&gt;alert("x")&lt;/script&gt; stays as text.</p>' +
      '<script>window.__pwned = true; alert("body script")</script><p>Last paragraph &#8212; the end.</p></body></html>',
  );

  const bad = join(dir, 'bad.jsonl');
  writeFileSync(bad, '{"title":"Good one","text":"First good record."}\n{"title": "Broken", "text": \n{"title":"Good two","text":"Second good record."}\n');

  return { dir, news, csv, html, bad, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

/** ~`megabytes` MB of small JSONL records, streamed to disk. */
export async function writeBigJsonl(file: string, megabytes: number): Promise<number> {
  const out = createWriteStream(file);
  const filler = 'x'.repeat(120);
  let size = 0;
  let count = 0;
  const target = megabytes * 1024 * 1024;
  while (size < target) {
    let chunk = '';
    for (let k = 0; k < 2000; k++, count++) chunk += `{"title":"Big ${count}","text":"Record ${count} ${filler}"}\n`;
    size += Buffer.byteLength(chunk);
    if (!out.write(chunk)) await new Promise((resolve) => out.once('drain', resolve));
  }
  await new Promise<void>((resolve, reject) => out.end((error?: Error | null) => (error ? reject(error) : resolve())));
  return count;
}

/** Imports files with the CLI, for tests that need a corpus but do not test importing. */
export function importWithCli(projectPath: string, ...files: string[]): void {
  execFileSync(process.execPath, [cli, 'import', projectPath, ...files], { cwd: repo, stdio: 'pipe' });
}

/**
 * A ~1 MB report for the long-document tests: paragraphs "P<n> …" of varied length, blank lines
 * between them, a very long line every 97 paragraphs, and "Final paragraph of the long report." last.
 */
export function longReport(): string {
  const words = 'the commission agreed to hold joint exercises near the border while ministers reviewed procurement plans for armoured vehicles'.split(' ');
  const lines: string[] = [];
  let size = 0;
  for (let i = 0; size < 1_000_000; i++) {
    const count = i % 97 === 50 ? 4000 : 20 + ((i * 37) % 150);
    const line = Array.from({ length: count }, (_, k) => words[(i * 7 + k) % words.length]).join(' ');
    lines.push(`P${i} ${line}.`, '');
    size += line.length + 8;
  }
  lines.push('Final paragraph of the long report.');
  return lines.join('\n');
}
