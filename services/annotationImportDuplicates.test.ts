/**
 * A file that holds the same span twice (same document, label, start, end and fragments, as brat
 * .ann files and Label Studio exports sometimes do) stores it once, as the app does when the same
 * label is put over the very same words again; relations naming the repeat attach to the span kept.
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { summaryLines } from '../cli/corpusCommands';
import type { ProjectDb } from '../db/open';
import { tempDir } from '../tests/unit/helpers';
import { importCorpus, type CorpusImportOptions } from './corpusImport';
import { ensureProject } from './project';

const TEXT = 'NATO met the CSTO in Minsk on Friday.';
const SPAN_WARNING = '1 duplicate span (same label over the same characters) was stored once';

async function newProject(): Promise<ProjectDb> {
  return (await ensureProject(path.join(tempDir(), 'p.sqlite'), { withSample: false })).db;
}

function importFiles(db: ProjectDb, paths: string[], options: Partial<CorpusImportOptions> = {}) {
  return importCorpus(db, paths, { format: 'auto', onDuplicate: 'skip', skipInvalid: false, ...options });
}

function spans(db: ProjectDb) {
  return db
    .prepare('SELECT spans.id, labels.name AS label, start, end, fragments, note, attributes FROM spans JOIN labels ON labels.id = spans.label_id ORDER BY start, end, spans.id')
    .all() as Array<{ id: number; label: string; start: number; end: number; fragments: string | null; note: string | null; attributes: string }>;
}

function relations(db: ProjectDb) {
  return db.prepare('SELECT type, from_span_id AS fromId, to_span_id AS toId FROM relations ORDER BY id').all() as Array<{ type: string; fromId: number; toId: number }>;
}

function spanCount(db: ProjectDb): number {
  return (db.prepare('SELECT count(*) AS n FROM spans').get() as { n: number }).n;
}

function idOf(db: ProjectDb, label: string, start: number): number {
  return spans(db).find((span) => span.label === label && span.start === start)!.id;
}

function bratPair(name: string, ann: string[]): string {
  const dir = path.join(tempDir(), name);
  fs.mkdirSync(dir);
  fs.writeFileSync(path.join(dir, `${name}.txt`), TEXT);
  fs.writeFileSync(path.join(dir, `${name}.ann`), [...ann, ''].join('\n'));
  return dir;
}

function writeFile(name: string, content: string): string {
  const file = path.join(tempDir(), name);
  fs.writeFileSync(file, content);
  return file;
}

function reasons(summary: ReturnType<typeof importFiles>): string[] {
  return summary.files.flatMap((file) => file.warnings.map((warning) => warning.reason));
}

describe('brat: two identical T lines', () => {
  it('stores the span once and ties the R line naming the second T to it', async () => {
    const db = await newProject();
    const dir = bratPair('minsk', ['T1\tAgency 0 4\tNATO', 'T2\tAgency 13 17\tCSTO', 'T5\tAgency 0 4\tNATO', 'R1\tmeets Arg1:T5 Arg2:T2']);
    const summary = importFiles(db, [dir]);
    expect(summary.refusedFiles, JSON.stringify(summary.files.map((file) => file.problems))).toBe(0);
    expect(summary).toMatchObject({ imported: 1, spans: 2, relations: 1 });
    expect(spans(db).map(({ label, start, end }) => ({ label, start, end }))).toEqual([
      { label: 'Agency', start: 0, end: 4 },
      { label: 'Agency', start: 13, end: 17 },
    ]);
    expect(relations(db)).toEqual([{ type: 'meets', fromId: idOf(db, 'Agency', 0), toId: idOf(db, 'Agency', 13) }]);
    expect(summary.files[0]!.warnings).toEqual([{ file: summary.files[0]!.file, reason: SPAN_WARNING }]);
    expect(summary.files[0]!.warningCount).toBe(1);
    db.close();
  });

  it('stores once a relation that names the repeat and so repeats another, and counts each kind in its own warning', async () => {
    const db = await newProject();
    const dir = bratPair('minsk', [
      'T1\tAgency 0 4\tNATO',
      'T2\tAgency 13 17\tCSTO',
      'T3\tPlace 21 23;24 26\tMi sk',
      'T4\tPlace 21 23;24 26\tMi sk',
      'T5\tAgency 0 4\tNATO',
      'T6\tDecision 0 4\tNATO',
      'R1\tmeets Arg1:T1 Arg2:T2',
      'R2\tmeets Arg1:T5 Arg2:T2',
      'R3\tlocated Arg1:T2 Arg2:T4',
    ]);
    const summary = importFiles(db, [dir]);
    expect(summary.refusedFiles, JSON.stringify(summary.files.map((file) => file.problems))).toBe(0);
    // Another label over the same words is a span of its own; the same fragments are the same span.
    expect(summary).toMatchObject({ spans: 4, relations: 2 });
    expect(spans(db).map(({ label, start, fragments }) => [label, start, fragments])).toEqual([
      ['Agency', 0, null],
      ['Decision', 0, null],
      ['Agency', 13, null],
      ['Place', 21, '[[21,23],[24,26]]'],
    ]);
    expect(relations(db)).toEqual([
      { type: 'meets', fromId: idOf(db, 'Agency', 0), toId: idOf(db, 'Agency', 13) },
      { type: 'located', fromId: idOf(db, 'Agency', 13), toId: idOf(db, 'Place', 21) },
    ]);
    expect(reasons(summary)).toEqual([
      '2 duplicate spans (same label over the same characters) were stored once',
      '1 duplicate relation (same type between the same spans) was stored once',
    ]);
    db.close();
  });

  it("keeps the first span's note and attributes and names the repeat whose own were left out", async () => {
    const db = await newProject();
    const dir = bratPair('minsk', [
      'T1\tAgency 0 4\tNATO',
      'T5\tAgency 0 4\tNATO',
      'T7\tAgency 0 4\tNATO',
      'A1\tNegated T5',
      '#1\tAnnotatorNotes T1\tthe alliance',
      '#2\tAnnotatorNotes T7\tthe alliance',
    ]);
    const summary = importFiles(db, [dir]);
    expect(spans(db)).toEqual([expect.objectContaining({ label: 'Agency', start: 0, end: 4, note: 'the alliance', attributes: '{}' })]);
    // T7's note is the one kept: only T5 said something the kept span does not.
    expect(reasons(summary)).toEqual([
      '2 duplicate spans (same label over the same characters) were stored once',
      "1 span repeating one already stored carried a note or attributes it lacks; the stored span's were kept and theirs left out: T5 Agency [0, 4)",
    ]);
    db.close();
  });
});

describe('a relation from a span to itself', () => {
  const SELF_LINK_WARNING = '1 relation from a span to itself (or to a copy of it) was left out';

  it('brat: a relation between two copies of one span, stored as one, is left out and counted', async () => {
    const db = await newProject();
    const dir = bratPair('minsk', ['T1\tAgency 0 4\tNATO', 'T2\tAgency 0 4\tNATO', 'T3\tPlace 21 26\tMinsk', 'R1\tsame Arg1:T1 Arg2:T2', 'R2\tlocated Arg1:T2 Arg2:T3']);
    const summary = importFiles(db, [dir]);
    expect(summary.refusedFiles, JSON.stringify(summary.files.map((file) => file.problems))).toBe(0);
    expect(summary).toMatchObject({ spans: 2, relations: 1 });
    expect(relations(db)).toEqual([{ type: 'located', fromId: idOf(db, 'Agency', 0), toId: idOf(db, 'Place', 21) }]);
    expect(reasons(summary)).toEqual([SPAN_WARNING, SELF_LINK_WARNING]);
    expect(summary.files[0]!.warningCount).toBe(2);
    db.close();
  });

  it('brat and doccano: a relation naming one span at both ends is left out, with a count per file', async () => {
    const db = await newProject();
    const brat = importFiles(db, [bratPair('minsk', ['T1\tAgency 0 4\tNATO', 'T2\tAgency 13 17\tCSTO', 'R1\tsame Arg1:T1 Arg2:T1', 'R2\tsame Arg1:T2 Arg2:T2'])]);
    expect(brat).toMatchObject({ spans: 2, relations: 0 });
    expect(reasons(brat)).toEqual(['2 relations from a span to itself (or to a copy of it) were left out']);
    const record = { text: `${TEXT} Again.`, entities: [{ id: 1, label: 'Agency', start_offset: 0, end_offset: 4 }], relations: [{ id: 1, from_id: 1, to_id: 1, type: 'same' }] };
    const doccano = importFiles(db, [writeFile('data.jsonl', `${JSON.stringify(record)}\n`)], { format: 'doccano' });
    expect(doccano).toMatchObject({ spans: 1, relations: 0 });
    expect(reasons(doccano)).toEqual([SELF_LINK_WARNING]);
    expect(db.prepare('SELECT count(*) AS n FROM relations WHERE from_span_id = to_span_id').get()).toEqual({ n: 0 });
    db.close();
  });
});

describe('JSON formats with a span twice', () => {
  it('Label Studio: two annotators marking the same region store it once, their relations on it', async () => {
    const db = await newProject();
    const region = (id: string) => ({ id, type: 'labels', from_name: 'label', to_name: 'text', value: { start: 0, end: 4, text: 'NATO', labels: ['Agency'] } });
    const csto = { id: 'c', type: 'labels', from_name: 'label', to_name: 'text', value: { start: 13, end: 17, text: 'CSTO', labels: ['Agency'] } };
    const task = {
      id: 7,
      data: { text: TEXT },
      annotations: [
        { id: 1, result: [region('a'), csto] },
        { id: 2, result: [region('b'), csto, { type: 'relation', from_id: 'b', to_id: 'c', direction: 'right', labels: ['meets'] }] },
      ],
    };
    const summary = importFiles(db, [writeFile('tasks.json', JSON.stringify([task]))], { format: 'labelstudio' });
    expect(summary.refusedFiles, JSON.stringify(summary.files.map((file) => file.problems))).toBe(0);
    expect(summary).toMatchObject({ imported: 1, spans: 2, relations: 1 });
    expect(spanCount(db)).toBe(2);
    expect(relations(db)).toEqual([{ type: 'meets', fromId: idOf(db, 'Agency', 0), toId: idOf(db, 'Agency', 13) }]);
    expect(reasons(summary)).toEqual(['2 duplicate spans (same label over the same characters) were stored once']);
    db.close();
  });

  it('doccano: a repeated entity is stored once per document, and its relation attaches to the first', async () => {
    const db = await newProject();
    const record = (text: string) => ({
      text,
      entities: [
        { id: 1, label: 'Agency', start_offset: 0, end_offset: 4 },
        { id: 2, label: 'Agency', start_offset: 13, end_offset: 17 },
        { id: 3, label: 'Agency', start_offset: 0, end_offset: 4 },
      ],
      relations: [{ id: 1, from_id: 3, to_id: 2, type: 'meets' }],
    });
    // The same span in two documents is two spans: identity is per document.
    const file = writeFile('data.jsonl', `${JSON.stringify(record(TEXT))}\n${JSON.stringify(record(`${TEXT} Again.`))}\n`);
    const summary = importFiles(db, [file], { format: 'doccano' });
    expect(summary.refusedFiles, JSON.stringify(summary.files.map((file) => file.problems))).toBe(0);
    expect(summary).toMatchObject({ imported: 2, spans: 4, relations: 2 });
    const perDocument = db.prepare('SELECT document_id AS documentId, count(*) AS n FROM spans GROUP BY document_id').all() as Array<{ n: number }>;
    expect(perDocument.map((row) => row.n)).toEqual([2, 2]);
    for (const relation of relations(db)) {
      const from = db.prepare('SELECT start FROM spans WHERE id = ?').get(relation.fromId) as { start: number };
      expect(from.start).toBe(0);
    }
    expect(reasons(summary)).toEqual(['2 duplicate spans (same label over the same characters) were stored once']);
    db.close();
  });
});

describe('adding to a document already in the project', () => {
  it('merge: a span the document has, named twice by the file, is not added; a new one named twice is added once', async () => {
    const db = await newProject();
    importFiles(db, [bratPair('first', ['T1\tAgency 0 4\tNATO', 'T2\tAgency 13 17\tCSTO'])]);
    const before = spans(db);
    const again = bratPair('again', [
      'T1\tAgency 0 4\tNATO',
      'T8\tAgency 0 4\tNATO',
      'T2\tAgency 13 17\tCSTO',
      'T90\tPlace 21 26\tMinsk',
      'T91\tPlace 21 26\tMinsk',
      'R1\tlocated Arg1:T8 Arg2:T91',
      '#1\tAnnotatorNotes T8\tin Brussels',
    ]);
    const merged = importFiles(db, [again], { onDuplicate: 'merge' });
    expect(merged.refusedFiles, JSON.stringify(merged.files.map((file) => file.problems))).toBe(0);
    expect(merged).toMatchObject({ merged: 1, spans: 1, spansAlreadyThere: 3, relations: 1 });
    const after = spans(db);
    expect(after).toHaveLength(3);
    for (const span of before) expect(after).toContainEqual(span);
    expect(relations(db)).toEqual([{ type: 'located', fromId: idOf(db, 'Agency', 0), toId: idOf(db, 'Place', 21) }]);
    expect(reasons(merged)).toEqual([
      SPAN_WARNING,
      "1 span repeating one already stored carried a note or attributes it lacks; the stored span's were kept and theirs left out: T8 Agency [0, 4)",
    ]);
    db.close();
  });

  it('merge: values that came back as text from brat are not taken for attributes the span lacks', async () => {
    const db = await newProject();
    const header = JSON.stringify({ format: 'spanbench', version: 1, offsets: 'codepoint' });
    const record = { id: 1, text: TEXT, spans: [{ key: 's1', label: 'Agency', start: 0, end: 4, attributes: { confidence: 3, checked: true } }], relations: [] };
    importFiles(db, [writeFile('project.jsonl', `${header}\n${JSON.stringify(record)}\n`)], { format: 'spanbench' });
    const merged = importFiles(db, [bratPair('back', ['T1\tAgency 0 4\tNATO', 'A1\tconfidence T1 3', 'A2\tchecked T1'])], { onDuplicate: 'merge' });
    expect(merged).toMatchObject({ merged: 1, spans: 0, spansAlreadyThere: 1 });
    expect(reasons(merged)).toEqual([]);
    db.close();
  });

  it('CSV rows: a span the document has, or a row repeated, is not stored twice', async () => {
    const db = await newProject();
    importFiles(db, [writeFile('article.jsonl', `${JSON.stringify({ text: TEXT, id: 'minsk' })}\n`)]);
    const rows = 'document_id,label,start,end\nminsk,Agency,0,4\nminsk,Agency,0,4\nminsk,Agency,13,17\n';
    const first = importFiles(db, [writeFile('spans.csv', rows)], { format: 'csv' });
    expect(first.refusedFiles, JSON.stringify(first.files.map((file) => file.problems))).toBe(0);
    expect(first).toMatchObject({ spans: 2 });
    expect(reasons(first)).toEqual([SPAN_WARNING]);
    const second = importFiles(db, [writeFile('spans.csv', rows)], { format: 'csv' });
    expect(second).toMatchObject({ spans: 0, spansAlreadyThere: 3 });
    expect(spanCount(db)).toBe(2);
    db.close();
  });

  it('CSV rows: a repeat carrying a note the kept row lacks is named by its own row', async () => {
    const db = await newProject();
    importFiles(db, [writeFile('article.jsonl', `${JSON.stringify({ text: TEXT, id: 'minsk' })}\n`)]);
    const rows = 'document_id,label,start,end,note\nminsk,Agency,0,4,\nminsk,Agency,13,17,\nminsk,Agency,0,4,the alliance\n';
    const summary = importFiles(db, [writeFile('spans.csv', rows)], { format: 'csv' });
    expect(reasons(summary)).toEqual([
      SPAN_WARNING,
      "1 span repeating one already stored carried a note or attributes it lacks; the stored span's were kept and theirs left out: Agency [0, 4) (line 4)",
    ]);
    db.close();
  });
});

describe('the import summary', () => {
  it('prints the warning under the file, and a file without repeats has none', async () => {
    const db = await newProject();
    const summary = importFiles(db, [bratPair('minsk', ['T1\tAgency 0 4\tNATO', 'T5\tAgency 0 4\tNATO'])]);
    expect(summaryLines(summary)).toContain(`  warning: ${summary.files[0]!.file}: ${SPAN_WARNING}`);
    // Ahead of the records' own warnings, so that the report's first warnings always hold it.
    const withEvent = importFiles(db, [bratPair('event', ['T1\tAgency 0 4\tNATO', 'T5\tAgency 0 4\tNATO', 'T3\tMeeting 5 8\tmet', 'E1\tMeeting:T3 Agent:T1'])], { onDuplicate: 'keep' });
    expect(reasons(withEvent)).toHaveLength(2);
    expect(reasons(withEvent)[0]).toBe(SPAN_WARNING);
    const clean = importFiles(db, [bratPair('clean', ['T1\tAgency 0 4\tNATO', 'T2\tAgency 13 17\tCSTO'])], { onDuplicate: 'keep' });
    expect(clean.files[0]!.warnings).toEqual([]);
    db.close();
  });

  it('a refused file reports no repeats, since it stored nothing', async () => {
    const db = await newProject();
    // The first record is stored (and its repeat counted) before the second one refuses the file.
    const record = { text: TEXT, entities: [{ id: 1, label: 'Agency', start_offset: 0, end_offset: 4 }, { id: 2, label: 'Agency', start_offset: 0, end_offset: 4 }] };
    const summary = importFiles(db, [writeFile('data.jsonl', `${JSON.stringify(record)}\n{not json\n`)], { format: 'doccano' });
    expect(summary.refusedFiles).toBe(1);
    expect(spanCount(db)).toBe(0);
    expect(reasons(summary)).not.toContain(SPAN_WARNING);
    db.close();
  });
});
