import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { SpanInput } from '../model';
import { codePointLength } from '../offsets';
import { createProdigyExporter, createProdigyLineImporter } from './prodigy';
import { hasErrors, runLineImporter } from './shared';
import { docs, only, relationSet, runExport, sampleDoc, spanSet } from './test-helpers';
import type { ExportDocument, OffsetUnit } from './types';

interface ProdigyToken {
  text: string;
  start: number;
  end: number;
  id: number;
  ws: boolean;
}

interface ProdigyRecord {
  text: string;
  tokens: ProdigyToken[];
  spans: Array<{ start: number; end: number; label: string; token_start?: number; token_end?: number }>;
  relations: Array<{ head: number; child: number }>;
}

function exportRecords(input: readonly ExportDocument[], offsets: OffsetUnit = 'codepoint'): ProdigyRecord[] {
  const { files } = runExport(createProdigyExporter({ offsets }), input);
  return files.get('')!.trim().split('\n').map((line) => JSON.parse(line) as ProdigyRecord);
}

function textDoc(text: string, spans: SpanInput[] = [], id = 1): ExportDocument {
  return { id, text, spans, relations: [] };
}

/** spaCy's Doc(vocab, words, spaces).text: each word, plus one space where ws is true. */
function rebuild(tokens: readonly ProdigyToken[]): string {
  return tokens.map((t) => t.text + (t.ws ? ' ' : '')).join('');
}

/** Every token's text is the text between its offsets, offsets run on without gaps and ids count up. */
function expectTokensTile(record: ProdigyRecord, offsets: OffsetUnit): void {
  const units = offsets === 'utf16' ? record.text.split('') : [...record.text];
  const slice = (a: number, b: number) => (offsets === 'utf16' ? record.text.slice(a, b) : units.slice(a, b).join(''));
  let at = 0;
  record.tokens.forEach((t, i) => {
    expect(t.id).toBe(i);
    expect(t.text).not.toBe('');
    expect(t.start).toBe(at);
    expect(slice(t.start, t.end)).toBe(t.text);
    at = t.end + (t.ws ? 1 : 0);
    if (t.ws) expect(slice(t.end, at)).toBe(' ');
  });
  expect(at).toBe(units.length);
}

const TRICKY_TEXTS = [
  // Like the sample article: paragraphs split by a blank line.
  'The XVIII meeting of the ICMEC CSTO was held on Nov. 27, the press service reported.\n\nThis event was held in the format of videoconferencing.\n\nRepresentatives took part in the meeting.\n',
  'Line one NATO.\r\nLine two  CSTO agreed.',
  'The Collective Security\nTreaty Organization met.',
  '  leading spaces',
  '\n\nleading blank line',
  'trailing space ',
  'trailing spaces and break  \r\n',
  'tab\tseparated\t\tcolumns',
  'a \n b',
  'double  space   triple',
  // Whitespace tokens after astral characters: code point and UTF-16 offsets part ways.
  'emoji 😀  and ZWJ 👩‍👩‍👧\nfamily 🇩🇪.\t𝕏',
  'e\u0301te\u0301\ncafe\u0301  \u0301mark after spaces',
  'مرحبا بالعالم\n  اتفاق',
  'no\u00a0break\u3000ideographic',
  ' ',
  '\r\n',
  '',
];

describe('prodigy', () => {
  it('writes text, tokens (inclusive token_end) and spans in code points', () => {
    const { files } = runExport(createProdigyExporter(), [sampleDoc()]);
    const per = '{"start":5,"end":9,"label":"PER","token_start":2,"token_end":2}';
    const loc = '{"start":11,"end":17,"label":"LOC","token_start":4,"token_end":4}';
    expect(files.get('')).toBe(
      '{"text":"Hi 😀 Anna\\r\\nBerlin!","tokens":[' +
        '{"text":"Hi","start":0,"end":2,"id":0,"ws":true},{"text":"😀","start":3,"end":4,"id":1,"ws":true},' +
        '{"text":"Anna","start":5,"end":9,"id":2,"ws":false},{"text":"\\r\\n","start":9,"end":11,"id":3,"ws":false},' +
        '{"text":"Berlin","start":11,"end":17,"id":4,"ws":false},{"text":"!","start":17,"end":18,"id":5,"ws":false}],' +
        `"spans":[${per},${loc}],"relations":[{"head":2,"child":4,"head_span":${per},"child_span":${loc},"label":"livesIn"}],` +
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

  describe('tokens rebuild the text as spaCy does', () => {
    it('for tricky texts, in both units', () => {
      for (const offsets of ['codepoint', 'utf16'] as const) {
        const records = exportRecords(TRICKY_TEXTS.map((text, i) => textDoc(text, [], i + 1)), offsets);
        records.forEach((record, i) => {
          expect(rebuild(record.tokens), `${offsets} ${JSON.stringify(TRICKY_TEXTS[i])}`).toBe(TRICKY_TEXTS[i]);
          expectTokensTile(record, offsets);
        });
      }
    });

    it('makes whitespace other than one space after a word a token, like spaCy', () => {
      const tokens = (text: string) => exportRecords([textDoc(text)])[0]!.tokens.map((t) => [t.text, t.ws]);
      expect(tokens('a\nb')).toEqual([['a', false], ['\n', false], ['b', false]]);
      expect(tokens('a  b')).toEqual([['a', true], [' ', false], ['b', false]]);
      expect(tokens('a \n b')).toEqual([['a', true], ['\n ', false], ['b', false]]);
      expect(tokens('a\r\n\r\nb')).toEqual([['a', false], ['\r\n\r\n', false], ['b', false]]);
      expect(tokens('  a ')).toEqual([['  ', false], ['a', true]]);
      expect(tokens('a\t')).toEqual([['a', false], ['\t', false]]);
    });

    it('holds for random texts, with random spans splitting tokens, in both units', () => {
      const pieces = ['a', 'Bc', ' ', '  ', '\n', '\n\n', '\r\n', '\t', '\u00a0', '😀', '👩‍👩‍👧', 'e\u0301', '\u0301', 'مرحبا', '.', '-'];
      const textArb = fc.array(fc.oneof(fc.constantFrom(...pieces), fc.string({ unit: 'grapheme', maxLength: 3 })), { maxLength: 20 }).map((p) => p.join(''));
      const docArb = textArb.chain((text) => {
        const len = codePointLength(text);
        const span = fc.record({ a: fc.nat(len), b: fc.nat(len) }).filter(({ a, b }) => a !== b).map(({ a, b }) => ({ label: 'X', start: Math.min(a, b), end: Math.max(a, b) }));
        return (len > 0 ? fc.array(span, { maxLength: 4 }) : fc.constant<SpanInput[]>([])).map((spans) => textDoc(text, spans));
      });
      fc.assert(
        fc.property(docArb, fc.constantFrom('codepoint' as const, 'utf16' as const), (doc, offsets) => {
          const [record] = exportRecords([doc], offsets);
          expect(rebuild(record!.tokens)).toBe(doc.text);
          expectTokensTile(record!, offsets);
          for (const s of record!.spans) {
            if (s.token_start === undefined) continue;
            expect(record!.tokens[s.token_start]!.text.trim()).not.toBe('');
            expect(record!.tokens[s.token_end!]!.text.trim()).not.toBe('');
          }
        }),
        { numRuns: 200 },
      );
    });
  });

  it('points token_start/token_end at the right tokens after a blank line and inside a line break', () => {
    const text = 'The CSTO met.\n\nThe Collective Security\nTreaty Organization agreed  today.';
    const at = (s: string) => codePointLength(text.slice(0, text.indexOf(s)));
    const spans: SpanInput[] = [
      { key: 'a', label: 'Agency', start: at('CSTO'), end: at('CSTO') + 4 },
      { key: 'b', label: 'Agency', start: at('Collective'), end: at(' Organization') + 13 },
      { key: 'c', label: 'Decision', start: at('agreed'), end: at('today') + 5 },
    ];
    const doc: ExportDocument = { id: 1, text, spans, relations: [{ key: 'r', type: 'rel', from: 'b', to: 'c' }] };
    for (const offsets of ['codepoint', 'utf16'] as const) {
      const [record] = exportRecords([doc], offsets);
      const covered = record!.spans.map((s) => record!.tokens.slice(s.token_start, s.token_end! + 1).map((t) => t.text));
      expect(covered).toEqual([['CSTO'], ['Collective', 'Security', '\n', 'Treaty', 'Organization'], ['agreed', ' ', 'today']]);
      for (const s of record!.spans) {
        expect(record!.tokens[s.token_start!]!.start).toBe(s.start);
        expect(record!.tokens[s.token_end!]!.end).toBe(s.end);
      }
      expect(record!.relations[0]).toMatchObject({ head: record!.spans[1]!.token_end, child: record!.spans[2]!.token_end });
    }
  });

  it('imports its own export with whitespace tokens back to the same text, spans and relations', () => {
    const input = TRICKY_TEXTS.filter((t) => t.trim() !== '').map((text, i) => {
      const words = [...text.matchAll(/\S+/gu)];
      const cp = (u: number) => codePointLength(text.slice(0, u));
      const first = words[0]!;
      const last = words[words.length - 1]!;
      const spans: SpanInput[] = [
        { key: 'a', label: 'Agency', start: cp(first.index), end: cp(first.index + first[0].length) },
        { key: 'b', label: 'Decision', start: cp(first.index), end: cp(last.index + last[0].length) },
      ];
      return { id: i + 1, title: `t${i}`, text, spans, relations: [{ key: 'r', type: 'rel', from: 'a', to: 'b' }] };
    });
    for (const offsets of ['codepoint', 'utf16'] as const) {
      const { files } = runExport(createProdigyExporter({ offsets }), input);
      expect(files.get('')).toMatch(/"text":"\\n\\n"/);
      const result = runLineImporter(createProdigyLineImporter('p.jsonl', { offsets }), files.get('')!);
      expect(hasErrors(result)).toBe(false);
      const back = docs(result);
      expect(back.map((d) => d.text)).toEqual(input.map((d) => d.text));
      back.forEach((d, i) => {
        expect(spanSet(d.spans)).toEqual(spanSet(input[i]!.spans));
        expect(relationSet(d)).toEqual(relationSet(input[i]!));
      });
    }
  });
});
