/**
 * "Nothing is dropped silently": for every format, each piece of a richly annotated document
 * either comes back from import(export(doc)) or is counted in the export summary under its
 * own reason, and never both.
 */
import { describe, expect, it } from 'vitest';
import type { AnnotatedDocument, SpanInput } from '../model';
import { importBrat } from './brat';
import { FORMAT_NAMES, createExporter, createLineImporter, importFile } from './registry';
import { allProblems, documentFileId, hasErrors, runLineImporter } from './shared';
import { runExport } from './test-helpers';
import type { ExportDocument, ExportSummary, FormatName, ImportResult } from './types';
import { W3C_ANNOTATIONS_PATH, importW3c } from './w3c';

// One sentence of single-spaced tokens, so CoNLL and WebAnno give the same offsets back.
const TEXT = 'Anna met Boris in Berlin today';

function richDoc(): ExportDocument {
  return {
    id: 1,
    externalId: 'ext-1',
    title: 'A rich document',
    source: 'Reuters',
    url: 'https://example.org/a',
    publishedAt: '2024-03-01',
    language: 'en',
    metadata: { desk: 'politics' },
    status: 'done',
    text: TEXT,
    spans: [
      {
        key: 'a',
        label: 'PER',
        start: 0,
        end: 4,
        note: 'a note',
        author: 'alice',
        attributes: { Confidence: 'High', neg: true },
        createdAt: '2024-03-02T10:00:00.000Z',
        updatedAt: '2024-03-02T11:00:00.000Z',
      },
      { key: 'b', label: 'LOC', start: 18, end: 24 },
      { key: 'c', label: 'EVT', start: 5, end: 17, fragments: [[5, 8], [15, 17]] },
    ],
    relations: [{ key: 'r', type: 'livesIn', from: 'a', to: 'b', note: 'rel note' }],
  };
}

function importBack(format: FormatName, files: Map<string, string>, doc: ExportDocument): ImportResult {
  switch (format) {
    case 'brat':
      return importBrat({ txtName: `${documentFileId(doc)}.txt`, txtText: files.get(`${documentFileId(doc)}.txt`)!, annText: files.get(`${documentFileId(doc)}.ann`)! });
    case 'w3c':
      return importW3c('a.jsonld', files.get(W3C_ANNOTATIONS_PATH)!, { resolveText: (source) => files.get(source) });
    case 'webanno':
      return importFile('webanno', `${documentFileId(doc)}.tsv`, files.get(`${documentFileId(doc)}.tsv`)!, {});
    case 'csv':
      return runLineImporter(createLineImporter('csv', 'a.csv', { resolveText: (id) => (id === String(doc.id) ? doc.text : undefined) }), files.get('')!);
    default:
      return importFile(format, 'a', files.get('')!, {});
  }
}

const SNAKE: Record<string, string> = { publishedAt: 'published_at', externalId: 'external_id' };

/** [what, came back, reason it would be reported under] for every piece of the document. */
function pieces(orig: ExportDocument, back: AnnotatedDocument): Array<[string, boolean, string]> {
  const list: Array<[string, boolean, string]> = [];
  for (const field of ['title', 'source', 'url', 'publishedAt', 'language', 'externalId'] as const) {
    list.push([field, back[field] === orig[field], `document metadata field ${SNAKE[field] ?? field}`]);
  }
  for (const key of Object.keys(orig.metadata ?? {})) list.push([`metadata.${key}`, back.metadata?.[key] === orig.metadata![key], `document metadata field ${key}`]);
  list.push(['status', back.status === orig.status, 'document status']);
  const find = (s: SpanInput) => back.spans.find((b) => b.label === s.label && b.start === s.start && b.end === s.end);
  for (const span of orig.spans) {
    const got = find(span);
    expect(got, `span ${span.key} comes back`).toBeDefined();
    if (span.note) list.push([`${span.key}.note`, got!.note === span.note, 'span notes']);
    if (span.author) list.push([`${span.key}.author`, got!.author === span.author, 'span authors']);
    if (span.attributes) list.push([`${span.key}.attributes`, JSON.stringify(got!.attributes) === JSON.stringify(span.attributes), 'span attributes']);
    if (span.createdAt) list.push([`${span.key}.timestamps`, got!.createdAt === span.createdAt && got!.updatedAt === span.updatedAt, 'span timestamps']);
    if (span.fragments) list.push([`${span.key}.fragments`, JSON.stringify(got!.fragments) === JSON.stringify(span.fragments), 'discontinuous span written as one continuous span']);
  }
  for (const rel of orig.relations) {
    const got = back.relations.find((r) => r.type === rel.type);
    if (got && rel.note) list.push([`${rel.key}.note`, got.note === rel.note, 'relation notes']);
  }
  return list;
}

function check(format: FormatName): { summary: ExportSummary; lost: string[] } {
  const doc = richDoc();
  const { files, summary } = runExport(createExporter(format), [doc]);
  const result = importBack(format, files, doc);
  expect(hasErrors(result), allProblems(result).map((p) => p.reason).join('\n')).toBe(false);
  expect(result.documents).toHaveLength(1);
  const lost: string[] = [];
  for (const [what, cameBack, reason] of pieces(doc, result.documents[0]!.document)) {
    const reported = (summary.losses.byReason[reason] ?? 0) > 0;
    expect(cameBack || reported, `${format}: ${what} is neither kept nor reported as "${reason}"`).toBe(true);
    expect(cameBack && reported, `${format}: ${what} is kept but reported as lost`).toBe(false);
    if (!cameBack) lost.push(what);
  }
  return { summary, lost };
}

describe('every exporter reports what it cannot carry', () => {
  it.each(FORMAT_NAMES)('%s', (format) => {
    check(format);
  });

  it('spanbench loses nothing', () => {
    expect(check('spanbench').summary.losses.count).toBe(0);
  });

  it('doccano carries the document fields as extra columns and reports the rest per kind', () => {
    const { summary, lost } = check('doccano');
    expect(lost.filter((w) => !w.includes('.'))).toEqual(['status']);
    expect(summary.losses.byReason).toEqual({
      'document status': 1,
      'span notes': 1,
      'span authors': 1,
      'span attributes': 1,
      'span timestamps': 1,
      'discontinuous span written as one continuous span': 1,
      'relation notes': 1,
    });
  });

  it('Prodigy carries the document fields in meta and reports notes, attributes and relation notes', () => {
    const { summary } = check('prodigy');
    expect(summary.losses.byReason).toMatchObject({ 'span notes': 1, 'span attributes': 1, 'relation notes': 1, 'document status': 1 });
    expect(Object.keys(summary.losses.byReason).some((r) => r.startsWith('document metadata'))).toBe(false);
  });

  it('Label Studio keeps notes and document fields, and reports attributes and relation notes', () => {
    const { summary } = check('labelstudio');
    expect(summary.losses.byReason['span notes']).toBeUndefined();
    expect(summary.losses.byReason).toMatchObject({ 'span attributes': 1, 'relation notes': 1, 'span authors': 1 });
    expect(Object.keys(summary.losses.byReason).some((r) => r.startsWith('document metadata'))).toBe(false);
  });

  it('counts each kind once per item across documents', () => {
    const docs = [richDoc(), { ...richDoc(), id: 2 }, { ...richDoc(), id: 3, source: null, spans: [], relations: [] }];
    const { summary } = runExport(createExporter('brat'), docs);
    expect(summary.losses.byReason['document metadata field source']).toBe(2);
    expect(summary.losses.byReason['document metadata field title']).toBe(3);
    expect(summary.losses.byReason['span authors']).toBe(2);
    const item = summary.losses.items.find((i) => i.reason === 'span authors')!;
    // Each item says what it is about: a part of a span is a span's, a document's field the document's.
    expect(item).toMatchObject({ kind: 'span', documentId: 1, key: 'a', label: 'PER', start: 0, end: 4 });
    expect(summary.losses.items.find((i) => i.reason === 'document metadata field title')).toMatchObject({ kind: 'document', documentId: 1 });
    expect(summary.losses.items.find((i) => i.reason === 'document metadata field title')).not.toHaveProperty('label');
    expect(summary.losses.items.filter((i) => i.kind === 'attribute')).toEqual([]);
  });
});
