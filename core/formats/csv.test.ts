import { describe, expect, it } from 'vitest';
import { createCsvExporter, createCsvLineImporter, neutralizeCell, parseCsvRecord, restoreCell } from './csv';
import { hasErrors, runLineImporter } from './shared';
import { only, runExport, sampleDoc } from './test-helpers';

describe('csv', () => {
  it('writes one CRLF row per span with code point offsets', () => {
    const { files, summary } = runExport(createCsvExporter(), [sampleDoc()]);
    expect(files.get('')).toBe('document_id,title,label,start,end,text,note\r\n7,T,PER,5,9,Anna,n\r\n7,T,LOC,11,17,Berlin,\r\n');
    expect(summary.losses.byReason).toEqual({ 'CSV cannot express relations': 1, 'document status': 1 });
  });

  it('neutralizes formula cells and quotes CR/LF, and reverses both on import', () => {
    const text = '=1+2, "q"\r\n-x';
    const doc = { id: '@id', title: '+t', text, spans: [{ label: '=HYPERLINK("x")', start: 0, end: 13, note: "'=kept" }, { label: 'L', start: 11, end: 13 }], relations: [] };
    const out = runExport(createCsvExporter(), [doc]).files.get('')!;
    expect(out).toBe(
      'document_id,title,label,start,end,text,note\r\n' +
        `'@id,'+t,"'=HYPERLINK(""x"")",0,13,"'=1+2, ""q""\r\n-x",''=kept\r\n` +
        "'@id,'+t,L,11,13,'-x,\r\n",
    );
    const result = runLineImporter(createCsvLineImporter('a.csv', { resolveText: (id) => (id === '@id' ? text : undefined) }), out);
    expect(hasErrors(result)).toBe(false);
    const back = only(result);
    expect(back.title).toBe('+t');
    // Each span knows its row's first line (the first row's quoted cell runs over two lines).
    expect(back.spans).toEqual([
      { label: '=HYPERLINK("x")', start: 0, end: 13, note: "'=kept", line: 2 },
      { label: 'L', start: 11, end: 13, line: 4 },
    ]);
  });

  it('reports unknown documents and mismatched text by line', () => {
    const csv = 'document_id,label,start,end,text\n1,X,0,2,ab\n1,X,0,2,zz\n2,X,0,1,a\n';
    const result = runLineImporter(createCsvLineImporter('m.csv', { resolveText: (id) => (id === '1' ? 'abc' : undefined) }), csv);
    expect(result.documents[0]!.errors).toMatchObject([{ line: 3, file: 'm.csv' }]);
    expect(result.errors).toMatchObject([{ line: 4 }]);
  });

  it('parses RFC 4180 records', () => {
    expect(parseCsvRecord('a,"b,""c""",,d')).toEqual(['a', 'b,"c"', '', 'd']);
    expect(restoreCell(neutralizeCell("''-x"))).toBe("''-x");
    expect(neutralizeCell('\tx')).toBe("'\tx");
  });
});
