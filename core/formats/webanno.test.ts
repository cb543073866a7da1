import { describe, expect, it } from 'vitest';
import { createWebannoExporter, escapeText, importWebanno, unescapeText } from './webanno';
import { hasErrors } from './shared';
import { only, runExport, sampleDoc, spanTexts } from './test-helpers';

const EXPECTED =
  '#FORMAT=WebAnno TSV 3.3\n#T_SP=webanno.custom.Span|label\n\n\n' +
  '#Text=Hi 😀 Anna\\r\n#Text=\n' +
  '1-1\t0-2\tHi\t_\t\n1-2\t3-5\t😀\t_\t\n1-3\t6-10\tAnna\tPER\t\n' +
  '\n#Text=Berlin!\n' +
  '2-1\t12-18\tBerlin\tLOC\t\n2-2\t18-19\t!\t_\t\n';

describe('webanno', () => {
  it('writes UTF-16 token offsets, escaped CR, one #Text line per text line', () => {
    const { files, summary } = runExport(createWebannoExporter(), [sampleDoc()]);
    expect(files.get('7.tsv')).toBe(EXPECTED);
    expect(summary.losses.byReason).toEqual({
      'relations are not exported to WebAnno TSV': 1,
      'span notes': 1,
      'document metadata field title': 1,
      'document status': 1,
    });
  });

  it('reads it back byte for byte', () => {
    const result = importWebanno('7.tsv', EXPECTED);
    expect(hasErrors(result)).toBe(false);
    const doc = only(result);
    expect(doc.text).toBe('Hi 😀 Anna\r\nBerlin!');
    expect(spanTexts(doc)).toEqual(['PER:Anna', 'LOC:Berlin']);
  });

  it('writes stacked and multi-token spans with ids and reads them back', () => {
    const doc = { id: 's', text: 'New York City', spans: [{ label: 'CITY', start: 0, end: 13 }, { label: 'STATE', start: 0, end: 8 }, { label: 'X', start: 9, end: 13 }], relations: [] };
    const out = runExport(createWebannoExporter(), [doc]).files.get('s.tsv')!;
    expect(out).toContain('1-1\t0-3\tNew\tCITY[1]|STATE[2]\t\n1-2\t4-8\tYork\tCITY[1]|STATE[2]\t\n1-3\t9-13\tCity\tCITY[1]|X[3]\t\n');
    expect(spanTexts(only(importWebanno('s.tsv', out))).sort()).toEqual(['CITY:New York City', 'STATE:New York', 'X:City']);
  });

  it('escapes text like INCEpTION', () => {
    expect(escapeText('a\tb\\c\rd\u0001')).toBe('a\\tb\\\\c\\rd\\\u0001');
    expect(unescapeText(escapeText('x\t\\n\r\b\f\u0002y'))).toBe('x\t\\n\r\b\f\u0002y');
  });

  it('reports token forms that do not match their offsets (wrong unit)', () => {
    const result = importWebanno('e.tsv', EXPECTED, { offsets: 'codepoint' });
    expect(result.documents[0]!.errors.length).toBeGreaterThan(0);
    expect(result.documents[0]!.errors[0]!.line).toBe(8);
  });
});
