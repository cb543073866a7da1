/**
 * The CLI over real files from other tools (../shared/fixtures, see SOURCES.md there): each
 * imports with the right exit status, and the spans land on the text they name — read back
 * through `spanbench export --format spanbench` and checked by code points. Then a round trip:
 * a project exported to each of the nine formats and imported into a fresh project gives the
 * same texts and spans, as far as each format can express them (FORMATS[f].loses).
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { annotationFormats, type AnnotationFormat } from '../../contract/api';
import { FORMATS } from '../../core/formats/registry';
import { cliBin, repoRoot, requireBuild } from './built';
import { tempDir } from './helpers';

const fixtures = path.resolve(repoRoot, '../shared/fixtures');
const haveFixtures = fs.existsSync(path.join(fixtures, 'SOURCES.md'));

beforeAll(requireBuild);

function cli(args: string[]) {
  const result = spawnSync(process.execPath, [cliBin, ...args], { cwd: repoRoot, encoding: 'utf8' });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr, all: `${result.stdout}\n${result.stderr}` };
}

function ok(args: string[]): string {
  const result = cli(args);
  if (result.code !== 0) throw new Error(`spanbench ${args.join(' ')} exited ${result.code}:\n${result.all}`);
  return result.stdout;
}

interface ExportedSpan {
  key?: string;
  label: string;
  start: number;
  end: number;
  text?: string;
  note?: string | null;
  fragments?: Array<[number, number]>;
}

interface ExportedDocument {
  id: number;
  externalId?: string | null;
  title: string;
  text: string;
  spans: ExportedSpan[];
  relations: Array<{ key?: string; type: string; from: string; to: string; note?: string | null }>;
}

function newProject(sample = false): string {
  const file = path.join(tempDir('spanbench-formats-'), 'p.sqlite');
  ok(['init', file, ...(sample ? ['--sample'] : [])]);
  return file;
}

/** Everything in the project, through the lossless export. */
function readBack(project: string): ExportedDocument[] {
  const out = path.join(tempDir('spanbench-readback-'), 'all.jsonl');
  ok(['export', project, '--format', 'spanbench', '--out', out]);
  const lines = fs.readFileSync(out, 'utf8').split('\n').filter(Boolean);
  expect(JSON.parse(lines[0]!)).toMatchObject({ format: 'spanbench', offsets: 'codepoint' });
  return lines.slice(1).map((line) => JSON.parse(line) as ExportedDocument);
}

function codePointSlice(text: string, start: number, end: number): string {
  return [...text].slice(start, end).join('');
}

/** Every continuous span's text is the document text between its code-point offsets. */
function expectSpansOnText(documents: ExportedDocument[]): void {
  for (const doc of documents) {
    for (const span of doc.spans) {
      if (span.fragments && span.fragments.length > 1) continue;
      expect(codePointSlice(doc.text, span.start, span.end), `${doc.title}: ${span.label} [${span.start}, ${span.end})`).toBe(span.text);
    }
  }
}

function findSpan(documents: ExportedDocument[], label: string, text: string): { doc: ExportedDocument; span: ExportedSpan } {
  for (const doc of documents) {
    const span = doc.spans.find((item) => item.label === label && codePointSlice(doc.text, item.start, item.end) === text);
    if (span) return { doc, span };
  }
  throw new Error(`no ${label} span over “${text}” in ${documents.map((doc) => doc.title).join(', ')}`);
}

/** brat T lines (continuous ones) straight from the .ann: [label, start, end, text]. */
function bratTextBounds(ann: string): Array<[string, number, number, string]> {
  const out: Array<[string, number, number, string]> = [];
  for (const line of ann.split('\n')) {
    const match = /^T\d+\t(\S+) (\d+) (\d+)\t(.*)$/.exec(line);
    if (match) out.push([match[1]!, Number(match[2]), Number(match[3]), match[4]!]);
  }
  return out;
}

describe.skipIf(!haveFixtures)('import of real files from other tools', () => {
  it('brat news tutorial: every text-bound annotation lands on its text; events keep their triggers', () => {
    const project = newProject();
    const folder = path.join(fixtures, 'brat', 'news');
    const result = cli(['import', project, folder, '--format', 'brat']);
    expect(result.code, result.all).toBe(0);
    expect(result.all).toMatch(/Imported 13 documents/);
    expect(result.all).toMatch(/event E1 .*trigger T3 is kept as a span/);
    const documents = readBack(project);
    expect(documents).toHaveLength(13);
    expectSpansOnText(documents);
    let checked = 0;
    for (const name of fs.readdirSync(folder).filter((file) => file.endsWith('.ann'))) {
      const stem = name.replace(/\.ann$/, '');
      const txt = fs.readFileSync(path.join(folder, `${stem}.txt`), 'utf8');
      const doc = documents.find((item) => item.text === txt);
      expect(doc, `${stem}.txt imported byte for byte`).toBeDefined();
      for (const [label, start, end, text] of bratTextBounds(fs.readFileSync(path.join(folder, name), 'utf8'))) {
        expect(doc!.spans, `${stem}: ${label} ${start} ${end} ${text}`).toContainEqual(expect.objectContaining({ label, start, end, text }));
        checked++;
      }
    }
    expect(checked).toBe(119);
    const google = findSpan(documents, 'Organization', 'Google');
    expect(google.span).toMatchObject({ start: 184, end: 190 });
    // R lines become relations, `*` equivalences chained Alias relations.
    expect(documents.flatMap((doc) => doc.relations).some((relation) => relation.type === 'Located')).toBe(true);
  });

  it('brat news tutorial exported again as brat: each document keeps its file name', () => {
    const project = newProject();
    const folder = path.join(fixtures, 'brat', 'news');
    expect(cli(['import', project, folder, '--format', 'brat']).code).toBe(0);
    const out = path.join(path.dirname(project), 'news-again');
    const exported = cli(['export', project, '--format', 'brat', '--out', out]);
    expect(exported.code, exported.all).toBe(0);
    const pairs = (dir: string) => fs.readdirSync(dir).filter((name) => /\.(txt|ann)$/.test(name)).sort();
    expect(pairs(out)).toEqual(pairs(folder));
    for (const name of pairs(folder).filter((file) => file.endsWith('.txt'))) {
      expect(fs.readFileSync(path.join(out, name), 'utf8'), name).toBe(fs.readFileSync(path.join(folder, name), 'utf8'));
    }
  });

  it('brat DKPro files: discontinuous spans keep their fragments (cut at a line break, one span), notes are kept, a lone .ann is reported', () => {
    const project = newProject();
    const result = cli(['import', project, path.join(fixtures, 'brat', 'dkpro'), '--format', 'brat']);
    // document0d-ref.ann has no .txt of its own: named, not fatal to the others.
    expect(result.all).toContain('document0d-ref');
    expect(result.all).not.toMatch(/\n\s+at /);
    const documents = readBack(project);
    expect(documents.map((doc) => doc.text).sort()).toEqual(
      ['document0c', 'document0d', 'document1', 'event'].map((stem) => fs.readFileSync(path.join(fixtures, 'brat', 'dkpro', `${stem}.txt`), 'utf8')).sort(),
    );
    const isA = documents.find((doc) => doc.text.startsWith('This is\na test'))!;
    // "is" and "a" either side of a line break: the fragments brat's editor cuts a selection across
    // lines into, read back as the one span they were cut from (core/formats/brat.ts).
    const acrossLines = isA.spans.find((span) => span.label === 'Token' && span.start === 5)!;
    expect(acrossLines).toMatchObject({ end: 9, text: 'is\na' });
    expect(acrossLines.fragments).toBeUndefined();
    const isN = documents.find((doc) => doc.text === fs.readFileSync(path.join(fixtures, 'brat', 'dkpro', 'document0d.txt'), 'utf8'))!;
    expect(isN.spans).toContainEqual(expect.objectContaining({ label: 'Token', fragments: [[5, 7], [9, 10]] }));
    const quote = findSpan(documents, 'Quote', '"I am hungry"');
    expect(quote.span).toMatchObject({ start: 0, end: 13 });
    expect(findSpan(documents, 'Speaker', 'John').span).toMatchObject({ start: 19, end: 23 });
    expect(documents.some((doc) => doc.spans.some((span) => typeof span.note === 'string' && span.note.length > 0))).toBe(true);
    expectSpansOnText(documents);
  });

  it('doccano import examples: a record without text refuses the file unless --skip-invalid; entities and relations', () => {
    const seq = path.join(fixtures, 'doccano', 'import', 'sequence_labeling', 'example.jsonl');
    const strict = newProject();
    const refused = cli(['import', strict, seq, '--format', 'doccano']);
    expect(refused.code).toBe(1);
    expect(refused.all).toMatch(/line 3/);
    expect(readBack(strict)).toHaveLength(0);

    const lenient = newProject();
    const skipped = cli(['import', lenient, seq, '--format', 'doccano', '--skip-invalid']);
    expect(skipped.all).toMatch(/Imported 2 documents/);
    const documents = readBack(lenient);
    expect(documents.map((doc) => doc.text).sort()).toEqual(['exampleA', 'exampleB']);
    expect(findSpan(documents, 'LOC', 'e').span).toMatchObject({ start: 0, end: 1 });

    const overlapping = newProject();
    ok(['import', overlapping, path.join(fixtures, 'doccano', 'import', 'sequence_labeling', 'example_overlapping.jsonl'), '--format', 'doccano']);
    expect(readBack(overlapping)[0]!.spans.every((span) => span.label === 'LOC' && span.start === 0 && span.end === 1)).toBe(true);

    const relations = newProject();
    ok(['import', relations, path.join(fixtures, 'doccano', 'import', 'relation_extraction', 'example.jsonl'), '--format', 'doccano', '--label-map', 'PERSON=Agency']);
    const [doc] = readBack(relations);
    expect(doc!.spans.map((span) => [span.label, span.text])).toEqual([
      ['ORG', 'Google'],
      ['DATE', 'September 4, 1998'],
      ['Agency', 'Larry Page'],
      ['Agency', 'Sergey Brin'],
    ]);
    expect(doc!.relations.map((relation) => relation.type).sort()).toEqual(['foundedAt', 'foundedBy', 'foundedBy']);
  });

  it('doccano export examples: [start, end, label] triples; the pretty-printed file is refused with its lines', () => {
    const project = newProject();
    ok(['import', project, path.join(fixtures, 'doccano', 'export', 'sequence_labeling', 'example.jsonl'), '--format', 'doccano']);
    const documents = readBack(project);
    expect(findSpan(documents, 'ORG', 'EU').span).toMatchObject({ start: 0, end: 2 });
    expect(findSpan(documents, 'MISC', 'German').span).toMatchObject({ start: 11, end: 17 });
    expect(findSpan(documents, 'PERSON', 'Peter Blackburn').span).toMatchObject({ start: 0, end: 15 });
    expect(findSpan(documents, 'PERSON', 'Obama').span).toMatchObject({ start: 10, end: 15 });

    const pretty = cli(['import', newProject(), path.join(fixtures, 'doccano', 'export', 'relation_extraction', 'example.jsonl'), '--format', 'doccano']);
    expect(pretty.code).toBe(1);
    expect(pretty.all).toMatch(/refused/i);
  });

  it('CoNLL: GermEval nested columns and doccano-style two-column files', () => {
    const germeval = newProject();
    ok(['import', germeval, path.join(fixtures, 'conll', 'germeval2014_test.conll'), '--format', 'conll']);
    const [doc] = readBack(germeval);
    expect(doc!.text).toContain('Aufgrund seiner Initiative');
    for (const [label, text] of [
      ['LOC', 'Stuttgart'],
      ['LOC', 'Braunschweig'],
      ['LOC', 'Bonn'],
      ['LOCpart', 'Troia-Ausstellung'],
      ['OTH', 'Troia - Traum und Wirklichkeit'],
      ['LOC', 'Troia'],
    ] as const) {
      findSpan([doc!], label, text);
    }
    expectSpansOnText([doc!]);

    const twoColumns = newProject();
    ok(['import', twoColumns, path.join(fixtures, 'doccano', 'import', 'sequence_labeling', 'example.conll'), '--format', 'conll']);
    const documents = readBack(twoColumns);
    const all = documents.flatMap((item) => item.spans.map((span) => [span.label, codePointSlice(item.text, span.start, span.end)]));
    expect(all).toEqual(expect.arrayContaining([
      ['LOC', 'JAPAN'],
      ['PER', 'Nadim Ladki'],
    ]));
    ok(['import', newProject(), path.join(fixtures, 'doccano', 'import', 'sequence_labeling', 'labeling.trailing.conll'), '--format', 'conll']);
  });

  it('Label Studio: tasks with predictions bring their text, an annotated task its spans', () => {
    const project = newProject();
    const result = cli(['import', project, path.join(fixtures, 'label-studio', 'named_entity', 'tasks.json'), '--format', 'labelstudio']);
    expect(result.code, result.all).toBe(0);
    const documents = readBack(project);
    // The text comes in; model predictions are not an analyst's annotations: left out, and said so.
    expect(documents).toHaveLength(1);
    expect(codePointSlice(documents[0]!.text, 343, 354)).toBe('February 22');
    expect(documents[0]!.spans).toHaveLength(0);
    expect(result.all).toMatch(/prediction\(s\) not imported \(model output; spanbench import --include-predictions brings them in\)/);

    // Asked for, the predictions come in as spans, on the same characters.
    const withPredictions = newProject();
    const predicted = cli(['import', withPredictions, path.join(fixtures, 'label-studio', 'named_entity', 'tasks.json'), '--format', 'labelstudio', '--include-predictions']);
    expect(predicted.code, predicted.all).toBe(0);
    const [predictedDoc] = readBack(withPredictions);
    expect(predictedDoc!.spans.length).toBeGreaterThan(0);
    expectSpansOnText([predictedDoc!]);

    const annotated = newProject();
    const one = cli(['import', annotated, path.join(fixtures, 'label-studio', 'named_entity', 'annotations', '1.json'), '--format', 'labelstudio']);
    expect(one.code, one.all).toBe(0);
    const task = readBack(annotated);
    expect(task.some((doc) => doc.spans.some((span) => span.start === 343 && codePointSlice(doc.text, 343, 354) === 'February 22'))).toBe(true);
    expectSpansOnText(task);
  });

  it('Label Studio: the annotated task after its task is left out and said so (exit 1), or merged with --on-duplicate merge', () => {
    const project = newProject();
    ok(['import', project, path.join(fixtures, 'label-studio', 'named_entity', 'tasks.json')]);
    const annotations = path.join(fixtures, 'label-studio', 'named_entity', 'annotations', '1.json');
    const skipped = cli(['import', project, annotations]);
    expect(skipped.code, skipped.all).toBe(1);
    expect(skipped.stdout).toMatch(/already document 1\); its 1 span and 0 relations were not imported/);
    expect(skipped.stdout).toMatch(/Left out of .*1\.json: 1 span and 0 relations of 1 document already in the project .*--on-duplicate merge/);
    expect(skipped.stdout).toMatch(/1 duplicate skipped \(1 span, 0 relations not imported\)/);
    expect(readBack(project)[0]!.spans).toHaveLength(0);

    const merged = cli(['import', project, annotations, '--on-duplicate', 'merge']);
    expect(merged.code, merged.all).toBe(0);
    expect(merged.stdout).toMatch(/merged: .*into document 1, adding 1 span and 0 relations/);
    const [document] = readBack(project);
    expect(document!.spans).toEqual([expect.objectContaining({ label: 'Date', start: 343, end: 354, text: 'February 22' })]);

    // Merged again: the span is already there, nothing is added, and nothing was left out.
    const again = cli(['import', project, annotations, '--on-duplicate', 'merge']);
    expect(again.code, again.all).toBe(0);
    expect(again.stdout).toMatch(/1 span and 0 relations were already there and not added twice/);
    expect(readBack(project)[0]!.spans).toHaveLength(1);

    expect(cli(['import', project, annotations, '--on-duplicate', 'join']).all).toMatch(/--on-duplicate is skip, keep or merge/);
  });

  it('W3C Web Annotation from INCEpTION: without the source text it is refused, naming why', () => {
    const result = cli(['import', newProject(), path.join(fixtures, 'w3c', 'inception-annotations.w3c.json'), '--format', 'w3c']);
    // No text ships with it: nothing can be checked, so nothing is imported (SOURCES.md §4).
    expect(result.code).toBe(1);
    expect(result.all).toMatch(/text/i);
    expect(result.all).not.toMatch(/\n\s+at /);
  });

  it('WebAnno TSV 3.3: every case, offsets in UTF-16 (the emoji), stacked spans and line breaks', () => {
    const root = path.join(fixtures, 'webanno-tsv3');
    const cases = fs.readdirSync(root).filter((name) => fs.existsSync(path.join(root, name, 'reference.tsv')));
    expect(cases).toHaveLength(4);
    for (const name of cases) {
      const project = newProject();
      const result = cli(['import', project, path.join(root, name, 'reference.tsv'), '--format', 'webanno']);
      expect(result.code, `${name}: ${result.all}`).toBe(0);
      const documents = readBack(project);
      expect(documents, name).toHaveLength(1);
      expectSpansOnText(documents);
      const doc = documents[0]!;
      if (name === 'testSentenceWithEmoji') {
        expect(doc.text).toBe('I like it 😊 .');
        // 10-12 in UTF-16 is code points 10-11: the emoji alone.
        const emoji = doc.spans.find((span) => codePointSlice(doc.text, span.start, span.end) === '😊');
        expect(emoji).toMatchObject({ start: 10, end: 11 });
      }
      if (name === 'testSentenceWithLineBreak') expect(doc.text).toContain('\n');
      if (name === 'testMultiTokenStackedSpanWithFeatureValue') {
        const ranges = doc.spans.map((span) => `${span.start}-${span.end}`);
        expect(new Set(ranges).size).toBeLessThan(ranges.length);
      }
    }
  });
});

/** The source project's annotated documents: emoji (code points ≠ UTF-16), nesting, a note, a relation. */
const SOURCE_DOCS = [
  {
    title: 'Emoji report',
    text: 'Kabar 🇰🇬 reports 😊 that the Ministry of Defence approved the Rubezh exercise plan.\nThe delegation will meet in Bishkek next week.\n',
    spans: [
      ['m', 'Agency', 'Ministry of Defence', 'the ministry itself'],
      ['d', 'Agency', 'Defence', null],
      ['a', 'Decision', 'approved', null],
      ['r', 'PlannedEvent', 'Rubezh exercise plan', null],
      ['b', 'Agency', 'delegation', null],
    ],
    relations: [['m', 'a', 'decides']],
  },
  {
    title: 'Plain report',
    text: 'The Commission met in Moscow on Friday.\nIt decided to hold an exhibition in October.\n',
    spans: [
      ['c', 'Agency', 'Commission', null],
      ['x', 'Decision', 'decided to hold an exhibition', 'a decision with a note'],
    ],
    relations: [],
  },
] as const;

function sourceFile(dir: string, withSpans: boolean): string {
  const lines = [JSON.stringify({ format: 'spanbench', version: 1, offsets: 'codepoint' })];
  for (const doc of SOURCE_DOCS) {
    const spans = withSpans
      ? doc.spans.map(([key, label, phrase, note]) => {
          const at = doc.text.indexOf(phrase);
          const start = [...doc.text.slice(0, at)].length;
          return { key, label, start, end: start + [...phrase].length, text: phrase, ...(note ? { note } : {}) };
        })
      : [];
    const relations = withSpans ? doc.relations.map(([from, to, type]) => ({ type, from, to })) : [];
    lines.push(JSON.stringify({ title: doc.title, text: doc.text, spans, relations }));
  }
  const file = path.join(dir, withSpans ? 'source.jsonl' : 'texts.jsonl');
  fs.writeFileSync(file, `${lines.join('\n')}\n`);
  return file;
}

/** What each format carries back, from FORMATS[f].loses (checked against it below). */
const CARRIES: Record<AnnotationFormat, { text: boolean; overlaps: boolean; notes: boolean; relations: boolean }> = {
  spanbench: { text: true, overlaps: true, notes: true, relations: true },
  doccano: { text: true, overlaps: true, notes: false, relations: true },
  brat: { text: true, overlaps: true, notes: true, relations: true },
  conll: { text: false, overlaps: false, notes: false, relations: false },
  labelstudio: { text: true, overlaps: true, notes: true, relations: true },
  prodigy: { text: true, overlaps: true, notes: false, relations: true },
  w3c: { text: true, overlaps: true, notes: true, relations: true },
  webanno: { text: true, overlaps: true, notes: false, relations: false },
  csv: { text: true, overlaps: true, notes: true, relations: false },
};

function normalized(doc: ExportedDocument, carries: (typeof CARRIES)[AnnotationFormat]) {
  const byKey = new Map(doc.spans.map((span) => [span.key, span]));
  const spans = doc.spans
    .map((span) => ({ label: span.label, text: codePointSlice(doc.text, span.start, span.end), ...(carries.text ? { start: span.start, end: span.end } : {}), ...(carries.notes ? { note: span.note ?? null } : {}) }))
    .sort((a, b) => a.text.localeCompare(b.text) || a.label.localeCompare(b.label));
  const relations = carries.relations
    ? doc.relations.map((relation) => `${byKey.get(relation.from)?.text ?? '?'} -${relation.type}-> ${byKey.get(relation.to)?.text ?? '?'}`).sort()
    : [];
  return { spans, relations };
}

describe('round trip through every format with the CLI', () => {
  it('the table of what each format carries agrees with FORMATS', () => {
    for (const format of annotationFormats) {
      const loses = FORMATS[format].loses.join(' | ');
      const carries = CARRIES[format];
      expect(/(^|\| )relations(,| |$)/.test(loses) || /(^|\| )relations,/.test(loses), `${format} relations`).toBe(!carries.relations);
      expect(/overlapping spans \(left out/.test(loses), `${format} overlaps`).toBe(!carries.overlaps);
      const spanNotesLost = FORMATS[format].loses.some((line) => /\bnotes\b/.test(line) && !/line breaks in notes|relation notes/.test(line));
      expect(spanNotesLost, `${format} notes`).toBe(!carries.notes);
    }
  });

  it.each(annotationFormats)('%s: export, import into a fresh project, same texts and spans', (format) => {
    const dir = tempDir('spanbench-roundtrip-');
    const source = newProject(true);
    ok(['import', source, sourceFile(dir, true), '--format', 'spanbench']);
    const original = readBack(source).filter((doc) => doc.spans.length > 0);
    expect(original).toHaveLength(2);

    const out = path.join(dir, FORMATS[format].output === 'folder' ? `out-${format}` : `out${FORMATS[format].extension}`);
    const exported = cli(['export', source, '--format', format, '--out', out]);
    expect(exported.code, exported.all).toBe(0);
    expect(fs.existsSync(out)).toBe(true);

    const target = newProject(true);
    // CSV carries no text: its rows attach to documents already in the project (same ids).
    if (format === 'csv') ok(['import', target, sourceFile(dir, false), '--format', 'spanbench']);
    const imported = cli(['import', target, out, '--format', format]);
    expect(imported.code, imported.all).toBe(0);
    const back = readBack(target).filter((doc) => doc.spans.length > 0);
    expect(back).toHaveLength(2);

    const carries = CARRIES[format];
    for (const before of original) {
      // CoNLL keeps the tokens, not the spacing: the same characters apart from whitespace.
      const squeeze = (text: string) => text.replace(/\s+/g, '');
      const after = carries.text ? back.find((doc) => doc.text === before.text) : back.find((doc) => squeeze(doc.text) === squeeze(before.text));
      expect(after, `${format}: ${before.title} comes back${carries.text ? ' byte for byte' : ''}`).toBeDefined();
      const want = normalized(before, carries);
      const got = normalized(after!, carries);
      if (carries.overlaps) {
        expect(got.spans, `${format}: ${before.title}`).toEqual(want.spans);
      } else {
        // CoNLL keeps one of two overlapping spans (the other is reported as lost).
        for (const span of got.spans) expect(want.spans).toContainEqual(span);
        expect(got.spans.length).toBe(want.spans.length - (before.title === 'Emoji report' ? 1 : 0));
      }
      expect(got.relations, `${format}: ${before.title} relations`).toEqual(want.relations);
    }
  });
});

describe('an explicit --format for a .txt with a .ann beside it', () => {
  function bratPair(): { dir: string; txt: string } {
    const dir = tempDir('spanbench-pair-');
    const txt = path.join(dir, 'doc.txt');
    fs.writeFileSync(txt, 'NATO met the CSTO.\n');
    fs.writeFileSync(path.join(dir, 'doc.ann'), 'T1\tOrganization 0 4\tNATO\nT2\tOrganization 13 17\tCSTO\n');
    return { dir, txt };
  }
  function stats(project: string): { documents: number; spans: number; labels: Record<string, number> } {
    return JSON.parse(ok(['stats', project, '--json'])) as { documents: number; spans: number; labels: Record<string, number> };
  }

  for (const [format, given] of [
    ['txt', 'the file'],
    ['txt', 'its folder'],
    ['txt', 'both halves'],
    ['md', 'the file'],
    ['md', 'its folder'],
  ] as const) {
    it(`--format ${format} on ${given} reads the .txt as ${format}, not as brat`, () => {
      const { dir, txt } = bratPair();
      const project = newProject();
      const paths = given === 'the file' ? [txt] : given === 'its folder' ? [dir] : [txt, path.join(dir, 'doc.ann')];
      ok(['import', project, ...paths, '--format', format]);
      const after = stats(project);
      expect(after).toMatchObject({ documents: 1, spans: 0 });
      expect(Object.keys(after.labels)).toEqual(['Agency', 'Decision', 'PlannedEvent']);
      expect(readBack(project)[0]!.text).toBe('NATO met the CSTO.\n');
    });
  }

  for (const format of ['auto', 'brat']) {
    it(`--format ${format} still reads the pair as one brat document`, () => {
      const { txt } = bratPair();
      const project = newProject();
      ok(['import', project, txt, '--format', format]);
      expect(stats(project)).toMatchObject({ documents: 1, spans: 2 });
    });
  }
});
