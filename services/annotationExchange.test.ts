import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { annotationFormats, type AnnotationFormat } from '../contract/api';
import { FORMATS } from '../core/formats/index';
import { insertDocument } from '../db/documentsRepo';
import { tempDir } from '../tests/unit/helpers';
import { runExport, splitOutputPath } from './annotationExport';
import { importCorpus } from './corpusImport';
import { exportDocuments, parseSplit, splitOf } from './exportData';
import { ensureProject } from './project';
import { createProjectService } from './projectService';

const TEXT = 'Hi 😀 Anna met\r\nthe CSTO in Минск 👨‍👩‍👧 today.\r\nالأمن matters.';

function offsets(text: string, phrase: string): { start: number; end: number } {
  const at = text.indexOf(phrase);
  const start = [...text.slice(0, at)].length;
  return { start, end: start + [...phrase].length };
}

async function projectWithSpans(dir: string) {
  const opened = await ensureProject(path.join(dir, 'source.sqlite'), { withSample: false });
  const service = createProjectService(opened);
  const id = insertDocument(opened.db, { text: TEXT, title: 'Unicode meeting', source: 'Test', publishedAt: '2020-11-27' });
  for (const [labelId, phrase] of [
    [1, 'Anna'],
    [1, 'CSTO'],
    [3, 'Минск'],
    [2, 'الأمن'],
  ] as const) {
    await service.handlers.createSpan({ documentId: id, labelId, ...offsets(TEXT, phrase) });
  }
  return { opened, service, id };
}

function spansOf(db: import('better-sqlite3').Database) {
  return db
    .prepare('SELECT labels.name AS label, start, end, spans.text FROM spans JOIN labels ON labels.id = spans.label_id ORDER BY start, end')
    .all() as Array<{ label: string; start: number; end: number; text: string }>;
}

describe('export then import, through the database, for every format', () => {
  for (const format of annotationFormats) {
    it(format, async () => {
      const dir = tempDir();
      const { opened, service } = await projectWithSpans(dir);
      const out = path.join(dir, FORMATS[format].output === 'folder' ? `out-${format}` : `out-${format}${FORMATS[format].extension}`);
      const summary = runExport(opened.db, { format, outPath: out });
      expect(summary.documents).toBe(1);
      expect(summary.spans).toBe(4);
      expect(fs.existsSync(out)).toBe(true);
      const expected = spansOf(opened.db);

      const target = await ensureProject(path.join(dir, 'target.sqlite'), { withSample: false });
      if (format === 'csv') {
        // Span rows attach to documents already in the project (named by id or external id).
        insertDocument(target.db, { text: TEXT, title: 'Unicode meeting', externalId: '1' });
      }
      const imported = importCorpus(target.db, [out], { format: format as AnnotationFormat, onDuplicate: 'skip', skipInvalid: false });
      expect(imported.refusedFiles, JSON.stringify(imported.files.map((f) => f.problems))).toBe(0);
      const texts = (target.db.prepare('SELECT text FROM documents').all() as Array<{ text: string }>).map((r) => r.text);
      if (format === 'conll') {
        // CoNLL keeps tokens, not spacing: the text comes back as tokens joined by spaces.
        expect(texts[0]).toContain('Минск');
      } else {
        expect(texts).toEqual([TEXT]);
      }
      const got = spansOf(target.db);
      expect(got.map((s) => [s.label, s.text])).toEqual(expected.map((s) => [s.label, s.text]));
      if (format !== 'conll') expect(got).toEqual(expected);
      target.db.close();
      service.close();
    });
  }
});

describe('brat and a text that begins with U+FEFF', () => {
  it('exports it as brat reads it (character 0) and reads it back onto the text without it', async () => {
    const dir = tempDir();
    const opened = await ensureProject(path.join(dir, 'source.sqlite'), { withSample: false });
    const service = createProjectService(opened);
    const text = '\uFEFFNATO met the CSTO.';
    const id = insertDocument(opened.db, { text, title: 'BOM' });
    await service.handlers.createSpan({ documentId: id, labelId: 1, start: 14, end: 18 });
    const out = path.join(dir, 'brat');
    runExport(opened.db, { format: 'brat', outPath: out });
    expect(fs.readFileSync(path.join(out, `${id}.ann`), 'utf8')).toBe('T1\tAgency 14 18\tCSTO\n');
    const target = await ensureProject(path.join(dir, 'target.sqlite'), { withSample: false });
    const imported = importCorpus(target.db, [out], { format: 'brat', onDuplicate: 'skip', skipInvalid: false });
    expect(imported.refusedFiles, JSON.stringify(imported.files.map((f) => f.problems))).toBe(0);
    // Read as a file, the leading U+FEFF is a byte order mark, and that is not part of a text.
    expect((target.db.prepare('SELECT text FROM documents').get() as { text: string }).text).toBe('NATO met the CSTO.');
    expect(spansOf(target.db)).toEqual([{ label: 'Agency', start: 13, end: 17, text: 'CSTO' }]);
    target.db.close();
    service.close();
  });
});

describe('export', () => {
  it('splits deterministically by document and writes one file per split', async () => {
    const dir = tempDir();
    const opened = await ensureProject(path.join(dir, 'p.sqlite'), { withSample: false });
    for (let i = 0; i < 60; i++) insertDocument(opened.db, { text: `Document ${i} about the CSTO.`, title: `D${i}` });
    const spec = parseSplit('train=0.8,dev=0.1,test=0.1', 7);
    const out = path.join(dir, 'data.jsonl');
    const summary = runExport(opened.db, { format: 'spanbench', outPath: out, split: spec });
    expect(Object.values(summary.splits!).reduce((a, b) => a + b, 0)).toBe(60);
    for (const name of ['train', 'dev', 'test']) expect(fs.existsSync(splitOutputPath(out, name, 'file'))).toBe(true);
    // The same seed gives the same assignment, whatever the order; another seed differs.
    const assignment = [...exportDocuments(opened.db)].map((d) => splitOf(spec, d.text));
    expect([...exportDocuments(opened.db)].reverse().map((d) => splitOf(spec, d.text)).reverse()).toEqual(assignment);
    expect([...exportDocuments(opened.db)].map((d) => splitOf(parseSplit('train=0.8,dev=0.1,test=0.1', 8), d.text))).not.toEqual(assignment);
    expect(() => parseSplit('train=0.8,dev=0.3', 1)).toThrow(/add up to/);
    opened.db.close();
  });

  it('selects by status and label, and leaves nothing behind when cancelled', async () => {
    const dir = tempDir();
    const { opened, service, id } = await projectWithSpans(dir);
    insertDocument(opened.db, { text: 'A second, untouched article.', title: 'New one' });
    const onlyInProgress = runExport(opened.db, { format: 'spanbench', outPath: path.join(dir, 'a.jsonl'), selection: { status: ['in_progress'], labels: ['Agency'] } });
    expect(onlyInProgress.documents).toBe(1);
    expect(onlyInProgress.spans).toBe(2);
    const cancelledOut = path.join(dir, 'cancelled.jsonl');
    const cancelled = runExport(opened.db, { format: 'spanbench', outPath: cancelledOut }, { isCancelled: () => true });
    expect(cancelled.cancelled).toBe(true);
    expect(fs.readdirSync(dir).filter((name) => name.startsWith('cancelled'))).toEqual([]);
    expect(id).toBeGreaterThan(0);
    service.close();
  });

  it("lists brat's labels in the project's order (the Labels dialog's), not by name", async () => {
    const dir = tempDir();
    const { opened, service } = await projectWithSpans(dir);
    const [agency, decision] = await service.handlers.listLabels({});
    await service.handlers.moveLabel({ id: agency!.id, toIndex: 2 });
    await service.handlers.moveLabel({ id: decision!.id, toIndex: 0 });
    const order = (await service.handlers.listLabels({})).map((label) => label.name);
    expect(order).toEqual(['Decision', 'PlannedEvent', 'Agency']);
    runExport(opened.db, { format: 'brat', outPath: path.join(dir, 'brat') });
    const conf = fs.readFileSync(path.join(dir, 'brat', 'annotation.conf'), 'utf8');
    expect(conf.split('[entities]\n')[1]!.split('\n\n')[0]!.split('\n')).toEqual(order);
    const visual = fs.readFileSync(path.join(dir, 'brat', 'visual.conf'), 'utf8');
    expect(visual.split('[labels]\n')[1]!.split('\n').slice(0, 3)).toEqual(order.map((name) => `${name} | ${name}`));
    service.close();
  });

  it('reports the overlapping spans CoNLL cannot express', async () => {
    const dir = tempDir();
    const { opened, service, id } = await projectWithSpans(dir);
    await service.handlers.createSpan({ documentId: id, labelId: 2, ...offsets(TEXT, 'CSTO in Минск') });
    const summary = runExport(opened.db, { format: 'conll', outPath: path.join(dir, 'x.conll') });
    expect(summary.losses.count).toBeGreaterThan(0);
    expect(summary.losses.items.some((item) => item.kind === 'span')).toBe(true);
    service.close();
  });
});

describe('export never replaces a database', () => {
  /** Every byte of each file, to show a refused export changed nothing. */
  const contents = (files: string[]) => files.map((file) => (fs.existsSync(file) ? fs.readFileSync(file).toString('base64') : null));

  it('refuses the project itself (by any name), its -wal, another project and an SQLite database, writing nothing', async () => {
    const dir = tempDir();
    const { opened, service } = await projectWithSpans(dir);
    const project = opened.file;
    const link = path.join(dir, 'link.jsonl');
    fs.symlinkSync(project, link);
    const hardLink = path.join(dir, 'hard.jsonl');
    fs.linkSync(project, hardLink);
    const other = (await ensureProject(path.join(dir, 'other.sqlite'), { withSample: false })).db;
    other.close();
    const plainDb = new Database(path.join(dir, 'plain.db'));
    plainDb.exec('CREATE TABLE t (x)');
    plainDb.close();
    const guarded = [project, `${project}-wal`, path.join(dir, 'other.sqlite'), path.join(dir, 'plain.db')];
    const before = contents(guarded);
    const listing = fs.readdirSync(dir).sort();
    for (const [out, reason] of [
      [project, 'is the project being exported'],
      [link, 'is the project being exported'],
      [hardLink, 'is the project being exported'],
      [`${project}-wal`, 'is the -wal file of the project being exported'],
      [path.join(dir, 'other.sqlite'), 'is a Spanbench project'],
      [path.join(dir, 'plain.db'), 'is an SQLite database'],
    ] as const) {
      expect(() => runExport(opened.db, { format: 'spanbench', outPath: out }), out).toThrow(`${out} ${reason}; exports never replace`);
    }
    // A split file that would land on a database is refused the same way, before any split is written.
    fs.copyFileSync(path.join(dir, 'plain.db'), path.join(dir, 'data.test.jsonl'));
    expect(() => runExport(opened.db, { format: 'doccano', outPath: path.join(dir, 'data.jsonl'), split: parseSplit('train=0.5,test=0.5', 1) })).toThrow(
      `${path.join(dir, 'data.test.jsonl')} is an SQLite database`,
    );
    // A file with a -shm beside it may be open through SQLite in this very process (another
    // window's project): it is refused unread, as reading it would drop that connection's locks.
    fs.writeFileSync(path.join(dir, 'open.jsonl'), 'not read\n');
    fs.writeFileSync(path.join(dir, 'open.jsonl-shm'), '');
    expect(() => runExport(opened.db, { format: 'spanbench', outPath: path.join(dir, 'open.jsonl') })).toThrow('open.jsonl is an SQLite database');
    expect(fs.readdirSync(dir).sort()).toEqual([...listing, 'data.test.jsonl', 'open.jsonl', 'open.jsonl-shm'].sort());
    expect(contents(guarded)).toEqual(before);
    expect((opened.db.prepare('SELECT count(*) AS n FROM spans').get() as { n: number }).n).toBe(4);
    service.close();
  });

  it('still replaces an existing file that is no database', async () => {
    const dir = tempDir();
    const { opened, service } = await projectWithSpans(dir);
    const out = path.join(dir, 'old.jsonl');
    fs.writeFileSync(out, 'an earlier export\n');
    expect(runExport(opened.db, { format: 'spanbench', outPath: out }).documents).toBe(1);
    expect(fs.readFileSync(out, 'utf8')).toContain('Unicode meeting');
    service.close();
  });
});

describe('export summary', () => {
  it('counts what doccano cannot carry per kind instead of reporting nothing', async () => {
    const dir = tempDir();
    const { opened, service, id } = await projectWithSpans(dir);
    const span = opened.db.prepare("SELECT id FROM spans WHERE text = 'Anna'").get() as { id: number };
    opened.db.prepare("UPDATE spans SET note = 'checked', attributes = '{\"Confidence\":\"High\"}' WHERE id = ?").run(span.id);
    opened.db.prepare('UPDATE documents SET status = ? WHERE id = ?').run('done', id);
    const summary = runExport(opened.db, { format: 'doccano', outPath: path.join(dir, 'd.jsonl') });
    expect(summary.losses.byReason).toMatchObject({ 'span notes': 1, 'span attributes': 1, 'span authors': 4, 'span timestamps': 4, 'document status': 1 });
    expect(summary.losses.count).toBe(Object.values(summary.losses.byReason).reduce((a, b) => a + b, 0));
    // Source and date travel as extra columns, which doccano keeps as metadata.
    const line = JSON.parse(fs.readFileSync(path.join(dir, 'd.jsonl'), 'utf8').split('\n')[0]!) as Record<string, unknown>;
    expect(line).toMatchObject({ source: 'Test', published_at: '2020-11-27' });
    service.close();
  });
});

describe('W3C export and import', () => {
  it('brings back the documents that have no spans, in their order', async () => {
    const dir = tempDir();
    const { opened, service } = await projectWithSpans(dir);
    insertDocument(opened.db, { text: 'A second article, never annotated.', title: 'Plain' });
    insertDocument(opened.db, { text: 'A third one.', title: 'Plainer' });
    const out = path.join(dir, 'w3c');
    const summary = runExport(opened.db, { format: 'w3c', outPath: out });
    expect(summary.documents).toBe(3);
    expect(fs.readdirSync(path.join(out, 'texts'))).toHaveLength(3);
    const target = await ensureProject(path.join(dir, 'target.sqlite'), { withSample: false });
    const imported = importCorpus(target.db, [out], { format: 'auto', onDuplicate: 'skip', skipInvalid: false });
    expect(imported.refusedFiles).toBe(0);
    expect(imported.imported).toBe(3);
    const texts = (target.db.prepare('SELECT text FROM documents ORDER BY id').all() as Array<{ text: string }>).map((r) => r.text);
    expect(texts).toEqual([TEXT, 'A second article, never annotated.', 'A third one.']);
    expect(spansOf(target.db)).toHaveLength(4);
    target.db.close();
    service.close();
  });
});

describe('import of annotated files', () => {
  it('refuses a file with a span that does not match its text, and changes nothing', async () => {
    const dir = tempDir();
    const file = path.join(dir, 'bad.jsonl');
    fs.writeFileSync(file, [JSON.stringify({ text: 'Borisov met Sagynbaev.', entities: [{ id: 1, start_offset: 0, end_offset: 7, label: 'PER' }] }), JSON.stringify({ text: 'Short.', entities: [{ id: 2, start_offset: 3, end_offset: 60, label: 'PER' }] })].join('\n'));
    const target = await ensureProject(path.join(dir, 't.sqlite'), { withSample: false });
    const refused = importCorpus(target.db, [file], { format: 'doccano', onDuplicate: 'skip', skipInvalid: false });
    expect(refused.refusedFiles).toBe(1);
    // The reason names the span once, as the file names it (it once read "2: span 2: …").
    expect(refused.files[0]!.problems[0]).toMatchObject({ line: 2, reason: 'span 2: end 60 is outside the text (0..6 UTF-16 units)' });
    expect((target.db.prepare('SELECT count(*) AS n FROM documents').get() as { n: number }).n).toBe(0);
    expect((target.db.prepare('SELECT count(*) AS n FROM labels').get() as { n: number }).n).toBe(3);
    // With --skip-invalid the good record comes in, its unknown label mapped.
    const skipped = importCorpus(target.db, [file], { format: 'doccano', onDuplicate: 'skip', skipInvalid: true, labelMap: { PER: 'Agency' } });
    expect(skipped.imported).toBe(1);
    expect(spansOf(target.db)).toEqual([{ label: 'Agency', start: 0, end: 7, text: 'Borisov' }]);
    expect(skipped.labelsCreated).toEqual([]);
    target.db.close();
  });

  it('brings a deleted label back when a file (or --label-map) names it, with a colour of its own, rather than failing on its name', async () => {
    const dir = tempDir();
    const target = await ensureProject(path.join(dir, 't.sqlite'), { withSample: false });
    const service = createProjectService(target);
    service.handlers.deleteLabel({ id: 3 });
    const file = path.join(dir, 'planned.jsonl');
    fs.writeFileSync(file, JSON.stringify({ text: 'The summit is planned.', entities: [{ id: 1, start_offset: 4, end_offset: 10, label: 'EVENT' }] }));
    const imported = importCorpus(target.db, [file], { format: 'doccano', onDuplicate: 'skip', skipInvalid: false, labelMap: { EVENT: 'PlannedEvent' } });
    expect(imported.imported).toBe(1);
    expect(imported.labelsCreated).toEqual(['PlannedEvent']);
    expect(spansOf(target.db)).toEqual([{ label: 'PlannedEvent', start: 4, end: 10, text: 'summit' }]);
    const planned = service.handlers.listLabels({}) as Array<{ id: number; name: string; color: string; hotkey: string | null; description: string }>;
    expect(planned.map((label) => label.name)).toEqual(['Agency', 'Decision', 'PlannedEvent']);
    expect(planned[2]).toMatchObject({ id: 3, hotkey: null, description: 'Added by an import.' });
    expect(planned.filter((label) => label.color === planned[2]!.color)).toHaveLength(1);
    service.close();
  });

  it('attaches CSV rows to the document their id names, by Spanbench id or source id, and never to a guess', async () => {
    const dir = tempDir();
    const target = await ensureProject(path.join(dir, 't.sqlite'), { withSample: false });
    // Imported from a tool whose ids ran the other way: document #1 was "2" there, #2 was "1".
    const first = insertDocument(target.db, { text: 'NATO met CSTO.', title: 'First', externalId: '2' });
    const second = insertDocument(target.db, { text: 'The CSTO met.', title: 'Second', externalId: '1' });
    const spansIn = (id: number) => target.db.prepare('SELECT start, end, text FROM spans WHERE document_id = ? ORDER BY start').all(id);
    const csv = (name: string, body: string) => {
      const file = path.join(dir, name);
      fs.writeFileSync(file, body);
      return importCorpus(target.db, [file], { format: 'csv', onDuplicate: 'skip', skipInvalid: false });
    };
    // What spanbench export writes: the Spanbench id and the title; "1" is #1 here, not the source's "1".
    expect(csv('own.csv', 'document_id,title,label,start,end,text\r\n1,First,Agency,0,4,NATO\r\n').refusedFiles).toBe(0);
    expect(spansIn(first)).toEqual([{ start: 0, end: 4, text: 'NATO' }]);
    // Without a title the id names two documents: refused, saying which, rather than attached to either.
    const ambiguous = csv('bare.csv', 'document_id,label,start,end\n1,Agency,4,6\n');
    expect(ambiguous.refusedFiles).toBe(1);
    expect(ambiguous.files[0]!.problems[0]!.reason).toBe('document_id "1" names 2 documents (#1 "First", #2 "Second"): add a title column with each document\'s title to tell them apart');
    expect(spansIn(second)).toEqual([]);
    expect(csv('retitled.csv', 'document_id,title,label,start,end\n1,Renamed,Agency,4,6\n').files[0]!.problems[0]!.reason).toBe(
      'document_id "1" names 2 documents (#1 "First", #2 "Second"): none of them has the row\'s title "Renamed"',
    );
    // A source id that names one document attaches to it; a number with letters after it is not a Spanbench id.
    insertDocument(target.db, { text: 'Third text.', title: 'Third', externalId: 'x-7' });
    expect(csv('named.csv', 'document_id,label,start,end\nx-7,Agency,0,5\n').refusedFiles).toBe(0);
    expect(csv('digits.csv', 'document_id,label,start,end\n3abc,Agency,0,5\n').files[0]!.problems[0]!.reason).toBe('unknown document "3abc": no text to check spans against');
    target.db.close();
  });

  it('refuses an empty file in every annotation format, and a document with no text, as the article import does', async () => {
    const dir = tempDir();
    const target = await ensureProject(path.join(dir, 't.sqlite'), { withSample: false });
    for (const format of ['doccano', 'prodigy', 'conll', 'w3c', 'labelstudio', 'webanno'] as const) {
      const empty = path.join(dir, `empty-${format}.txt`);
      fs.writeFileSync(empty, '');
      const result = importCorpus(target.db, [empty], { format, onDuplicate: 'skip', skipInvalid: false });
      expect(result.refusedFiles, format).toBe(1);
      expect(result.files[0]!.problems[0]!.reason, format).toBe('the file is empty');
    }
    const blank = path.join(dir, 'blank.jsonl');
    fs.writeFileSync(blank, [JSON.stringify({ text: 'Borisov met Sagynbaev.', entities: [] }), JSON.stringify({ text: '', entities: [] })].join('\n'));
    const refused = importCorpus(target.db, [blank], { format: 'doccano', onDuplicate: 'skip', skipInvalid: false });
    expect(refused.refusedFiles).toBe(1);
    expect(refused.files[0]!.problems[0]).toMatchObject({ line: 2, reason: 'the document has no text' });
    const brat = path.join(dir, 'brat');
    fs.mkdirSync(brat);
    fs.writeFileSync(path.join(brat, 'empty.txt'), '');
    fs.writeFileSync(path.join(brat, 'empty.ann'), '');
    expect(importCorpus(target.db, [brat], { format: 'auto', onDuplicate: 'skip', skipInvalid: false }).refusedFiles).toBe(1);
    expect((target.db.prepare('SELECT count(*) AS n FROM documents').get() as { n: number }).n).toBe(0);
    target.db.close();
  });

  it('adds labels the project lacks and reports them', async () => {
    const dir = tempDir();
    const file = path.join(dir, 'x.jsonl');
    fs.writeFileSync(file, JSON.stringify({ text: 'Bishkek hosts Definex.', label: [[0, 7, 'LOC'], [14, 21, 'EVENT']] }));
    const target = await ensureProject(path.join(dir, 't.sqlite'), { withSample: false });
    const result = importCorpus(target.db, [file], { format: 'auto', onDuplicate: 'skip', skipInvalid: false });
    expect(result.files[0]!.format).toBe('doccano');
    expect(result.labelsCreated).toEqual(['LOC', 'EVENT']);
    expect(spansOf(target.db).map((s) => s.text)).toEqual(['Bishkek', 'Definex']);
    target.db.close();
  });

  it('imports a brat folder as text/annotation pairs with their relations', async () => {
    const dir = tempDir();
    const folder = path.join(dir, 'brat');
    fs.mkdirSync(folder);
    fs.writeFileSync(path.join(folder, 'a.txt'), 'Borisov chaired the ICMEC.\n');
    fs.writeFileSync(path.join(folder, 'a.ann'), 'T1\tPerson 0 7\tBorisov\nT2\tOrganization 20 25\tICMEC\nR1\tChairs Arg1:T1 Arg2:T2\n#1\tAnnotatorNotes T1\tVice Prime Minister\n');
    fs.writeFileSync(path.join(folder, 'annotation.conf'), '[entities]\nPerson\nOrganization\n[relations]\nChairs Arg1:Person, Arg2:Organization\n');
    fs.writeFileSync(path.join(folder, 'plain.txt'), 'A text with no annotations beside it.');
    const target = await ensureProject(path.join(dir, 't.sqlite'), { withSample: false });
    const result = importCorpus(target.db, [folder], { format: 'auto', onDuplicate: 'skip', skipInvalid: false });
    expect(result.refusedFiles).toBe(0);
    expect(result.imported).toBe(2);
    expect(result.relations).toBe(1);
    expect(spansOf(target.db).map((s) => s.text)).toEqual(['Borisov', 'ICMEC']);
    expect(target.db.prepare('SELECT note FROM spans WHERE text = ?').get('Borisov')).toEqual({ note: 'Vice Prime Minister' });
    target.db.close();
  });
});
