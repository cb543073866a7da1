/**
 * brat and line breaks: a span that crosses one is written as brat's UI writes it, cut into
 * fragments at the line breaks, and read back as the one span it was.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { SpanInput } from '../model';
import { createBratExporter, importBrat } from './brat';
import { allProblems, hasErrors } from './shared';
import { only, runExport } from './test-helpers';
import type { ExportDocument, ImportResult } from './types';

/** The lines brat's server reads from an .ann: codecs readlines(), i.e. Python's str.splitlines(). */
function pythonLines(text: string): string[] {
  const lines = text.split(/\r\n|[\n\r\v\f\x1c\x1d\x1e\x85\u2028\u2029]/);
  if (lines[lines.length - 1] === '') lines.pop();
  return lines;
}

/**
 * brat's TextAnnotations._parse_textbound_annotation on every T line, counting in code points as
 * Python does: the text column must begin with the fragments' text joined by one space. Returns
 * the lines brat refuses.
 */
function bratRefuses(txt: string, ann: string): string[] {
  const doc = [...txt];
  const refused: string[] = [];
  for (const line of pythonLines(ann)) {
    if (!line.startsWith('T')) continue;
    const idTail = line.slice(line.indexOf('\t') + 1);
    const tab = idTail.indexOf('\t');
    const data = tab < 0 ? idTail : idTail.slice(0, tab);
    const tail = tab < 0 ? [] : [...idTail.slice(tab)];
    const spans = data
      .slice(data.indexOf(' ') + 1)
      .split(';')
      .map((p) => p.split(' ').map(Number) as [number, number]);
    const seen: Array<[number, number]> = [];
    const bad = spans.some(([s, e]) => {
      const overlaps = seen.some(([os, oe]) => e >= os && s < oe);
      seen.push([s, e]);
      return !Number.isInteger(s) || !Number.isInteger(e) || s > e || s < 0 || e > doc.length || overlaps;
    });
    const spanLength = spans.reduce((n, [s, e]) => n + e - s, 0) + spans.length - 1;
    const reference = spans.map(([s, e]) => doc.slice(s, e).join('')).join(' ');
    const rest = tail.slice(spanLength + 1);
    if (bad || tail[0] !== '\t' || tail.slice(1, spanLength + 1).join('') !== reference || (rest.length > 0 && !/\s/.test(rest[0]!))) refused.push(line);
  }
  return refused;
}

function exportOne(text: string, spans: SpanInput[], relations: ExportDocument['relations'] = []) {
  const { files, summary } = runExport(createBratExporter(), [{ id: 1, text, spans, relations }]);
  return { txt: files.get('1.txt')!, ann: files.get('1.ann')!, summary };
}

function importOne(txt: string, ann: string): ImportResult {
  return importBrat({ txtName: '1.txt', txtText: txt, annText: ann });
}

function noErrors(result: ImportResult): void {
  expect(hasErrors(result), allProblems(result).map((p) => `${p.line}: ${p.reason}`).join('\n')).toBe(false);
}

const cps = (text: string, s: number, e: number) => [...text].slice(s, e).join('');

describe('brat: spans across line breaks', () => {
  it('cuts a span at a line break into fragments whose text brat accepts', () => {
    const text = 'The Collective Security\nTreaty Organization met.';
    const { txt, ann, summary } = exportOne(text, [{ key: 'T1', label: 'Agency', start: 4, end: 43 }]);
    expect(ann).toBe('T1\tAgency 4 23;24 43\tCollective Security Treaty Organization\n');
    expect(bratRefuses(txt, ann)).toEqual([]);
    expect(summary.losses.count).toBe(0);
  });

  it('cuts at CRLF, a blank line, a lone CR and the other characters brat reads as line ends', () => {
    const cases: Array<[string, string]> = [
      ['Collective Security\r\nTreaty', '0 19;21 27\tCollective Security Treaty'],
      ['Collective Security\n\nTreaty', '0 19;21 27\tCollective Security Treaty'],
      ['Collective Security\r\n\r\nTreaty', '0 19;23 29\tCollective Security Treaty'],
      ['Collective\rSecurity', '0 10;11 19\tCollective Security'],
      ['Collective\u2028Security\u2029Treaty', '0 10;11 19;20 26\tCollective Security Treaty'],
      ['Collective\x85Security\fTreaty\vOrg', '0 10;11 19;20 26;27 30\tCollective Security Treaty Org'],
    ];
    for (const [text, line] of cases) {
      const { txt, ann } = exportOne(text, [{ key: 'T1', label: 'Agency', start: 0, end: [...text].length }]);
      expect(ann).toBe(`T1\tAgency ${line}\n`);
      expect(pythonLines(ann)).toHaveLength(1);
      expect(bratRefuses(txt, ann)).toEqual([]);
    }
  });

  it('counts code points: an emoji before a span across CRLF', () => {
    const text = '😀 ОДКБ: Collective\r\nSecurity 😀 Treaty';
    const start = 2;
    const end = [...text].length;
    const { txt, ann } = exportOne(text, [{ key: 'T1', label: 'Agency', start, end }]);
    expect(ann).toBe('T1\tAgency 2 18;20 37\tОДКБ: Collective Security 😀 Treaty\n');
    expect(bratRefuses(txt, ann)).toEqual([]);
    const back = only(importOne(txt, ann)).spans[0]!;
    expect(back).toEqual({ key: 'T1', label: 'Agency', start, end });
    expect(cps(text, back.start, back.end)).toBe('ОДКБ: Collective\r\nSecurity 😀 Treaty');
  });

  it('cuts each fragment of a discontinuous span at its line breaks', () => {
    // "Collective Security\nTreaty" and "Organization\r\nof States", with " of the " between them.
    const text = 'The Collective Security\nTreaty of the Organization\r\nof States';
    const fragments: Array<[number, number]> = [[4, 30], [38, 61]];
    const { txt, ann, summary } = exportOne(text, [{ key: 'T1', label: 'Agency', start: 4, end: 61, fragments }]);
    expect(ann).toBe('T1\tAgency 4 23;24 30;38 50;52 61\tCollective Security Treaty Organization of States\n');
    expect(bratRefuses(txt, ann)).toEqual([]);
    expect(summary.losses.count).toBe(0);
    const result = importOne(txt, ann);
    noErrors(result);
    expect(only(result).spans).toEqual([{ key: 'T1', label: 'Agency', start: 4, end: 61, fragments }]);
  });

  it('reads back every span it cut exactly as it was: start, end, text, no fragments', () => {
    const text = 'The Collective Security\nTreaty Organization met.\r\n\r\nMinsk\u2028talks, 😀\n\nthen\rnone.';
    const spans: SpanInput[] = [
      { key: 'T1', label: 'Agency', start: 4, end: 43 },
      { key: 'T2', label: 'PlannedEvent', start: 30, end: 57 },
      { key: 'T3', label: 'Decision', start: 52, end: [...text].length },
    ];
    const { txt, ann } = exportOne(text, spans);
    expect(bratRefuses(txt, ann)).toEqual([]);
    const result = importOne(txt, ann);
    noErrors(result);
    expect(result.documents[0]!.warnings).toEqual([]);
    const back = only(result).spans;
    expect(back).toEqual(spans);
    expect(back.map((s) => cps(text, s.start, s.end))).toEqual(spans.map((s) => cps(text, s.start, s.end)));
  });

  it('reads brat UI fragments cut at line breaks as one span, and keeps other gaps discontinuous', () => {
    const txt = 'The Collective Security\r\nTreaty of the\nOrganization met \nin Minsk.';
    const ann = [
      // Cut by brat's UI at the CRLF.
      'T1\tAgency 4 23;25 31\tCollective Security Treaty',
      // A real gap: a word lies between the fragments.
      'T2\tAgency 25 31;39 51\tTreaty Organization',
      // The cut at "\n" is joined, the gap " of the " stays.
      'T3\tAgency 4 23;25 31;39 51\tCollective Security Treaty Organization',
      // A space before the line break is not a line break: the fragments stay apart.
      'T4\tDecision 52 55;57 59\tmet in',
      '',
    ].join('\n');
    const result = importOne(txt, ann);
    noErrors(result);
    expect(only(result).spans).toEqual([
      { key: 'T1', label: 'Agency', start: 4, end: 31 },
      { key: 'T2', label: 'Agency', start: 25, end: 51, fragments: [[25, 31], [39, 51]] },
      { key: 'T3', label: 'Agency', start: 4, end: 51, fragments: [[4, 31], [39, 51]] },
      { key: 'T4', label: 'Decision', start: 52, end: 59, fragments: [[52, 55], [57, 59]] },
    ]);
  });

  it('checks the text column as brat does, and still reads the one-fragment lines older exports wrote', () => {
    const txt = 'The Collective Security\nTreaty Organization met.';
    const ann = [
      'T1\tAgency 4 23;24 43\tCollective Security Treaty Organization',
      // brat refuses this line; older Spanbench exports wrote it.
      'T2\tAgency 4 43\tCollective Security Treaty Organization',
      // Neither form: the document has no space between "Security" and "Treaty" here.
      'T3\tAgency 4 23;24 43\tCollective SecurityTreaty Organization',
      'T4\tAgency 4 43\tCollective Security\tTreaty Organization',
      '',
    ].join('\n');
    const result = importOne(txt, ann);
    expect(only(result).spans).toEqual([
      { key: 'T1', label: 'Agency', start: 4, end: 43 },
      { key: 'T2', label: 'Agency', start: 4, end: 43 },
    ]);
    expect(result.documents[0]!.errors.map((e) => [e.line, e.span])).toEqual([
      [3, 'T3'],
      [4, 'T4'],
    ]);
    expect(result.documents[0]!.warnings.map((w) => [w.line, w.span])).toEqual([[2, 'T2']]);
    expect(result.documents[0]!.warnings[0]!.reason).toMatch(/line breaks/);
  });

  it('reports what brat cannot mark instead of writing a line brat refuses', () => {
    const text = 'Minsk\n\nCollective Security\nTreaty\r\n';
    const spans: SpanInput[] = [
      { key: 'a', label: 'Agency', start: 5, end: 7 },
      { key: 'b', label: 'Agency', start: 5, end: 26, note: 'x' },
      { key: 'c', label: 'Agency', start: 7, end: 33, fragments: [[7, 26], [27, 33]] },
      { key: 'd', label: 'Agency', start: 0, end: 5 },
    ];
    const relations = [
      { key: 'r1', type: 'rel', from: 'a', to: 'd' },
      { key: 'r2', type: 'rel', from: 'b', to: 'd' },
    ];
    const { txt, ann, summary } = exportOne(text, spans, relations);
    expect(ann).toBe('T2\tAgency 7 26\tCollective Security\nT3\tAgency 7 26;27 33\tCollective Security Treaty\nT4\tAgency 0 5\tMinsk\nR1\trel Arg1:T2 Arg2:T4\t\n#1\tAnnotatorNotes T2\tx\n');
    expect(bratRefuses(txt, ann)).toEqual([]);
    expect(summary.losses.items.map((l) => [l.kind, l.key, l.reason])).toEqual([
      ['span', 'a', 'only line breaks (brat cannot mark a line break)'],
      ['span', 'b', 'line breaks at its edges left out (brat cannot mark a line break)'],
      ['span', 'c', 'fragments separated only by line breaks read back as one continuous span'],
      ['relation', 'r1', 'relation end is a span left out (only line breaks)'],
    ]);
    expect(summary.spans).toBe(3);
    expect(summary.relations).toBe(1);
  });

  it('keeps notes on one line where brat reads lines', () => {
    const { txt, ann, summary } = exportOne('Minsk', [{ key: 'T1', label: 'Agency', start: 0, end: 5, note: 'one\u2028two\x85three\r\nfour' }]);
    expect(pythonLines(ann)).toEqual(['T1\tAgency 0 5\tMinsk', '#1\tAnnotatorNotes T1\tone two three four']);
    expect(bratRefuses(txt, ann)).toEqual([]);
    expect(summary.losses.byReason).toEqual({ 'note line breaks replaced by spaces': 1 });
  });

  it('keeps labels, relation types and relation notes on one line too, and says so', () => {
    const { ann, summary } = exportOne(
      'Minsk met Moscow',
      [
        { key: 'a', label: 'Org\x85Unit', start: 0, end: 5 },
        { key: 'b', label: 'Agency', start: 10, end: 16 },
      ],
      [{ key: 'r', type: 'meets\u2028with', from: 'a', to: 'b', note: 'first\u2029second' }],
    );
    expect(pythonLines(ann)).toEqual([
      'T1\tOrg_Unit 0 5\tMinsk',
      'T2\tAgency 10 16\tMoscow',
      'R1\tmeets_with Arg1:T1 Arg2:T2\t',
      '#1\tAnnotatorNotes R1\tfirst second',
    ]);
    expect(summary.losses.byReason).toMatchObject({ 'note line breaks replaced by spaces': 1, 'label whitespace replaced by "_"': 1, 'relation type whitespace replaced by "_"': 1 });
  });

  it('writes only lines brat accepts, and reads back every span it does not report', () => {
    const pieces = ['a', 'Security', ' ', '\n', '\r\n', '\r', '\n\n', '\u2028', '\x85', '\f', '😀', 'é', '\t'];
    const docArb = fc
      .array(fc.constantFrom(...pieces), { minLength: 1, maxLength: 20 })
      .map((p) => p.join(''))
      .chain((text) => {
        const len = [...text].length;
        const span = fc
          .record({ a: fc.nat(len), b: fc.nat(len), cut: fc.nat(len) })
          .filter(({ a, b }) => a !== b)
          .map(({ a, b, cut }): SpanInput => {
            const start = Math.min(a, b);
            const end = Math.max(a, b);
            // Sometimes a discontinuous span: two fragments with a gap of at least one character.
            const at = start + (cut % (end - start));
            return at > start && at + 1 < end ? { label: 'L', start, end, fragments: [[start, at], [at + 1, end]] } : { label: 'L', start, end };
          });
        return fc.array(span, { maxLength: 5 }).map((spans): ExportDocument => ({ id: 1, text, spans: spans.map((s, i) => ({ ...s, key: `T${i + 1}` })), relations: [] }));
      });
    fc.assert(
      fc.property(docArb, (doc) => {
        const { files, summary } = runExport(createBratExporter(), [doc]);
        const txt = files.get('1.txt')!;
        const ann = files.get('1.ann')!;
        expect(bratRefuses(txt, ann)).toEqual([]);
        expect(pythonLines(ann)).toEqual(ann.split('\n').slice(0, -1));
        const result = importOne(txt, ann);
        noErrors(result);
        const back = only(result).spans;
        const reported = new Set(summary.losses.items.map((l) => l.key));
        for (const span of doc.spans) {
          const got = back.find((b) => b.key === span.key);
          if (reported.has(span.key)) expect(got).not.toEqual(span);
          else expect(got).toEqual(span);
        }
      }),
      { numRuns: 300 },
    );
  });
});
