/**
 * Fuzzing every importer (tests/fuzz/importers.ts) with generated nasty files and random
 * inputs (fast-check, fixed seed). For each input:
 * - the pure parser gives a clear error (problems naming the file, with a reason) or articles,
 *   and never throws; the streaming path cut at random places agrees with it;
 * - through services/corpusImport.ts into a real project: a refused file changes nothing
 *   (checksum of every row before and after), an accepted one stores exactly the parsed
 *   articles (byte-exact text), never half a file; the project stays consistent.
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { insertDocument } from '../../db/documentsRepo';
import type { ProjectDb } from '../../db/open';
import { importCorpus } from '../../services/corpusImport';
import { ensureProject } from '../../services/project';
import { checkProject } from '../../services/projectCheck';
import { IMPORTERS, type ImporterUnderTest, type ParseOutcome } from './importers';
import { nastyFiles } from './nastyFiles';

const SEED = 20_261_126;
const RUNS_PER_IMPORTER = 300;

const workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'spanbench-fuzz-'));
let db: ProjectDb;
let tried = 0;

beforeAll(async () => {
  const opened = await ensureProject(path.join(workDir, 'fuzz.sqlite'), { withSample: true });
  db = opened.db;
  db.transaction(() => insertDocument(db, { title: 'Existing', text: 'Existing text with a span 👋.' }))();
  db.prepare("INSERT INTO spans (document_id, label_id, start, end, text, created_at, updated_at) VALUES (2, 1, 0, 8, 'Existing', 'x', 'x')").run();
});

afterAll(() => {
  db?.close();
  fs.rmSync(workDir, { recursive: true, force: true });
  console.log(`fuzz: ${tried.toLocaleString('en')} inputs tried`);
});

/** A checksum of every row the project holds. */
function checksum(): string {
  const hash = createHash('sha256');
  for (const table of ['settings', 'labels', 'documents', 'spans', 'relations', 'changes']) {
    for (const row of db.prepare(`SELECT * FROM ${table} ORDER BY rowid`).iterate()) hash.update(JSON.stringify(row));
  }
  return hash.digest('hex');
}

const maxDocumentId = () => (db.prepare('SELECT coalesce(max(id), 0) AS n FROM documents').get() as { n: number }).n;

function expectClearProblems(outcome: { problems: Array<{ file: string; reason: string }> }, file: string): void {
  expect(outcome.problems.length).toBeGreaterThan(0);
  for (const problem of outcome.problems) {
    expect(problem.file).toBe(file);
    expect(typeof problem.reason).toBe('string');
    expect(problem.reason.length).toBeGreaterThan(3);
  }
}

/** Runs one input through an importer; returns the parse outcome for any further checks. */
function tryInput(importer: ImporterUnderTest, name: string, bytes: Uint8Array, cuts: number[] = []): ParseOutcome {
  tried++;
  const file = path.join(workDir, name);
  const parsed = importer.parse(file, bytes);
  if (parsed.refused) {
    expect(parsed.texts).toEqual([]);
    expectClearProblems(parsed, file);
  }
  for (const text of parsed.texts) expect(typeof text).toBe('string');
  if (importer.parseInChunks && cuts.length > 0) {
    const chunked = importer.parseInChunks(file, bytes, cuts);
    expect({ refused: chunked.refused, texts: chunked.texts }).toEqual({ refused: parsed.refused, texts: parsed.texts });
  }

  fs.writeFileSync(file, bytes);
  const before = checksum();
  const firstNew = maxDocumentId() + 1;
  const labelsBefore = (db.prepare('SELECT coalesce(max(id), 0) AS n FROM labels').get() as { n: number }).n;
  const imported = importer.importFile(db, file);
  fs.rmSync(file);
  if (imported.refused || parsed.refused || parsed.texts.length === 0) {
    // Refused (or nothing to store): not one row changed.
    expect(checksum()).toBe(before);
    if (imported.refused) expectClearProblems(imported, file);
  } else {
    const stored = db.prepare('SELECT text FROM documents WHERE id >= ? ORDER BY id').all(firstNew) as Array<{ text: string }>;
    // All of the file or nothing: exactly the articles the parser found, byte for byte.
    expect(stored.map((row) => row.text)).toEqual(parsed.texts);
    expect(imported.imported).toBe(parsed.texts.length);
    db.prepare('DELETE FROM documents WHERE id >= ?').run(firstNew);
    // Annotated imports add the labels they bring; those go with their documents.
    db.prepare('DELETE FROM labels WHERE id > ?').run(labelsBefore);
    expect(checksum()).toBe(before);
  }
  expect(imported.refused).toBe(parsed.refused);
  return parsed;
}

describe('fuzz: generated nasty files', () => {
  for (const nasty of nastyFiles()) {
    it(`${nasty.name}`, () => {
      const importer = IMPORTERS.find((i) => i.name === `article ${nasty.format}`)!;
      const parsed = tryInput(importer, nasty.name, nasty.bytes, [1, 7, 4096, nasty.bytes.length >> 1]);
      nasty.expect?.(parsed, db);
    });
  }

  it('files named with right-to-left overrides and control characters import under auto-detection', () => {
    for (const name of ['report\u202etxt.jsonl', 'evil\u202egpj.csv', 'a\u2066b\u2069.txt', 'new\nline.md', ' leading space.html']) {
      tried++;
      const file = path.join(workDir, name);
      fs.writeFileSync(file, name.endsWith('.csv') ? 'text\n"A \u202e field"\n' : name.endsWith('.jsonl') ? '{"text":"A \\u202e field"}\n' : 'A \u202e field\n');
      const before = maxDocumentId();
      const summary = importCorpus(db, [file], { format: 'auto', onDuplicate: 'keep', skipInvalid: false });
      expect(summary.imported, name).toBe(1);
      const row = db.prepare('SELECT text FROM documents WHERE id > ?').get(before) as { text: string };
      expect(row.text).toContain('\u202e');
      db.prepare('DELETE FROM documents WHERE id > ?').run(before);
      fs.rmSync(file);
    }
  });
});

describe('half characters in annotation files', () => {
  // A JSON escape such as "\ud800" is half a character: SQLite would store bytes that are not
  // UTF-8 and `spanbench check` would then fail on every span of the document.
  const header = '{"format":"spanbench","version":1,"offsets":"codepoint"}';
  const cases: Array<[format: 'doccano' | 'spanbench' | 'prodigy' | 'labelstudio' | 'w3c', extension: string, content: string, line: number, reason: string]> = [
    ['doccano', 'jsonl', '{"text":"fine","label":[]}\n{"text":"x\\ud800y Agency","label":[[4,10,"Agency"]]}\n', 2, '"text" contains an unpaired surrogate (\\ud800) at character 1'],
    ['spanbench', 'jsonl', `${header}\n{"text":"fine"}\n{"text":"x\\udc00y Agency","spans":[{"label":"Agency","start":4,"end":10}]}\n`, 3, '"text" contains an unpaired surrogate (\\udc00) at character 1'],
    ['prodigy', 'jsonl', '{"text":"fine"}\n{"text":"x\\udbffy Agency","spans":[{"start":4,"end":10,"label":"Agency"}]}\n', 2, '"text" contains an unpaired surrogate (\\udbff) at character 1'],
    [
      'labelstudio',
      'json',
      '[\n{"data":{"text":"fine"}},\n{"data":{"text":"x\\udfffy Agency"},"annotations":[{"result":[{"id":"r","type":"labels","value":{"start":4,"end":10,"labels":["Agency"]}}]}]}\n]\n',
      3,
      '"data.text" contains an unpaired surrogate (\\udfff) at character 1',
    ],
    ['doccano', 'jsonl', '{"text":"fine","label":[]}\n{"text":"The Agency","title":"t\\ud800","label":[[4,10,"Agency"]]}\n', 2, '"title" contains an unpaired surrogate (\\ud800)'],
    ['doccano', 'jsonl', '{"text":"fine","label":[]}\n{"text":"The Agency","label":[[4,10,"Ag\\udc00"]]}\n', 2, '"label" contains an unpaired surrogate (\\udc00)'],
    [
      'w3c',
      'jsonld',
      '[\n{"id":"a1","body":{"purpose":"tagging","value":"Ag\\ud800"},"target":{"source":"t.txt","selector":{"type":"TextPositionSelector","start":4,"end":10}}}\n]\n',
      2,
      'span a1: "label" contains an unpaired surrogate (\\ud800)',
    ],
  ];
  for (const [format, extension, content, line, reason] of cases) {
    it(`${format}: ${reason.replace(/ contains.*/, '')} holding half a character refuses the whole file`, () => {
      tried++;
      // A folder of its own: the W3C import reads texts beside the file.
      const folder = fs.mkdtempSync(path.join(workDir, 'half-'));
      const file = path.join(folder, `half.${extension}`);
      fs.writeFileSync(file, content);
      fs.writeFileSync(path.join(folder, 't.txt'), 'The Agency');
      const before = checksum();
      const summary = importCorpus(db, [file], { format, onDuplicate: 'keep', skipInvalid: false });
      fs.rmSync(folder, { recursive: true });
      expect(summary.imported).toBe(0);
      expect(summary.files[0]).toMatchObject({ refused: true });
      expect(summary.files[0]!.problems).toContainEqual({ file, line, reason: expect.stringContaining(`${reason}: that is half a character, not text`) });
      expect(checksum()).toBe(before);
    });
  }

  it('a title cut from a long first line keeps an emoji at the cut whole', () => {
    tried++;
    const file = path.join(workDir, 'long-title.jsonl');
    const text = `${'a'.repeat(118)}👋${'b'.repeat(20)}`;
    fs.writeFileSync(file, `${JSON.stringify({ text, label: [] })}\n`);
    const before = maxDocumentId();
    const summary = importCorpus(db, [file], { format: 'doccano', onDuplicate: 'keep', skipInvalid: false });
    fs.rmSync(file);
    expect(summary.imported).toBe(1);
    const row = db.prepare('SELECT title, text FROM documents WHERE id > ?').get(before) as { title: string; text: string };
    expect(row).toEqual({ title: `${'a'.repeat(118)}👋…`, text });
    db.prepare('DELETE FROM documents WHERE id > ?').run(before);
  });
});

describe('fuzz: random inputs per importer', () => {
  for (const importer of IMPORTERS) {
    it(`${importer.name}: ${RUNS_PER_IMPORTER} inputs, never a crash, a half import or a change when refused`, () => {
      let n = 0;
      fc.assert(
        fc.property(importer.arbitrary, fc.array(fc.nat(), { maxLength: 4 }), (bytes, cuts) => {
          tryInput(importer, `input-${n++}.${importer.extension}`, bytes, cuts);
        }),
        { seed: SEED, numRuns: RUNS_PER_IMPORTER, endOnFailure: true },
      );
    });
  }

  it('leaves the project consistent after everything', () => {
    expect(checkProject(db)).toMatchObject({ ok: true });
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});
