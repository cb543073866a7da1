import { describe, expect, it } from 'vitest';
import { annotationId, createW3cExporter, importW3c, W3C_ANNOTATIONS_PATH } from './w3c';
import { hasErrors } from './shared';
import { only, relationSet, runExport, sampleDoc, spanTexts } from './test-helpers';

describe('w3c', () => {
  it('writes Text quote and position selectors in code points, texts beside', () => {
    const { files } = runExport(createW3cExporter(), [sampleDoc()]);
    expect(files.get('texts/7.txt')).toBe('Hi 😀 Anna\r\nBerlin!');
    const annotations = JSON.parse(files.get(W3C_ANNOTATIONS_PATH)!) as Array<Record<string, unknown>>;
    expect(annotations[0]).toEqual({
      '@context': 'http://www.w3.org/ns/anno.jsonld',
      id: 'urn:spanbench:doc:7:span:a',
      type: 'Annotation',
      motivation: 'tagging',
      body: [
        { type: 'TextualBody', purpose: 'tagging', value: 'PER' },
        { type: 'TextualBody', purpose: 'commenting', value: 'n' },
      ],
      target: {
        source: 'texts/7.txt',
        selector: [
          { type: 'TextQuoteSelector', exact: 'Anna', prefix: 'Hi 😀 ', suffix: '\r\nBerlin!' },
          { type: 'TextPositionSelector', start: 5, end: 9 },
        ],
      },
    });
    expect(annotations[2]).toMatchObject({ motivation: 'linking', target: [{ id: annotationId(7, 'span', 'a') }, { id: annotationId(7, 'span', 'b') }] });
  });

  it('round-trips with texts resolved from the export, fragments included', () => {
    const doc = sampleDoc();
    doc.spans[1]!.fragments = [[11, 13], [15, 17]];
    const { files } = runExport(createW3cExporter(), [doc]);
    const result = importW3c('a.jsonld', files.get(W3C_ANNOTATIONS_PATH)!, { resolveText: (s) => files.get(s) });
    expect(hasErrors(result)).toBe(false);
    const back = only(result);
    expect(back.text).toBe(doc.text);
    expect(spanTexts(back)).toEqual(['PER:Anna', 'LOC:Berlin']);
    expect(back.spans[1]!.fragments).toEqual([[11, 13], [15, 17]]);
    expect(relationSet(back)).toEqual(['livesIn:PER@5-9->LOC@11-17']);
  });

  it('re-anchors by quote when UTF-16 positions were written as if code points', () => {
    const json = JSON.stringify([{ id: 'x', target: { source: 's', selector: [{ type: 'TextQuoteSelector', exact: 'Anna' }, { type: 'TextPositionSelector', start: 6, end: 10 }] } }]);
    const result = importW3c('r.json', json, { resolveText: () => 'Hi 😀 Anna\r\nBerlin!' });
    expect(spanTexts(only(result))).toEqual(['annotation:Anna']);
    expect(result.documents[0]!.warnings[0]!.reason).toMatch(/anchored by quote at 5-9/);
    const utf16 = importW3c('r.json', json, { resolveText: () => 'Hi 😀 Anna\r\nBerlin!', offsets: 'utf16' });
    expect(utf16.documents[0]!.warnings).toHaveLength(0);
  });

  it('reports a missing text', () => {
    const result = importW3c('r.json', '[{"id":"x","target":{"source":"nope","selector":{"type":"TextPositionSelector","start":0,"end":1}}}]', { resolveText: () => undefined });
    expect(result.errors[0]).toMatchObject({ line: 1, reason: 'no text for source "nope"' });
  });

  it('brings back documents without annotations from the texts beside the annotations', () => {
    const docs = [sampleDoc(), { id: 8, text: 'No spans here.', spans: [], relations: [] }, { ...sampleDoc(), id: 9 }, { id: 10, text: 'Nor here.', spans: [], relations: [] }];
    const { files } = runExport(createW3cExporter(), docs);
    const texts = [...files.keys()].filter((path) => path.startsWith('texts/'));
    expect(texts).toHaveLength(4);
    const result = importW3c('a.jsonld', files.get(W3C_ANNOTATIONS_PATH)!, { resolveText: (s) => files.get(s), texts });
    expect(hasErrors(result)).toBe(false);
    // In the order of the texts (the export's order), not annotated ones first.
    expect(result.documents.map((d) => [d.document.externalId, d.document.spans.length])).toEqual([
      ['texts/7.txt', 2],
      ['texts/8.txt', 0],
      ['texts/9.txt', 2],
      ['texts/10.txt', 0],
    ]);
    expect(result.documents[1]!.document.text).toBe('No spans here.');
    // Without the list, only annotated documents can be found.
    expect(importW3c('a.jsonld', files.get(W3C_ANNOTATIONS_PATH)!, { resolveText: (s) => files.get(s) }).documents).toHaveLength(2);
  });
});
