/**
 * import(export(docs)) for every format over random Unicode texts and spans: what the
 * format can express comes back exactly, and what it cannot is reported in the summary.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { SpanInput } from '../model';
import { codePointLength } from '../offsets';
import { tokenize } from '../tokenize';
import { importBrat } from './brat';
import { nonOverlapping } from './conll';
import { createExporter, createLineImporter, importFile } from './registry';
import { hasErrors, allProblems, runLineImporter } from './shared';
import { docs, relationSet, runExport, spanSet } from './test-helpers';
import type { ExportDocument, ImportResult } from './types';
import { importW3c, W3C_ANNOTATIONS_PATH } from './w3c';

const PIECES = ['a', 'Z', 'é', 'e\u0301', '😀', '👩‍👩‍👧', '🇩🇪', '\r\n', '\n', '\t', ' ', '  ', 'Привет', 'мир', 'مرحبا', '.', ',', '"', '-', '=', '中文', '𝕏', 'ß', '\\', '[x]', '|', '_'];
const LABELS = ['PER', 'LOC', '=cmd', '-neg', 'a|b[1]', 'Ärger', '@x', 'x_y*'];
const RUNS = { numRuns: 60 };

const textArb = fc.array(fc.oneof(fc.constantFrom(...PIECES), fc.string({ unit: 'grapheme', maxLength: 3 })), { maxLength: 25 }).map((p) => p.join(''));

/** Random spans anywhere (edges may split graphemes, overlap; never empty, as in a project), maybe discontinuous. */
function randomSpans(text: string, withFragments: boolean): fc.Arbitrary<SpanInput[]> {
  const len = codePointLength(text);
  if (len < 1) return fc.constant([]);
  const span = fc
    .record({ a: fc.nat(len), b: fc.nat(len), label: fc.constantFrom(...LABELS), note: fc.option(fc.constantFrom('n', 'two\r\nlines', '=1+1', 'ü "q"'), { nil: undefined }), split: fc.boolean() })
    .filter(({ a, b }) => a !== b)
    .map(({ a, b, label, note, split }) => {
      const s: SpanInput = { label, start: Math.min(a, b), end: Math.max(a, b) };
      if (note !== undefined) s.note = note;
      if (withFragments && split && s.end - s.start >= 3) s.fragments = [[s.start, s.start + 1], [s.start + 2, s.end]];
      return s;
    });
  return fc.array(span, { maxLength: 6 }).map((spans) => spans.map((s, i) => ({ ...s, key: `k${i}` })));
}

/** Spans made of whole tokens, as CoNLL, Prodigy and WebAnno need. */
function tokenSpans(text: string): fc.Arbitrary<SpanInput[]> {
  const tokens = tokenize(text);
  if (tokens.length === 0) return fc.constant([]);
  const span = fc.record({ a: fc.nat(tokens.length - 1), b: fc.nat(tokens.length - 1), label: fc.constantFrom(...LABELS) }).map(({ a, b, label }) => ({
    label,
    start: tokens[Math.min(a, b)]!.start,
    end: tokens[Math.max(a, b)]!.end,
  }));
  return fc.array(span, { maxLength: 5 }).map((spans) => spans.map((s, i) => ({ ...s, key: `k${i}` })));
}

function docArb(spanArb: (text: string) => fc.Arbitrary<SpanInput[]>): fc.Arbitrary<ExportDocument[]> {
  const one = textArb.chain((text) =>
    spanArb(text).chain((spans) =>
      fc.array(fc.record({ from: fc.nat(Math.max(0, spans.length - 1)), to: fc.nat(Math.max(0, spans.length - 1)) }), { maxLength: spans.length > 0 ? 3 : 0 }).map((rels) => ({
        text,
        title: 'Title, "quoted"',
        spans,
        relations: rels.map((r, i) => ({ key: `r${i}`, type: i % 2 ? 'rel' : 'part_of', from: `k${r.from}`, to: `k${r.to}` })),
      })),
    ),
  );
  return fc.array(one, { minLength: 1, maxLength: 3 }).map((list) => list.map((d, i) => ({ ...d, id: i + 1 })));
}

function noErrors(result: ImportResult): void {
  expect(hasErrors(result), allProblems(result).map((p) => `${p.line}: ${p.reason}`).join('\n')).toBe(false);
}

describe('round trip', () => {
  it('spanbench keeps everything, in both units', () => {
    fc.assert(
      fc.property(docArb((t) => randomSpans(t, true)), fc.constantFrom('codepoint' as const, 'utf16' as const), (input, offsets) => {
        const withStatus = input.map((d) => ({ ...d, status: 'in_progress' as const, metadata: { source: 'x', n: [1, { '__proto__': 2 }] } }));
        const { files } = runExport(createExporter('spanbench', { offsets }), withStatus);
        const result = importFile('spanbench', 'a.jsonl', files.get('')!, {});
        noErrors(result);
        expect(docs(result)).toEqual(withStatus.map(({ id, ...d }) => ({ ...d, externalId: undefined })).map(({ externalId: _e, ...d }) => d));
      }),
      RUNS,
    );
  });

  it('doccano keeps text, spans and relations (UTF-16 by default)', () => {
    fc.assert(
      fc.property(docArb((t) => randomSpans(t, false)), (input) => {
        const { files } = runExport(createExporter('doccano'), input);
        const result = importFile('doccano', 'a.jsonl', files.get('')!, {});
        noErrors(result);
        docs(result).forEach((doc, i) => {
          expect(doc.text).toBe(input[i]!.text);
          expect(spanSet(doc.spans)).toEqual(spanSet(input[i]!.spans));
          expect(relationSet(doc)).toEqual(relationSet(input[i]!));
        });
      }),
      RUNS,
    );
  });

  it('brat keeps text, fragments, notes (line breaks flattened) and relations; reports spans line breaks change', () => {
    fc.assert(
      fc.property(docArb((t) => randomSpans(t, true)), (input) => {
        const { files, summary } = runExport(createExporter('brat'), input);
        let flattened = 0;
        input.forEach((orig, i) => {
          const name = String(orig.id);
          const result = importBrat({ txtName: `${name}.txt`, txtText: files.get(`${name}.txt`)!, annText: files.get(`${name}.ann`)! }, { conf: files.get('annotation.conf')! });
          noErrors(result);
          const doc = docs(result)[0]!;
          expect(doc.text).toBe(orig.text);
          // brat cannot mark a line break: a span of nothing else is left out, one with line breaks
          // at an edge comes back without them, fragments only line breaks apart come back joined.
          // Each is reported; every other span comes back exactly.
          const lineBreakLoss = new Map(
            summary.losses.items.filter((l) => l.documentId === orig.id && /brat cannot mark a line break|read back as one continuous span/.test(l.reason)).map((l) => [l.key, l.reason]),
          );
          const leftOut = new Set(orig.spans.filter((s) => lineBreakLoss.get(s.key)?.startsWith('only line breaks')).map((s) => s.key));
          // Keys k0, k1… are not brat ids, so span j is written as T(j+1).
          const backKey = (j: number) => `T${j + 1}`;
          expect(doc.spans.map((s) => s.key)).toEqual(orig.spans.flatMap((s, j) => (leftOut.has(s.key) ? [] : [backKey(j)])));
          orig.spans.forEach((s, j) => {
            const back = doc.spans.find((b) => b.key === backKey(j));
            if (leftOut.has(s.key)) return;
            const shape = (x: SpanInput) => ({ label: x.label, start: x.start, end: x.end, fragments: x.fragments ?? null });
            if (lineBreakLoss.has(s.key)) expect(shape(back!)).not.toEqual(shape(s));
            else expect(shape(back!)).toEqual(shape(s));
            expect(back!.note ?? null).toBe(s.note ? s.note.replace(/\r\n|\r|\n/g, ' ') : null);
            if (s.note && /[\r\n]/.test(s.note)) flattened++;
          });
          const origKey = (k: string) => `k${Number(k.slice(1)) - 1}`;
          expect(doc.relations.map((r) => `${r.type}:${origKey(r.from)}->${origKey(r.to)}`).sort()).toEqual(
            orig.relations.filter((r) => !leftOut.has(r.from) && !leftOut.has(r.to)).map((r) => `${r.type}:${r.from}->${r.to}`).sort(),
          );
        });
        expect(summary.losses.byReason['note line breaks replaced by spaces'] ?? 0).toBe(flattened);
      }),
      RUNS,
    );
  });

  it('conll keeps tokens and non-overlapping token spans, and reports the rest', () => {
    fc.assert(
      fc.property(docArb(tokenSpans), (input) => {
        const { files, summary } = runExport(createExporter('conll'), input);
        const result = importFile('conll', 'a.conll', files.get('')!, {});
        noErrors(result);
        const withTokens = input.filter((d) => tokenize(d.text).length > 0);
        expect(docs(result)).toHaveLength(withTokens.length);
        let expectedLosses = 0;
        docs(result).forEach((doc, i) => {
          const orig = withTokens[i]!;
          const tokens = tokenize(orig.text);
          expect(doc.text.split(/[ \n]/)).toEqual(tokens.map((t) => t.text));
          const { kept, dropped } = nonOverlapping(orig.spans);
          expectedLosses += dropped.length + orig.relations.length;
          // Compare spans by token index: text spacing is not kept by CoNLL.
          const starts = new Map<number, number>();
          const ends = new Map<number, number>();
          let at = 0;
          doc.text.split(/[ \n]/).forEach((tok, t) => {
            starts.set(at, t);
            ends.set(at + codePointLength(tok), t);
            at += codePointLength(tok) + 1;
          });
          const origIndex = (s: SpanInput) => `${s.label}:${tokens.findIndex((t) => t.start === s.start)}-${tokens.findIndex((t) => t.end === s.end)}`;
          const backIndex = (s: SpanInput) => `${s.label}:${starts.get(s.start)}-${ends.get(s.end)}`;
          expect(doc.spans.map(backIndex).sort()).toEqual(kept.map(origIndex).sort());
        });
        const tokenless = input.filter((d) => tokenize(d.text).length === 0).reduce((n, d) => n + d.relations.length, 0);
        // Every document also reports its title, which CoNLL has no place for.
        expect(summary.losses.count).toBe(expectedLosses + tokenless + input.length);
        expect(summary.losses.byReason['document metadata field title']).toBe(input.length);
        expect(summary.losses.byReason['overlaps another span (CoNLL cannot express overlapping spans)'] ?? 0).toBe(
          withTokens.reduce((n, d) => n + nonOverlapping(d.spans).dropped.length, 0),
        );
      }),
      RUNS,
    );
  });

  it('prodigy keeps text, every span (overlaps too) and relations between token spans', () => {
    fc.assert(
      fc.property(docArb((t) => randomSpans(t, false)), (input) => {
        const { files, summary } = runExport(createExporter('prodigy'), input);
        const result = importFile('prodigy', 'a.jsonl', files.get('')!, {});
        noErrors(result);
        let lostRelations = 0;
        docs(result).forEach((doc, i) => {
          expect(doc.text).toBe(input[i]!.text);
          expect(spanSet(doc.spans)).toEqual(spanSet(input[i]!.spans));
          const back = relationSet(doc);
          for (const r of back) expect(relationSet(input[i]!)).toContain(r);
          lostRelations += input[i]!.relations.length - back.length;
        });
        expect(summary.losses.items.filter((l) => l.kind === 'relation')).toHaveLength(lostRelations);
      }),
      RUNS,
    );
  });

  it('prodigy writes token_start/token_end consistent with its tokens for token spans', () => {
    fc.assert(
      fc.property(docArb(tokenSpans), (input) => {
        const { files, summary } = runExport(createExporter('prodigy'), input);
        expect(summary.losses.items.filter((l) => l.kind === 'span')).toHaveLength(0);
        files.get('')!.trim().split('\n').forEach((line) => {
          const rec = JSON.parse(line) as { tokens: Array<{ start: number; end: number }>; spans: Array<{ start: number; end: number; token_start: number; token_end: number }> };
          for (const s of rec.spans) {
            expect(rec.tokens[s.token_start]!.start).toBe(s.start);
            expect(rec.tokens[s.token_end]!.end).toBe(s.end);
          }
        });
      }),
      RUNS,
    );
  });

  it('webanno keeps text (leading whitespace aside) and stacked token spans', () => {
    fc.assert(
      fc.property(docArb(tokenSpans), (input) => {
        const { files, summary } = runExport(createExporter('webanno'), input);
        let textLosses = 0;
        input.forEach((orig) => {
          const result = importFile('webanno', `${orig.id}.tsv`, files.get(`${orig.id}.tsv`)!, {});
          noErrors(result);
          const doc = docs(result)[0]!;
          const tokens = tokenize(orig.text);
          if (tokens.length === 0) {
            expect(doc.text).toBe('');
            if (orig.text !== '') textLosses++;
          } else {
            const lead = tokens[0]!.start16;
            if (/[^ ]/.test(orig.text.slice(0, lead))) textLosses++;
            expect(doc.text).toBe(' '.repeat(lead) + orig.text.slice(lead));
          }
          expect(spanSet(doc.spans)).toEqual(spanSet(orig.spans));
        });
        expect(summary.losses.items.filter((l) => l.kind === 'text')).toHaveLength(textLosses);
        expect(summary.losses.items.filter((l) => l.kind === 'relation')).toHaveLength(input.reduce((n, d) => n + d.relations.length, 0));
      }),
      RUNS,
    );
  });

  it('labelstudio keeps text, spans, notes and relations', () => {
    fc.assert(
      fc.property(docArb((t) => randomSpans(t, false)), (input) => {
        const { files } = runExport(createExporter('labelstudio'), input);
        const result = importFile('labelstudio', 'a.json', files.get('')!, {});
        noErrors(result);
        docs(result).forEach((doc, i) => {
          expect(doc.text).toBe(input[i]!.text);
          expect(doc.spans.map((s) => [s.label, s.start, s.end, s.note ?? null])).toEqual(input[i]!.spans.map((s) => [s.label, s.start, s.end, s.note ?? null]));
          expect(relationSet(doc)).toEqual(relationSet(input[i]!));
        });
      }),
      RUNS,
    );
  });

  it('w3c keeps text, spans, fragments, notes and relations (UTF-16 too)', () => {
    fc.assert(
      fc.property(docArb((t) => randomSpans(t, true)), fc.constantFrom('codepoint' as const, 'utf16' as const), (input, offsets) => {
        const { files } = runExport(createExporter('w3c', { offsets }), input);
        const result = importW3c('a.jsonld', files.get(W3C_ANNOTATIONS_PATH)!, { resolveText: (s) => files.get(s), offsets });
        noErrors(result);
        const withSpans = input.filter((d) => d.spans.length > 0);
        expect(docs(result)).toHaveLength(withSpans.length);
        docs(result).forEach((doc, i) => {
          const orig = withSpans[i]!;
          expect(doc.text).toBe(orig.text);
          expect(doc.spans.map((s) => [s.label, s.start, s.end, s.note ?? null, s.fragments ?? null])).toEqual(
            orig.spans.map((s) => [s.label, s.start, s.end, s.note ?? null, s.fragments ?? null]),
          );
          expect(relationSet(doc)).toEqual(relationSet(orig));
        });
      }),
      RUNS,
    );
  });

  it('csv keeps label, offsets and notes of every span, relations reported', () => {
    fc.assert(
      fc.property(docArb((t) => randomSpans(t, false)), fc.constantFrom('codepoint' as const, 'utf16' as const), (input, offsets) => {
        const { files, summary } = runExport(createExporter('csv', { offsets }), input);
        const byId = new Map(input.map((d) => [String(d.id), d.text]));
        const result = runLineImporter(createLineImporter('csv', 'a.csv', { resolveText: (id) => byId.get(id), offsets }), files.get('')!);
        noErrors(result);
        const withSpans = input.filter((d) => d.spans.length > 0);
        docs(result).forEach((doc, i) => {
          expect(doc.title).toBe('Title, "quoted"');
          expect(doc.spans.map((s) => [s.label, s.start, s.end, s.note ?? null])).toEqual(withSpans[i]!.spans.map((s) => [s.label, s.start, s.end, s.note ?? null]));
        });
        expect(summary.losses.count).toBe(input.reduce((n, d) => n + d.relations.length + (d.spans.length === 0 ? 1 : 0), 0));
      }),
      RUNS,
    );
  });
});
