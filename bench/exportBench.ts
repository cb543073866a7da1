/**
 * Export benchmark (issue 4): a project of 100,000 generated documents (~1.2 KB each) with
 * 1,000,000 spans, exported to Spanbench JSONL, doccano, CoNLL and brat by
 * services/annotationExport.ts's runExport, each against the raw limit measured in the same
 * run, every run in its own child process so its peak memory is its own.
 *
 * The raw limit is a minimal script that reads the same rows (documents in id order, a page of
 * 500 at a time, with their spans joined to label names in the exporter's order) and writes
 * the same bytes with a straightforward serialization: JSON.stringify of the same record for
 * the JSONL formats (doccano converting offsets to UTF-16 with one pass over texts that have
 * astral characters), core/tokenize's tokenizer and sentence grouping for CoNLL, and one
 * .txt + .ann per document (named after its external id) plus the two .conf files for brat. It
 * does not check spans, log losses, support selections, splits or cancelling, or write under a
 * temporary name. The parent compares both outputs byte for byte (sha256) after the runs.
 *
 * Usage: node dist/bench/exportBench.cjs [--docs N] [--spans N] [--formats spanbench,doccano,conll,brat]
 */
import { createHash } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import type { AnnotationFormat } from '../contract/api';
import { groupSentences, tokenize } from '../core/tokenize';
import { sha256Hex } from '../db/documentsRepo';
import { openProject, type ProjectDb } from '../db/open';
import { runExport } from '../services/annotationExport';
import { ensureProject } from '../services/project';
import { article, prng } from './generate';

const { values } = parseArgs({
  options: {
    docs: { type: 'string', default: '100000' },
    spans: { type: 'string', default: '1000000' },
    formats: { type: 'string', default: 'spanbench,doccano,conll,brat' },
    role: { type: 'string' },
    format: { type: 'string' },
    project: { type: 'string' },
    out: { type: 'string' },
  },
});

const STATUSES = ['new', 'in_progress', 'done'] as const;

/** Documents straight into the project: prepared statements, one transaction. */
async function generate(project: string, docs: number, spanTotal: number): Promise<{ documents: number; spans: number }> {
  const opened = await ensureProject(project, { withSample: false });
  const db = opened.db;
  const labels = (db.prepare('SELECT id FROM labels ORDER BY id').all() as Array<{ id: number }>).map((row) => row.id);
  const insertDocument = db.prepare(
    `INSERT INTO documents (external_id, title, source, url, published_at, language, metadata, text, sha256, length, status, created_at, updated_at)
     VALUES (?, ?, ?, NULL, ?, 'en', '{}', ?, ?, ?, ?, ?, ?)`,
  );
  const insertSpan = db.prepare(`INSERT INTO spans (document_id, label_id, start, end, text, attributes, created_at, updated_at) VALUES (?, ?, ?, ?, ?, '{}', ?, ?)`);
  const random = prng(42);
  const now = new Date('2026-11-26T12:00:00.000Z').toISOString();
  let spans = 0;
  db.exec('BEGIN IMMEDIATE');
  for (let i = 0; i < docs; i++) {
    const text = article(random, i, 1200);
    const codePoints = [...text].length;
    const documentId = Number(
      insertDocument.run(`bench-${i}`, `Synthetic report ${i}`, ['Trend', 'Kabar', 'TASS', 'Reuters'][i % 4], `20${10 + (i % 15)}-${String(1 + (i % 12)).padStart(2, '0')}-01`, text, sha256Hex(text), codePoints, STATUSES[i % 3], now, now).lastInsertRowid,
    );
    // Spans over whole words (one or two), spread evenly, never overlapping: every format can hold them.
    const want = Math.round(((i + 1) * spanTotal) / docs) - Math.round((i * spanTotal) / docs);
    const words: Array<[number, number]> = [];
    let cp = 0;
    let last = 0;
    for (const match of text.matchAll(/[\p{L}\p{N}]+/gu)) {
      cp += [...text.slice(last, match.index)].length;
      const length = [...match[0]].length;
      words.push([cp, cp + length]);
      cp += length;
      last = match.index + match[0].length;
    }
    const step = Math.max(2, Math.floor(words.length / Math.max(1, want)));
    const chars = [...text];
    for (let k = 0; k < want && k * step < words.length; k++) {
      const first = words[k * step]!;
      const second = k % 3 === 0 ? words[k * step + 1] : undefined;
      // Two words only when a single space separates them (no sentence or paragraph break inside).
      const end = second && second[0] === first[1] + 1 && chars[first[1]] === ' ' ? second[1] : first[1];
      insertSpan.run(documentId, labels[k % labels.length]!, first[0], end, chars.slice(first[0], end).join(''), now, now);
      spans++;
    }
  }
  db.exec('COMMIT');
  db.close();
  return { documents: docs, spans };
}

/** Appends strings to one file through a 1 MB buffer. */
class BufferedFile {
  readonly #fd: number;
  #parts: string[] = [];
  #size = 0;
  constructor(file: string) {
    this.#fd = fs.openSync(file, 'w');
  }
  write(text: string): void {
    this.#parts.push(text);
    this.#size += text.length;
    if (this.#size >= 1 << 20) this.flush();
  }
  flush(): void {
    if (this.#parts.length === 0) return;
    fs.writeSync(this.#fd, this.#parts.join(''));
    this.#parts = [];
    this.#size = 0;
  }
  close(): void {
    this.flush();
    fs.closeSync(this.#fd);
  }
}

interface RawDocument {
  id: number;
  external_id: string | null;
  title: string;
  source: string | null;
  url: string | null;
  published_at: string | null;
  language: string | null;
  metadata: string;
  text: string;
  status: string;
}

interface RawSpan {
  id: number;
  document_id: number;
  label: string;
  start: number;
  end: number;
  text: string;
  note: string | null;
  attributes: string;
  author: string | null;
  created_at: string;
  updated_at: string;
}

/** Documents in id order with their spans, 500 documents a page (better-sqlite3 runs one statement at a time). */
function* rawRows(db: ProjectDb): Generator<[RawDocument, RawSpan[]]> {
  const documentPage = db.prepare('SELECT id, external_id, title, source, url, published_at, language, metadata, text, status FROM documents WHERE id > ? ORDER BY id LIMIT 500');
  const spanPage = db.prepare(
    `SELECT spans.id, spans.document_id, labels.name AS label, spans.start, spans.end, spans.text, spans.note, spans.attributes, spans.author, spans.created_at, spans.updated_at
     FROM spans JOIN labels ON labels.id = spans.label_id WHERE spans.document_id BETWEEN ? AND ? ORDER BY spans.document_id, spans.start, spans.end DESC, spans.id`,
  );
  let after = 0;
  for (;;) {
    const documents = documentPage.all(after) as RawDocument[];
    if (documents.length === 0) return;
    const spans = spanPage.all(documents[0]!.id, documents[documents.length - 1]!.id) as RawSpan[];
    let s = 0;
    for (const doc of documents) {
      const mine: RawSpan[] = [];
      while (s < spans.length && spans[s]!.document_id === doc.id) mine.push(spans[s++]!);
      yield [doc, mine];
    }
    after = documents[documents.length - 1]!.id;
  }
}

/** Code point offset -> UTF-16 offset, only built for texts with characters beyond U+FFFF. */
function utf16Offsets(text: string): ((cp: number) => number) | null {
  if (!/[\uD800-\uDFFF]/.test(text)) return null;
  const map: number[] = [];
  let u = 0;
  for (const ch of text) {
    map.push(u);
    u += ch.length;
  }
  map.push(u);
  return (cp) => map[cp]!;
}

function rawExport(db: ProjectDb, format: AnnotationFormat, out: string): { documents: number; spans: number } {
  let documents = 0;
  let spanCount = 0;
  if (format === 'brat') {
    fs.mkdirSync(out, { recursive: true });
    const types = new Set<string>();
    for (const [doc, spans] of rawRows(db)) {
      // Named as the exporter names them: after the id a document came with (here bench-N, each
      // already a safe and unique file name), else its Spanbench id.
      const name = doc.external_id ?? doc.id;
      fs.writeFileSync(path.join(out, `${name}.txt`), doc.text);
      let ann = '';
      for (const span of spans) {
        types.add(span.label);
        ann += `T${span.id}\t${span.label} ${span.start} ${span.end}\t${span.text.replace(/\r\n|\r|\n/g, ' ')}\n`;
      }
      fs.writeFileSync(path.join(out, `${name}.ann`), ann);
      documents++;
      spanCount += spans.length;
    }
    const sorted = [...types].sort();
    fs.writeFileSync(path.join(out, 'annotation.conf'), ['# Generated by Spanbench', '[entities]', ...sorted, '', '[relations]', '', '[events]', '', '[attributes]', ''].join('\n'));
    fs.writeFileSync(
      path.join(out, 'visual.conf'),
      ['[labels]', ...sorted.map((t) => `${t} | ${t}`), '', '[drawing]', 'SPAN_DEFAULT\tfgColor:black, bgColor:lightgreen, borderColor:darken', 'ARC_DEFAULT\tcolor:black, arrowHead:triangle-5', ''].join('\n'),
    );
    return { documents, spans: spanCount };
  }
  const file = new BufferedFile(out);
  if (format === 'spanbench') file.write(`${JSON.stringify({ format: 'spanbench', version: 1, offsets: 'codepoint' })}\n`);
  for (const [doc, spans] of rawRows(db)) {
    if (format === 'spanbench') {
      const record = {
        id: doc.id,
        externalId: doc.external_id,
        title: doc.title,
        source: doc.source,
        url: doc.url,
        publishedAt: doc.published_at,
        language: doc.language,
        status: doc.status,
        metadata: JSON.parse(doc.metadata) as unknown,
        text: doc.text,
        spans: spans.map((s) => ({ key: `T${s.id}`, label: s.label, start: s.start, end: s.end, text: s.text, note: s.note, author: s.author, attributes: JSON.parse(s.attributes) as unknown, createdAt: s.created_at, updatedAt: s.updated_at })),
        relations: [],
      };
      file.write(`${JSON.stringify(record)}\n`);
    } else if (format === 'doccano') {
      const toUtf16 = utf16Offsets(doc.text);
      const entities = spans.map((s, i) => ({ id: i, label: s.label, start_offset: toUtf16 ? toUtf16(s.start) : s.start, end_offset: toUtf16 ? toUtf16(s.end) : s.end }));
      const record: Record<string, unknown> = { id: doc.id, text: doc.text, entities, relations: [] };
      record.title = doc.title;
      // The document's fields as extra columns, as the exporter writes them (doccano keeps them as meta).
      const columns = [['source', doc.source], ['url', doc.url], ['published_at', doc.published_at], ['language', doc.language], ['external_id', doc.external_id]] as const;
      for (const [column, value] of columns) if (value) record[column] = value;
      record.meta = JSON.parse(doc.metadata) as unknown;
      file.write(`${JSON.stringify(record)}\n`);
    } else if (format === 'conll') {
      const breaks: number[] = [];
      for (const s of spans) breaks.push(s.start, s.end);
      const tokens = tokenize(doc.text, { breaks });
      const tags = new Array<string>(tokens.length).fill('O');
      let t = 0;
      for (const s of spans) {
        while (t < tokens.length && tokens[t]!.start < s.start) t++;
        for (let u = t; u < tokens.length && tokens[u]!.end <= s.end; u++) tags[u] = `${u === t ? 'B' : 'I'}-${s.label}`;
      }
      let text = '-DOCSTART-\tO\n\n';
      let k = 0;
      for (const sentence of groupSentences(doc.text, tokens, spans)) {
        for (const token of sentence) text += `${token.text}\t${tags[k++]}\n`;
        text += '\n';
      }
      file.write(text);
    } else {
      throw new Error(`no raw writer for ${format}`);
    }
    documents++;
    spanCount += spans.length;
  }
  file.close();
  return { documents, spans: spanCount };
}

interface RoleResult {
  documents: number;
  spans: number;
  seconds: number;
  maxRssMb: number;
}

async function runRole(): Promise<void> {
  const project = values.project!;
  if (values.role === 'generate') {
    const started = process.hrtime.bigint();
    const made = await generate(project, Number(values.docs), Number(values.spans));
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    process.stdout.write(JSON.stringify({ ...made, seconds, maxRssMb: process.resourceUsage().maxRSS / 1024 } satisfies RoleResult));
    return;
  }
  const format = values.format as AnnotationFormat;
  const opened = await openProject(project, { readOnly: true });
  const started = process.hrtime.bigint();
  let counts: { documents: number; spans: number };
  if (values.role === 'raw') counts = rawExport(opened.db, format, values.out!);
  else {
    const summary = runExport(opened.db, { format, outPath: values.out! });
    counts = { documents: summary.documents, spans: summary.spans };
  }
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  opened.db.close();
  process.stdout.write(JSON.stringify({ ...counts, seconds, maxRssMb: process.resourceUsage().maxRSS / 1024 } satisfies RoleResult));
}

function child(args: string[]): RoleResult {
  const out = execFileSync(process.execPath, [__filename, ...args], { encoding: 'utf8', maxBuffer: 1 << 20, stdio: ['ignore', 'pipe', 'inherit'] });
  return JSON.parse(out) as RoleResult;
}

/** sha256 over a file, or over a folder's files (sorted names, then each name and content). */
function digest(target: string): { hash: string; bytes: number; files: number } {
  const hash = createHash('sha256');
  let bytes = 0;
  const files = fs.statSync(target).isDirectory() ? fs.readdirSync(target).sort().map((name) => path.join(target, name)) : [target];
  for (const file of files) {
    if (files.length > 1) hash.update(`\0${path.basename(file)}\0`);
    const content = fs.readFileSync(file);
    bytes += content.length;
    hash.update(content);
  }
  return { hash: hash.digest('hex'), bytes, files: files.length };
}

const rate = (n: number, seconds: number) => Math.round(n / seconds).toLocaleString('en');

async function main(): Promise<void> {
  if (values.role) return runRole();
  const formats = values.formats.split(',').map((f) => f.trim()) as AnnotationFormat[];
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'spanbench-export-bench-'));
  try {
    const project = path.join(dir, 'bench.sqlite');
    const made = child(['--role', 'generate', '--project', project, '--docs', values.docs, '--spans', values.spans]);
    console.log(
      `Export benchmark: ${made.documents.toLocaleString('en')} documents, ${made.spans.toLocaleString('en')} spans (generated in ${made.seconds.toFixed(1)} s, project ${(fs.statSync(project).size / 1e6).toFixed(0)} MB)`,
    );
    console.log('  raw limit = read the same rows page by page and write the same bytes, nothing else (see the header of bench/exportBench.ts)');
    let worst = Infinity;
    for (const format of formats) {
      const ext = format === 'brat' ? '' : format === 'conll' ? '.conll' : '.jsonl';
      const rawOut = path.join(dir, `raw-${format}${ext}`);
      const ourOut = path.join(dir, `ours-${format}${ext}`);
      const raw = child(['--role', 'raw', '--format', format, '--project', project, '--out', rawOut]);
      const ours = child(['--role', 'spanbench', '--format', format, '--project', project, '--out', ourOut]);
      const a = digest(rawOut);
      const b = digest(ourOut);
      const ratio = raw.seconds / ours.seconds;
      worst = Math.min(worst, ratio);
      console.log(`  ${format}: ${(b.bytes / 1e6).toFixed(0)} MB in ${b.files.toLocaleString('en')} file${b.files === 1 ? '' : 's'}, same bytes as the raw limit: ${a.hash === b.hash ? 'yes' : 'NO'}`);
      console.log(`    raw limit:  ${rate(raw.documents, raw.seconds)} docs/s, ${rate(raw.spans, raw.seconds)} spans/s (${raw.seconds.toFixed(1)} s, peak RSS ${raw.maxRssMb.toFixed(0)} MB)`);
      console.log(`    spanbench:  ${rate(ours.documents, ours.seconds)} docs/s, ${rate(ours.spans, ours.seconds)} spans/s (${ours.seconds.toFixed(1)} s, peak RSS ${ours.maxRssMb.toFixed(0)} MB)`);
      console.log(`    ratio:      ${ratio.toFixed(2)} of the raw limit (target ≥ 0.50)`);
      if (a.hash !== b.hash) process.exitCode = 1;
      fs.rmSync(rawOut, { recursive: true, force: true });
      fs.rmSync(ourOut, { recursive: true, force: true });
    }
    console.log(`  lowest ratio: ${worst.toFixed(2)} (target ≥ 0.50)`);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

void main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
