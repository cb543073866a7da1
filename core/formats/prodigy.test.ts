import { describe, expect, it } from 'vitest';
import { createProdigyExporter, createProdigyLineImporter } from './prodigy';
import { hasErrors, runLineImporter } from './shared';
import { only, relationSet, runExport, sampleDoc } from './test-helpers';

describe('prodigy', () => {
  it('writes text, tokens (inclusive token_end) and spans in code points', () => {
    const { files } = runExport(createProdigyExporter(), [sampleDoc()]);
    const per = '{"start":5,"end":9,"label":"PER","token_start":2,"token_end":2}';
    const loc = '{"start":11,"end":17,"label":"LOC","token_start":3,"token_end":3}';
    expect(files.get('')).toBe(
      '{"text":"Hi 😀 Anna\\r\\nBerlin!","tokens":[' +
        '{"text":"Hi","start":0,"end":2,"id":0,"ws":true},{"text":"😀","start":3,"end":4,"id":1,"ws":true},' +
        '{"text":"Anna","start":5,"end":9,"id":2,"ws":false},{"text":"Berlin","start":11,"end":17,"id":3,"ws":false},' +
        '{"text":"!","start":17,"end":18,"id":4,"ws":false}],' +
        `"spans":[${per},${loc}],"relations":[{"head":2,"child":3,"head_span":${per},"child_span":${loc},"label":"livesIn"}],` +
        '"meta":{"id":7,"title":"T"},"answer":"accept"}\n',
    );
  });

  it('round-trips including overlapping spans and relations', () => {
    const doc = sampleDoc();
    doc.spans.push({ key: 'c', label: 'NAME', start: 5, end: 17 });
    const { files } = runExport(createProdigyExporter(), [doc]);
    const result = runLineImporter(createProdigyLineImporter('p.jsonl'), files.get('')!);
    expect(hasErrors(result)).toBe(false);
    const back = only(result);
    expect(back.spans.map((s) => `${s.label}@${s.start}-${s.end}`)).toEqual(['PER@5-9', 'LOC@11-17', 'NAME@5-17']);
    expect(relationSet(back)).toEqual(['livesIn:PER@5-9->LOC@11-17']);
    expect(back.title).toBe('T');
  });

  it('skips rejected answers with a warning and checks span text', () => {
    const lines = ['{"text":"ab","spans":[],"answer":"reject"}', '{"text":"ab","spans":[{"start":0,"end":1,"label":"X","text":"b"}]}'].join('\n');
    const result = runLineImporter(createProdigyLineImporter('p.jsonl'), lines);
    expect(result.warnings[0]).toMatchObject({ line: 1 });
    expect(result.documents[0]!.errors[0]).toMatchObject({ line: 2, span: '#0' });
  });
});
