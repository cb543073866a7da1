import { describe, expect, it } from 'vitest';
import { createSpanbenchExporter, createSpanbenchLineImporter } from './spanbench';
import { runLineImporter, hasErrors } from './shared';
import { only, runExport, sampleDoc } from './test-helpers';

const EXPECTED =
  '{"format":"spanbench","version":1,"offsets":"codepoint"}\n' +
  '{"id":7,"title":"T","status":"done","text":"Hi 😀 Anna\\r\\nBerlin!","spans":[' +
  '{"key":"a","label":"PER","start":5,"end":9,"text":"Anna","note":"n"},' +
  '{"key":"b","label":"LOC","start":11,"end":17,"text":"Berlin"}],' +
  '"relations":[{"key":"r","type":"livesIn","from":"a","to":"b"}]}\n';

describe('spanbench', () => {
  it('writes code point offsets after the emoji and keeps CRLF escaped in JSON', () => {
    const { files, summary } = runExport(createSpanbenchExporter(), [sampleDoc()]);
    expect(files.get('')).toBe(EXPECTED);
    expect(summary.losses.count).toBe(0);
  });

  it('writes UTF-16 offsets and says so in the header when asked', () => {
    const out = runExport(createSpanbenchExporter({ offsets: 'utf16' }), [sampleDoc()]).files.get('')!;
    expect(out.split('\n')[0]).toBe('{"format":"spanbench","version":1,"offsets":"utf16"}');
    expect(out).toContain('"start":6,"end":10,"text":"Anna"');
    const back = only(runLineImporter(createSpanbenchLineImporter('x.jsonl'), out));
    expect(back.spans.map((s) => [s.start, s.end])).toEqual([[5, 9], [11, 17]]);
  });

  it('reads its own output losslessly', () => {
    const result = runLineImporter(createSpanbenchLineImporter('x.jsonl'), EXPECTED.replace(/\n/g, '\r\n'));
    expect(hasErrors(result)).toBe(false);
    const { id: _id, ...expected } = sampleDoc();
    expect(only(result)).toEqual({
      ...expected,
      spans: expected.spans.map((s, i) => ({ ...s, text: i === 0 ? 'Anna' : 'Berlin' })).map(({ text: _t, ...s }) => s),
    });
    expect(result.documents[0]!.sourceId).toBe('7');
  });

  it('reports bad spans with file, line and span, and keeps the valid ones', () => {
    const text = [
      '{"format":"spanbench","version":1,"offsets":"codepoint"}',
      '{"id":1,"text":"abc","spans":[{"key":"k1","label":"X","start":2,"end":1},{"label":"Y","start":0,"end":9},' +
        '{"label":"Z","start":0.5,"end":1},{"label":"W","start":0,"end":1,"text":"b"},{"label":"V","start":9007199254740993,"end":1},' +
        '{"label":"OK","start":0,"end":3,"text":"abc"}],"relations":[{"type":"r","from":"k1","to":"zz"}]}',
    ].join('\n');
    const result = runLineImporter(createSpanbenchLineImporter('bad.jsonl'), text);
    const doc = result.documents[0]!;
    expect(doc.document.spans.map((s) => s.label)).toEqual(['OK']);
    expect(doc.errors.map((e) => [e.file, e.line, e.span])).toEqual([
      ['bad.jsonl', 2, 'k1'],
      ['bad.jsonl', 2, '#1'],
      ['bad.jsonl', 2, '#2'],
      ['bad.jsonl', 2, '#3'],
      ['bad.jsonl', 2, '#4'],
      ['bad.jsonl', 2, undefined],
    ]);
    expect(doc.errors[0]!.reason).toMatch(/start 2 is after end 1/);
    expect(doc.errors[1]!.reason).toMatch(/outside the text/);
    expect(doc.errors[3]!.reason).toMatch(/does not match/);
    expect(doc.errors[4]!.reason).toMatch(/not a whole number/);
  });

  it('refuses fragments out of order, overlapping, empty or not covering the span (brat refuses them too)', () => {
    const header = '{"format":"spanbench","version":1,"offsets":"codepoint"}';
    const fragments = (list: unknown, start = 0, end = 13) =>
      runLineImporter(
        createSpanbenchLineImporter('f.jsonl'),
        `${header}\n${JSON.stringify({ text: 'NATO and CSTO', spans: [{ key: 's', label: 'X', start, end, fragments: list }] })}\n`,
      ).documents[0]!;
    expect(fragments([[9, 13], [0, 4], [2, 6]]).errors[0]!.reason).toBe('span s: fragments overlap or are out of order (9-13 then 0-4)');
    expect(fragments([[0, 4], [2, 13]]).errors[0]!.reason).toBe('span s: fragments overlap or are out of order (0-4 then 2-13)');
    expect(fragments([[0, 4], [9, 13]], 0, 9).errors[0]!.reason).toBe("span s: fragments cover 0-13, not the span's 0-9");
    expect(fragments([]).errors[0]!.reason).toBe('span s: fragments are an empty list');
    const good = fragments([[0, 4], [9, 13]]);
    expect(good.errors).toEqual([]);
    expect(good.document.spans[0]!.fragments).toEqual([[0, 4], [9, 13]]);
  });

  it('requires the header and refuses other versions', () => {
    const noHeader = runLineImporter(createSpanbenchLineImporter('a.jsonl'), '{"text":"x","spans":[]}\n');
    expect(noHeader.errors[0]!.reason).toMatch(/missing header/);
    const v2 = runLineImporter(createSpanbenchLineImporter('a.jsonl'), '{"format":"spanbench","version":2,"offsets":"codepoint"}\n');
    expect(v2.errors[0]!.reason).toMatch(/version 2/);
  });

  it('does not let __proto__ keys pollute prototypes', () => {
    const line =
      '{"format":"spanbench","version":1,"offsets":"codepoint"}\n' +
      '{"id":1,"text":"ab","metadata":{"__proto__":{"polluted":true}},"spans":[{"label":"X","start":0,"end":1,"attributes":{"__proto__":"x","constructor":"y"}}],"relations":[]}';
    const doc = only(runLineImporter(createSpanbenchLineImporter('p.jsonl'), line));
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.getPrototypeOf(doc.metadata)).toBe(Object.prototype);
    expect(Object.keys(doc.spans[0]!.attributes!)).toEqual(['__proto__', 'constructor']);
    expect(Object.getPrototypeOf(doc.spans[0]!.attributes)).toBe(Object.prototype);
  });
});
