/**
 * Folder exports (brat, WebAnno, W3C) name each document's files after the id it came with, so a
 * corpus imported, annotated and exported again keeps its file names.
 */
import { describe, expect, it } from 'vitest';
import { createBratExporter, importBrat } from './brat';
import { documentFileId } from './shared';
import { runExport, sampleDoc } from './test-helpers';
import type { ExportDocument } from './types';
import { createW3cExporter, importW3c, W3C_ANNOTATIONS_PATH } from './w3c';
import { createWebannoExporter } from './webanno';

function withExternalId(id: number, externalId: string | null): ExportDocument {
  return { ...sampleDoc(), id, externalId };
}

const lostExternalIds = (items: ReadonlyArray<{ documentId: string | number; reason: string }>) =>
  items.filter((item) => item.reason === 'document metadata field external_id').map((item) => item.documentId);

describe('documentFileId', () => {
  it('is the id a document came with, a text file path reduced to its name, else the Spanbench id', () => {
    expect(documentFileId({ id: 7 })).toBe(7);
    expect(documentFileId({ id: 7, externalId: null })).toBe(7);
    expect(documentFileId({ id: 7, externalId: '   ' })).toBe(7);
    expect(documentFileId({ id: 7, externalId: 'doc_001' })).toBe('doc_001');
    expect(documentFileId({ id: 7, externalId: 'texts/doc_001.txt' })).toBe('doc_001');
    expect(documentFileId({ id: 7, externalId: 'C:\\corpus\\Statement.TXT' })).toBe('Statement');
    // An id that is not a text file's path stays whole (the file namer makes it safe).
    expect(documentFileId({ id: 7, externalId: 'news/2020/11' })).toBe('news/2020/11');
  });
});

describe('folder exports name files after the document id they came with', () => {
  const corpus = [withExternalId(1, 'csto-2020-11-27'), withExternalId(2, null), withExternalId(3, 'csto-2020-11-27'), withExternalId(4, 'news/2020/11')];

  it('brat: .txt and .ann pairs keep their names; a repeated or unsafe name is made unique and its id reported lost', () => {
    const { files, summary } = runExport(createBratExporter(), corpus);
    expect([...files.keys()].filter((path) => path.endsWith('.txt')).sort()).toEqual(['2.txt', 'csto-2020-11-27-2.txt', 'csto-2020-11-27.txt', 'news_2020_11.txt']);
    expect(files.has('csto-2020-11-27.ann')).toBe(true);
    expect(lostExternalIds(summary.losses.items).sort()).toEqual([3, 4]);

    // Imported again, the first document comes back with the id it had.
    const back = importBrat({ txtName: 'csto-2020-11-27.txt', txtText: files.get('csto-2020-11-27.txt')!, annText: files.get('csto-2020-11-27.ann')! });
    expect(back.documents[0]!.document.externalId).toBe('csto-2020-11-27');
  });

  it('brat: a pair imported from a folder is written under the same name', () => {
    const imported = importBrat({ txtName: 'corpus/doc_017.txt', txtText: 'Hi Anna', annText: 'T1\tPER 3 7\tAnna\n' }).documents[0]!.document;
    const { files } = runExport(createBratExporter(), [{ ...imported, id: 40 }]);
    expect(files.get('doc_017.txt')).toBe('Hi Anna');
    expect(files.get('doc_017.ann')).toContain('PER 3 7\tAnna');
    expect(files.has('40.txt')).toBe(false);
  });

  it('WebAnno: one .tsv per document, named the same way', () => {
    const { files, summary } = runExport(createWebannoExporter(), corpus);
    expect([...files.keys()].sort()).toEqual(['2.tsv', 'csto-2020-11-27-2.tsv', 'csto-2020-11-27.tsv', 'news_2020_11.tsv']);
    expect(lostExternalIds(summary.losses.items).sort()).toEqual([3, 4]);
  });

  it('W3C: the texts are named the same way, and a text imported from texts/ keeps its source', () => {
    const { files, summary } = runExport(createW3cExporter(), [withExternalId(1, 'texts/csto-2020-11-27.txt'), withExternalId(2, 'csto-note')]);
    expect([...files.keys()].filter((path) => path.startsWith('texts/')).sort()).toEqual(['texts/csto-2020-11-27.txt', 'texts/csto-note.txt']);
    // The first came back as it was (its source); the second's id became a path.
    expect(lostExternalIds(summary.losses.items)).toEqual([2]);
    const back = importW3c('a.jsonld', files.get(W3C_ANNOTATIONS_PATH)!, { resolveText: (source) => files.get(source) });
    expect(back.documents.map((imported) => imported.document.externalId).sort()).toEqual(['texts/csto-2020-11-27.txt', 'texts/csto-note.txt']);
  });
});
