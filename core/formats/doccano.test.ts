import { describe, expect, it } from 'vitest';
import { createDoccanoExporter, createDoccanoLineImporter, importDoccano } from './doccano';
import { runLineImporter, hasErrors } from './shared';
import { only, relationSet, runExport, sampleDoc, spanTexts } from './test-helpers';

describe('doccano', () => {
  it('exports the entities/relations form with UTF-16 offsets (the emoji counts 2)', () => {
    const { files, summary } = runExport(createDoccanoExporter(), [sampleDoc()]);
    expect(files.get('')).toBe(
      '{"id":7,"text":"Hi 😀 Anna\\r\\nBerlin!","entities":[' +
        '{"id":0,"label":"PER","start_offset":6,"end_offset":10},{"id":1,"label":"LOC","start_offset":12,"end_offset":18}],' +
        '"relations":[{"id":0,"from_id":0,"to_id":1,"type":"livesIn"}],"title":"T"}\n',
    );
    expect(summary.spans).toBe(2);
    expect(summary.relations).toBe(1);
  });

  it('imports both shapes and converts UTF-16 to code points', () => {
    const text = [
      '{"text":"Hi 😀 Anna\\r\\nBerlin!","label":[[6,10,"PER"],[12,18,"LOC"]],"meta":{"src":"a"}}',
      '{"id":9,"text":"😀 Anna","entities":[{"id":3,"start_offset":3,"end_offset":7,"label":"PER"},{"id":4,"start_offset":0,"end_offset":2,"label":"EMO"}],"relations":[{"from_id":3,"to_id":4,"type":"feels"}]}',
    ].join('\r\n');
    const result = runLineImporter(createDoccanoLineImporter('d.jsonl'), text);
    expect(hasErrors(result)).toBe(false);
    const [a, b] = result.documents.map((d) => d.document);
    expect(spanTexts(a!)).toEqual(['PER:Anna', 'LOC:Berlin']);
    expect(a!.spans.map((s) => [s.start, s.end])).toEqual([[5, 9], [11, 17]]);
    expect(a!.metadata).toEqual({ src: 'a' });
    expect(relationSet(b!)).toEqual(['feels:PER@2-6->EMO@0-1']);
    expect(b!.externalId).toBe('9');
  });

  it('rejects an offset that splits the emoji', () => {
    const result = runLineImporter(createDoccanoLineImporter('d.jsonl'), '{"text":"😀x","label":[[1,3,"X"]]}');
    expect(result.documents[0]!.errors[0]).toMatchObject({ file: 'd.jsonl', line: 1, span: '#0' });
    expect(result.documents[0]!.errors[0]!.reason).toMatch(/surrogate pair/);
  });

  it('reads a pretty-printed single object leniently', () => {
    const text = '{\n  "text": "ab",\n  "entities": [\n    {"id": 0, "start_offset": 0, "end_offset": 5, "label": "X"}\n  ]\n}\n';
    const result = importDoccano('p.json', text);
    expect(result.warnings[0]!.reason).toMatch(/one JSON value/);
    expect(result.documents[0]!.errors[0]).toMatchObject({ line: 1, span: '0' });
  });

  it('round-trips its own export', () => {
    const { files } = runExport(createDoccanoExporter(), [sampleDoc()]);
    const doc = only(runLineImporter(createDoccanoLineImporter('x'), files.get('')!));
    expect(doc.text).toBe(sampleDoc().text);
    expect(relationSet(doc)).toEqual(['livesIn:PER@5-9->LOC@11-17']);
    expect(doc.title).toBe('T');
  });

  it('reads source, published_at… columns as document fields, other columns as metadata', () => {
    const line = '{"id":3,"text":"ab","label":[],"source":"TASS","published_at":"Nov. 27, 2020","language":"ru","external_id":"ru-1","desk":"x","url":7}';
    const doc = only(runLineImporter(createDoccanoLineImporter('d.jsonl'), line));
    expect(doc).toMatchObject({ source: 'TASS', publishedAt: '2020-11-27', language: 'ru', externalId: 'ru-1' });
    // A value that is not a usable field stays as metadata rather than being dropped.
    expect(doc.metadata).toEqual({ desk: 'x', url: 7 });
    const bad = only(runLineImporter(createDoccanoLineImporter('d.jsonl'), '{"text":"ab","label":[],"published_at":"someday"}'));
    expect(bad.publishedAt).toBeUndefined();
    expect(bad.metadata).toEqual({ published_at: 'someday' });
  });
});
