/**
 * An annotation file whose text is already in the project: skipped with its annotations counted
 * as left out (the default), or merged into the document already there (`onDuplicate: 'merge'`).
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { listLabels } from '../db/labelsRepo';
import type { ProjectDb } from '../db/open';
import { tempDir } from '../tests/unit/helpers';
import { runExport } from './annotationExport';
import { importCorpus, type CorpusImportOptions } from './corpusImport';
import { ensureProject } from './project';

const fixtures = path.resolve(__dirname, '../../shared/fixtures');
const labelStudio = path.join(fixtures, 'label-studio', 'named_entity');
const haveFixtures = fs.existsSync(path.join(labelStudio, 'tasks.json'));

async function newProject(): Promise<ProjectDb> {
  return (await ensureProject(path.join(tempDir(), 'p.sqlite'), { withSample: false })).db;
}

function importFiles(db: ProjectDb, paths: string[], options: Partial<CorpusImportOptions> = {}) {
  return importCorpus(db, paths, { format: 'auto', onDuplicate: 'skip', skipInvalid: false, ...options });
}

function count(db: ProjectDb, table: 'documents' | 'spans' | 'relations' | 'changes'): number {
  return (db.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n;
}

function spans(db: ProjectDb) {
  return db
    .prepare('SELECT spans.id, labels.name AS label, start, end, spans.text, fragments FROM spans JOIN labels ON labels.id = spans.label_id ORDER BY start, end, spans.id')
    .all() as Array<{ id: number; label: string; start: number; end: number; text: string; fragments: string | null }>;
}

function relations(db: ProjectDb) {
  return db.prepare('SELECT type, from_span_id AS fromId, to_span_id AS toId FROM relations ORDER BY id').all() as Array<{ type: string; fromId: number; toId: number }>;
}

describe.skipIf(!haveFixtures)('Label Studio: the tasks, then the annotated task', () => {
  it('skips the annotated task by default and says how many spans it left out', async () => {
    const db = await newProject();
    importFiles(db, [path.join(labelStudio, 'tasks.json')]);
    expect(count(db, 'documents')).toBe(1);
    const summary = importFiles(db, [path.join(labelStudio, 'annotations', '1.json')]);
    expect(count(db, 'spans')).toBe(0);
    expect(summary).toMatchObject({ imported: 0, duplicates: 1, duplicateSpans: 1, duplicateRelations: 0, merged: 0, spans: 0 });
    expect(summary.files[0]).toMatchObject({ duplicates: 1, duplicateSpans: 1 });
    expect(summary.files[0]!.duplicateNotes).toEqual([expect.objectContaining({ existingDocumentId: 1, merged: false, spans: 1, relations: 0 })]);
    // Nothing was created for the spans left out.
    expect(listLabels(db).map((label) => label.name)).toEqual(['Agency', 'Decision', 'PlannedEvent']);
    db.close();
  });

  it('merges its spans into the document already there, once, as an import (no undo entry)', async () => {
    const db = await newProject();
    importFiles(db, [path.join(labelStudio, 'tasks.json')]);
    const merged = importFiles(db, [path.join(labelStudio, 'annotations', '1.json')], { onDuplicate: 'merge' });
    expect(merged).toMatchObject({ imported: 0, duplicates: 0, duplicateSpans: 0, merged: 1, spans: 1, spansAlreadyThere: 0 });
    expect(merged.files[0]!.duplicateNotes).toEqual([expect.objectContaining({ existingDocumentId: 1, merged: true, spans: 1 })]);
    expect(count(db, 'documents')).toBe(1);
    expect(spans(db)).toEqual([expect.objectContaining({ label: 'Date', start: 343, end: 354, text: 'February 22' })]);
    // The first span moves a new document on, as in the app; an import is no edit to undo.
    expect((db.prepare('SELECT status FROM documents').get() as { status: string }).status).toBe('in_progress');
    expect(count(db, 'changes')).toBe(0);

    const again = importFiles(db, [path.join(labelStudio, 'annotations', '1.json')], { onDuplicate: 'merge' });
    expect(again).toMatchObject({ merged: 1, spans: 0, spansAlreadyThere: 1 });
    expect(count(db, 'spans')).toBe(1);
    db.close();
  });

  it('an article file with merge skips its duplicates, as skip does (it has no annotations)', async () => {
    const db = await newProject();
    const file = path.join(tempDir(), 'articles.jsonl');
    fs.writeFileSync(file, `${JSON.stringify({ text: 'NATO met the CSTO.' })}\n`);
    importFiles(db, [file]);
    const summary = importFiles(db, [file], { onDuplicate: 'merge' });
    expect(summary).toMatchObject({ imported: 0, duplicates: 1, duplicateSpans: 0, merged: 0 });
    expect(count(db, 'documents')).toBe(1);
    db.close();
  });
});

describe('brat round trip: export, edit the .ann in brat, import it back with merge', () => {
  const text = 'NATO met the CSTO in Minsk on Friday.';
  const ann = ['T1\tAgency 0 4\tNATO', 'T2\tAgency 13 17\tCSTO', 'T3\tPlannedEvent 30 36\tFriday', 'R1\tmeets Arg1:T1 Arg2:T2', ''].join('\n');

  async function annotatedProject() {
    const db = await newProject();
    const source = path.join(tempDir(), 'source');
    fs.mkdirSync(source);
    fs.writeFileSync(path.join(source, 'minsk.txt'), text);
    fs.writeFileSync(path.join(source, 'minsk.ann'), ann);
    const first = importFiles(db, [source]);
    expect(first, JSON.stringify(first.files.map((file) => file.problems))).toMatchObject({ imported: 1, spans: 3, relations: 1 });
    const out = path.join(tempDir(), 'brat-out');
    runExport(db, { format: 'brat', outPath: out });
    const annFile = fs.readdirSync(out).find((name) => name.endsWith('.ann'))!;
    return { db, out, annFile: path.join(out, annFile) };
  }

  /** The exported .ann's T id for the span over `covered`. */
  function bratId(annText: string, covered: string): string {
    const line = annText.split('\n').find((row) => row.startsWith('T') && row.endsWith(`\t${covered}`));
    return line!.split('\t')[0]!;
  }

  it('adds what was added in brat, leaves what was there, and ties new relations to the spans already there', async () => {
    const { db, out, annFile } = await annotatedProject();
    const before = spans(db);
    const exported = fs.readFileSync(annFile, 'utf8');
    // In brat: a new span over "Minsk", a second label over "NATO", a relation from the new span to
    // the CSTO span the project has, and everything exported left as it was.
    const csto = bratId(exported, 'CSTO');
    fs.writeFileSync(annFile, `${exported.trimEnd()}\nT90\tPlace 21 26\tMinsk\nT91\tDecision 0 4\tNATO\nR90\tlocated Arg1:${csto} Arg2:T90\n`);

    const merged = importFiles(db, [out], { onDuplicate: 'merge' });
    expect(merged.refusedFiles, JSON.stringify(merged.files.map((file) => file.problems))).toBe(0);
    expect(merged).toMatchObject({ imported: 0, merged: 1, spans: 2, spansAlreadyThere: 3, relations: 1, relationsAlreadyThere: 1, duplicates: 0 });
    expect(count(db, 'documents')).toBe(1);

    const after = spans(db);
    expect(after).toHaveLength(5);
    // The spans that were there keep their rows (and so their ids).
    for (const span of before) expect(after).toContainEqual(span);
    const minsk = after.find((span) => span.label === 'Place')!;
    expect(minsk).toMatchObject({ start: 21, end: 26, text: 'Minsk' });
    expect(after.filter((span) => span.text === 'NATO').map((span) => span.label).sort()).toEqual(['Agency', 'Decision']);
    const cstoId = before.find((span) => span.text === 'CSTO')!.id;
    const natoId = before.find((span) => span.text === 'NATO')!.id;
    expect(relations(db)).toEqual([
      { type: 'meets', fromId: natoId, toId: cstoId },
      { type: 'located', fromId: cstoId, toId: minsk.id },
    ]);
    db.close();
  });

  it('by default skips the document and counts the spans and relations the .ann had', async () => {
    const { db, out } = await annotatedProject();
    const skipped = importFiles(db, [out]);
    expect(skipped).toMatchObject({ imported: 0, duplicates: 1, duplicateSpans: 3, duplicateRelations: 1, spans: 0, relations: 0 });
    expect(count(db, 'spans')).toBe(3);
    db.close();
  });
});

describe('labels created by imports', () => {
  it('get a colour no label of the project has, import after import', async () => {
    const db = await newProject();
    const dir = tempDir();
    // Twelve imports of one new label each: more than the old ten-colour cycle had.
    for (let n = 0; n < 12; n++) {
      const file = path.join(dir, `labels-${n}.jsonl`);
      fs.writeFileSync(file, `${JSON.stringify({ text: `Document ${n} names the CSTO.`, label: [[0, 8, `Kind${n}`]] })}\n`);
      const summary = importFiles(db, [file], { format: 'doccano' });
      expect(summary.labelsCreated).toEqual([`Kind${n}`]);
    }
    const colours = listLabels(db).map((label) => label.color.toLowerCase());
    expect(colours).toHaveLength(15);
    expect(new Set(colours).size).toBe(15);
    db.close();
  });
});
