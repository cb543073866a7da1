import { describe, expect, it } from 'vitest';
import { createConllExporter, createConllLineImporter, importConll, nonOverlapping } from './conll';
import { hasErrors } from './shared';
import { docs, only, runExport, sampleDoc, spanTexts } from './test-helpers';

describe('conll', () => {
  it('writes IOB2 with sentences split at the CRLF and reports the lost relation', () => {
    const { files, summary } = runExport(createConllExporter(), [sampleDoc()]);
    expect(files.get('')).toBe('-DOCSTART-\tO\n\nHi\tO\n😀\tO\nAnna\tB-PER\n\nBerlin\tB-LOC\n!\tO\n\n');
    expect(summary.losses.byReason).toEqual({ 'CoNLL cannot express relations': 1, 'span notes': 1, 'document metadata field title': 1, 'document status': 1 });
  });

  it('rebuilds text from tokens and finds spans by code point', () => {
    const text = '-DOCSTART-\tO\r\n\r\nHi\tO\r\n😀\tO\r\nAnna\tB-PER\r\n\r\nBerlin\tB-LOC\r\n!\tO\r\n\r\n';
    const doc = only(importConll('a.conll', text));
    expect(doc.text).toBe('Hi 😀 Anna\nBerlin !');
    expect(doc.spans.map((s) => [s.label, s.start, s.end])).toEqual([['PER', 5, 9], ['LOC', 10, 16]]);
  });

  it('decodes IOB1 and BIOES the same way as IOB2', () => {
    const iob1 = 'New\tI-LOC\nYork\tI-LOC\nBoston\tB-LOC\nis\tO\n';
    const bioes = 'New\tB-LOC\nYork\tE-LOC\nBoston\tS-LOC\nis\tO\n';
    const iob2 = 'New\tB-LOC\nYork\tI-LOC\nBoston\tB-LOC\nis\tO\n';
    const expected = ['LOC:New York', 'LOC:Boston'];
    for (const t of [iob1, bioes, iob2]) expect(spanTexts(only(importConll('x', t)))).toEqual(expected);
  });

  it('exports IOB1 and BIOES on request', () => {
    const doc = { id: 1, text: 'New York Boston', spans: [{ label: 'LOC', start: 0, end: 8 }, { label: 'LOC', start: 9, end: 15 }], relations: [] };
    expect(runExport(createConllExporter({ scheme: 'iob1' }), [doc]).files.get('')).toBe('-DOCSTART-\tO\n\nNew\tI-LOC\nYork\tI-LOC\nBoston\tB-LOC\n\n');
    expect(runExport(createConllExporter({ scheme: 'bioes' }), [doc]).files.get('')).toBe('-DOCSTART-\tO\n\nNew\tB-LOC\nYork\tE-LOC\nBoston\tS-LOC\n\n');
  });

  it('leaves out overlapping spans and names them', () => {
    const doc = { id: 'd', text: 'New York City', spans: [{ key: 'x', label: 'CITY', start: 0, end: 13 }, { key: 'y', label: 'STATE', start: 0, end: 8 }], relations: [] };
    const { files, summary } = runExport(createConllExporter(), [doc]);
    expect(files.get('')).toContain('New\tB-CITY\nYork\tI-CITY\nCity\tI-CITY\n');
    expect(summary.losses.items).toEqual([
      { kind: 'span', documentId: 'd', ordinal: 0, key: 'y', label: 'STATE', start: 0, end: 8, reason: 'overlaps another span (CoNLL cannot express overlapping spans)' },
    ]);
  });

  it('splits tokens at span edges so a span inside a word survives', () => {
    const doc = { id: 1, text: 'Berliner', spans: [{ label: 'LOC', start: 0, end: 6 }], relations: [] };
    expect(runExport(createConllExporter(), [doc]).files.get('')).toBe('-DOCSTART-\tO\n\nBerlin\tB-LOC\ner\tO\n\n');
  });

  it('reports unknown tags with their line and treats each sentence as a document without -DOCSTART-', () => {
    const result = importConll('x.conll', 'a\tB-X\nb\tFOO\n\nc\tO\n');
    expect(docs(result).map((d) => d.text)).toEqual(['a b', 'c']);
    expect(result.documents[0]!.errors[0]).toMatchObject({ file: 'x.conll', line: 2 });
    expect(hasErrors(result)).toBe(true);
  });

  it('streams documents as -DOCSTART- lines arrive', () => {
    const importer = createConllLineImporter('s.conll');
    expect(importer.push('-DOCSTART-\tO').documents).toHaveLength(0);
    importer.push('');
    importer.push('a\tB-X');
    expect(importer.push('-DOCSTART-\tO').documents.map((d) => d.document.text)).toEqual(['a']);
    importer.push('b\tO');
    expect(importer.finish().documents.map((d) => d.document.text)).toEqual(['b']);
  });

  it('picks non-overlapping spans longest-first', () => {
    const { kept, dropped } = nonOverlapping([{ start: 0, end: 2 }, { start: 0, end: 5 }, { start: 5, end: 6 }, { start: 4, end: 7 }]);
    expect(kept).toEqual([{ start: 0, end: 5 }, { start: 5, end: 6 }]);
    expect(dropped).toEqual([{ start: 0, end: 2 }, { start: 4, end: 7 }]);
  });
});
