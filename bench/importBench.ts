/**
 * Import benchmark (issue 3): 100,000 generated articles (~3 KB each) from JSONL,
 * Spanbench's importer against the raw limit — a minimal script that parses the same
 * lines and inserts the same rows (FTS included) with prepared statements in one
 * transaction — each in its own child process so peak memory is its own. Then search
 * latency over that corpus.
 *
 * Usage: node dist/bench/importBench.cjs [--docs N] [--memory-gb G]
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { codePointLength } from '../core/offsets';
import { sha256Hex } from '../db/documentsRepo';
import { openProject } from '../db/open';
import { importCorpus } from '../services/corpusImport';
import { ensureProject } from '../services/project';
import { createProjectService } from '../services/projectService';
import { articleRecord, prng } from './generate';

const { values } = parseArgs({
  options: {
    docs: { type: 'string', default: '100000' },
    'memory-gb': { type: 'string', default: '1' },
    role: { type: 'string' },
    file: { type: 'string' },
    project: { type: 'string' },
  },
});

function writeCorpus(file: string, docs: number, seed = 7): number {
  const random = prng(seed);
  const fd = fs.openSync(file, 'w');
  let batch: string[] = [];
  for (let i = 0; i < docs; i++) {
    batch.push(articleRecord(random, i));
    if (batch.length === 1000) {
      fs.writeSync(fd, batch.join('\n') + '\n');
      batch = [];
    }
  }
  if (batch.length) fs.writeSync(fd, batch.join('\n') + '\n');
  fs.closeSync(fd);
  return fs.statSync(file).size;
}

/** The raw limit: read, parse, insert — nothing else. */
async function rawImport(file: string, project: string): Promise<number> {
  const opened = await ensureProject(project, { withSample: false });
  const db = opened.db;
  const insert = db.prepare(
    `INSERT INTO documents (external_id, title, source, url, published_at, language, metadata, text, sha256, length, status, created_at, updated_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'new', ?, ?)`,
  );
  const now = new Date().toISOString();
  let count = 0;
  const fd = fs.openSync(file, 'r');
  const buffer = Buffer.alloc(1 << 20);
  let rest = '';
  const decoder = new TextDecoder();
  db.exec('BEGIN IMMEDIATE');
  for (;;) {
    const read = fs.readSync(fd, buffer, 0, buffer.length, null);
    const text = rest + decoder.decode(buffer.subarray(0, read), { stream: read > 0 });
    const lines = text.split('\n');
    rest = read > 0 ? lines.pop()! : '';
    for (const line of lines) {
      if (!line) continue;
      const r = JSON.parse(line) as Record<string, string>;
      insert.run(r.id, r.title, r.source, null, r.published_at, r.language, '{}', r.text, sha256Hex(r.text!), codePointLength(r.text!), now, now);
      count++;
    }
    if (read === 0) break;
  }
  db.exec('COMMIT');
  fs.closeSync(fd);
  db.close();
  return count;
}

async function spanbenchImport(file: string, project: string): Promise<number> {
  const opened = await ensureProject(project, { withSample: false });
  const summary = importCorpus(opened.db, [file], { format: 'jsonl', onDuplicate: 'skip', skipInvalid: false });
  opened.db.close();
  if (summary.refusedFiles > 0) throw new Error(`import refused: ${JSON.stringify(summary.files[0]?.problems.slice(0, 3))}`);
  return summary.imported;
}

interface RoleResult {
  documents: number;
  seconds: number;
  maxRssMb: number;
}

async function runRole(): Promise<void> {
  const started = process.hrtime.bigint();
  const documents = values.role === 'raw' ? await rawImport(values.file!, values.project!) : await spanbenchImport(values.file!, values.project!);
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  const result: RoleResult = { documents, seconds, maxRssMb: process.resourceUsage().maxRSS / 1024 };
  process.stdout.write(JSON.stringify(result));
}

function child(role: string, file: string, project: string): RoleResult {
  fs.rmSync(project, { force: true });
  const out = execFileSync(process.execPath, [__filename, '--role', role, '--file', file, '--project', project], { encoding: 'utf8', maxBuffer: 1 << 20 });
  return JSON.parse(out) as RoleResult;
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

async function searchBench(project: string): Promise<{ median: number; p95: number; queries: number }> {
  const opened = await openProject(project, { readOnly: true });
  const service = createProjectService(opened);
  const queries = ['security', 'military cooperation', '"armed forces"', 'Bish*', 'ОДКБ', 'exhibition NOT Moscow', 'chairman OR minister', 'catalog*', 'Report 4242', 'café', 'معاهدة', 'development enterprises', 'the', 'kari*', 'Dushanbe summit'];
  const times: number[] = [];
  for (let round = 0; round < 10; round++) {
    for (const query of queries) {
      const t = process.hrtime.bigint();
      await service.handlers.searchDocuments({ query, limit: 50, offset: 0 });
      times.push(Number(process.hrtime.bigint() - t) / 1e6);
    }
  }
  service.close();
  times.sort((a, b) => a - b);
  return { median: percentile(times, 50), p95: percentile(times, 95), queries: times.length };
}

async function main(): Promise<void> {
  if (values.role) return runRole();
  const docs = Number(values.docs);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'spanbench-bench-'));
  try {
    const file = path.join(dir, 'corpus.jsonl');
    const bytes = writeCorpus(file, docs);
    console.log(`Import benchmark: ${docs.toLocaleString('en')} articles, ${(bytes / 1e6).toFixed(0)} MB JSONL`);
    const raw = child('raw', file, path.join(dir, 'raw.sqlite'));
    const ours = child('spanbench', file, path.join(dir, 'spanbench.sqlite'));
    const rawRate = raw.documents / raw.seconds;
    const ourRate = ours.documents / ours.seconds;
    console.log(`  raw limit:  ${Math.round(rawRate).toLocaleString('en')} docs/s (${raw.seconds.toFixed(1)} s, peak RSS ${raw.maxRssMb.toFixed(0)} MB)`);
    console.log(`  spanbench:  ${Math.round(ourRate).toLocaleString('en')} docs/s (${ours.seconds.toFixed(1)} s, peak RSS ${ours.maxRssMb.toFixed(0)} MB)`);
    console.log(`  ratio:      ${(ourRate / rawRate).toFixed(2)} of the raw limit (target ≥ 0.50)`);
    const search = await searchBench(path.join(dir, 'spanbench.sqlite'));
    console.log(`Search over ${ours.documents.toLocaleString('en')} documents: median ${search.median.toFixed(1)} ms, p95 ${search.p95.toFixed(1)} ms over ${search.queries} queries (target p95 < 50 ms)`);
    const gb = Number(values['memory-gb']);
    if (gb > 0) {
      const bigFile = path.join(dir, 'big.jsonl');
      const bigBytes = writeCorpus(bigFile, Math.round((gb * 1e9) / (bytes / docs)), 11);
      fs.rmSync(file);
      const big = child('spanbench', bigFile, path.join(dir, 'big.sqlite'));
      console.log(`Memory: importing ${(bigBytes / 1e9).toFixed(2)} GB of JSONL (${big.documents.toLocaleString('en')} docs) peaked at ${big.maxRssMb.toFixed(0)} MB RSS (target < 400 MB)`);
    }
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

void main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
