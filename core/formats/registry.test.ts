import { describe, expect, it } from 'vitest';
import { FORMAT_NAMES, FORMATS, createExporter, createLineImporter, detectAnnotationFormat, importFile } from './registry';
import { createLineSplitter, hasErrors } from './shared';
import { runExport, sampleDoc } from './test-helpers';
import { parseJsonWithLines } from './json';

describe('registry', () => {
  it('lists every format with what it keeps and loses', () => {
    expect(FORMAT_NAMES).toEqual(['spanbench', 'doccano', 'brat', 'conll', 'labelstudio', 'prodigy', 'w3c', 'webanno', 'csv']);
    for (const name of FORMAT_NAMES) {
      expect(FORMATS[name].name).toBe(name);
      expect(FORMATS[name].keeps.length).toBeGreaterThan(0);
      expect(createExporter(name).format).toBe(name);
    }
    expect(FORMATS.spanbench.loses).toEqual([]);
  });

  it('every exporter copes with no documents and with an empty document', () => {
    for (const name of FORMAT_NAMES) {
      expect(() => runExport(createExporter(name), [])).not.toThrow();
      const run = runExport(createExporter(name), [{ id: 'e', text: '', spans: [], relations: [] }]);
      expect(run.summary.documents).toBe(1);
    }
  });

  it('a line importer fed through the splitter gives the same result as a whole file', () => {
    const text = runExport(createExporter('spanbench'), [sampleDoc(), { ...sampleDoc(), id: 8 }]).files.get('')!;
    const splitter = createLineSplitter();
    const importer = createLineImporter('spanbench', 'a.jsonl', {});
    const docs = [];
    for (const chunk of [text.slice(0, 17), text.slice(17, 90), text.slice(90)]) for (const line of splitter.push(chunk)) docs.push(...importer.push(line).documents);
    for (const line of splitter.end()) docs.push(...importer.push(line).documents);
    docs.push(...importer.finish().documents);
    expect(docs.map((d) => d.document)).toEqual(importFile('spanbench', 'a.jsonl', text, {}).documents.map((d) => d.document));
    expect(docs.map((d) => d.line)).toEqual([2, 3]);
  });

  it('detects formats from content', () => {
    expect(detectAnnotationFormat('x.jsonl', '{"format":"spanbench","version":1,"offsets":"codepoint"}\n')).toBe('spanbench');
    expect(detectAnnotationFormat('x.jsonl', '{"text":"a","tokens":[],"spans":[]}')).toBe('prodigy');
    expect(detectAnnotationFormat('x.csv', 'document_id,label\n')).toBe('csv');
    expect(detectAnnotationFormat('x.txt', 'hello')).toBeNull();
    expect(detectAnnotationFormat('x.jsonl', '{"text":"a","label":[[0,1,"ORG"]]}')).toBe('doccano');
    expect(detectAnnotationFormat('x.jsonl', '{"text":"a","entities":[]}')).toBe('doccano');
    // An article with a category is an article: the corpus import keeps "label" as metadata.
    expect(detectAnnotationFormat('x.jsonl', '{"text":"The CSTO met.","label":"military"}')).toBeNull();
  });
});

describe('hostile input', () => {
  it('survives __proto__ keys, huge numbers, deep nesting and junk in every JSON importer', () => {
    const hostile = [
      '{"__proto__":{"polluted":1},"text":"ab","label":[[0,1e400,"X"],[0,9007199254740993,"Y"],["0",1,"Z"]],"entities":[{"id":{"__proto__":1},"start_offset":-1,"end_offset":1,"label":"Q"}]}',
      '{"text":"ab","spans":[{"start":0,"end":1,"label":{"toString":"x"}}],"meta":{"constructor":{"prototype":{"polluted":1}}}}',
      `${'['.repeat(600)}${']'.repeat(600)}`,
      'null',
      '{"text":"ab","data":{"text":7},"annotations":[{"result":[{"type":"labels","value":{"start":0,"end":1,"labels":["__proto__"]}}]}]}',
    ].join('\n');
    for (const format of ['doccano', 'prodigy', 'spanbench', 'labelstudio'] as const) {
      const result = importFile(format, 'h.jsonl', hostile, {});
      expect(hasErrors(result)).toBe(true);
    }
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.prototype).not.toHaveProperty('polluted');
  });

  it('the located JSON parser keeps __proto__ as data and reports the line of a syntax error', () => {
    const { value } = parseJsonWithLines('{"__proto__": {"x": 1}}');
    expect(Object.getPrototypeOf(value)).toBe(Object.prototype);
    expect(Object.keys(value as object)).toEqual(['__proto__']);
    expect(() => parseJsonWithLines('[\n1,\n2,,\n]')).toThrow(/line 3/);
  });
});
