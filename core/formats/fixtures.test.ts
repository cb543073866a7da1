/**
 * Real files from other tools (see /work/shared/fixtures/SOURCES.md): every fixture is
 * imported and concrete spans are checked against the text the tool meant.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { importBrat } from './brat';
import { importConll } from './conll';
import { createDoccanoLineImporter, importDoccano } from './doccano';
import { importLabelStudio } from './labelstudio';
import { detectAnnotationFormat } from './registry';
import { allProblems, hasErrors, runLineImporter } from './shared';
import { docs, only, relationSet, spanTexts } from './test-helpers';
import { importW3c } from './w3c';
import { importWebanno } from './webanno';

const FIXTURES = new URL('../../../shared/fixtures/', import.meta.url);
const read = (path: string) => readFileSync(new URL(path, FIXTURES), 'utf8');

describe('brat fixtures', () => {
  const conf = read('brat/news/annotation.conf');
  const news = readdirSync(new URL('brat/news/', FIXTURES)).filter((f) => f.endsWith('.ann'));

  it('imports all 13 news documents without errors, reporting what is not supported', () => {
    expect(news).toHaveLength(13);
    for (const ann of news) {
      const stem = ann.replace(/\.ann$/, '');
      const result = importBrat({ txtName: `${stem}.txt`, txtText: read(`brat/news/${stem}.txt`), annText: read(`brat/news/${ann}`) }, { conf });
      expect(hasErrors(result), `${ann}: ${allProblems(result).map((p) => p.reason).join('; ')}`).toBe(false);
      const annLines = read(`brat/news/${ann}`).split('\n').filter((l) => /^[EA*]/.test(l) || /^#\d*\tAnnotatorNotes E/.test(l));
      // Each event, attribute on an event and equivalence line is reported, never silently dropped.
      const reported = new Set(allProblems(result).map((p) => p.line));
      annLines.forEach((l) => {
        if (l.startsWith('A') && !/ E\d+/.test(l)) return;
        const lineNo = read(`brat/news/${ann}`).split('\n').indexOf(l) + 1;
        expect(reported.has(lineNo), `${ann}:${lineNo} ${l}`).toBe(true);
      });
    }
  });

  it('000-introduction: spans, relation, attributes, normalization and note land right', () => {
    const result = importBrat(
      { txtName: '000-introduction.txt', txtText: read('brat/news/000-introduction.txt'), annText: read('brat/news/000-introduction.ann') },
      { conf },
    );
    const doc = only(result);
    expect(spanTexts(doc)).toContain('Organization:Citibank');
    expect(spanTexts(doc)).toContain('Money:$100 million');
    expect(spanTexts(doc)).toContain('Person:Raul Salinas de Gortari');
    expect(spanTexts(doc)).toContain('Transfer-money:moving');
    expect(relationSet(doc)).toEqual(['Family:Person@473-496->Person@511-535', 'Origin:Organization@540-545->GPE@549-560']);
    const t4 = doc.spans.find((s) => s.key === 'T4')!;
    expect(t4.attributes).toEqual({ Mention: 'Name', Individual: true });
    const t5 = doc.spans.find((s) => s.key === 'T5')!;
    expect(t5.attributes).toMatchObject({ 'norm:Reference': 'Wikipedia:64488', 'norm:Reference:text': 'Carlos Salinas de Gortari' });
    expect(doc.spans.find((s) => s.key === 'T2')!.note).toBe('100000000 USD');
    const warnings = result.documents[0]!.warnings.map((w) => `${w.line}:${w.reason}`);
    expect(warnings.some((w) => w.startsWith('4:event E1 (Transfer-money:T3)'))).toBe(true);
    expect(warnings.some((w) => w.startsWith('16:attribute A5 (Confidence) on E1'))).toBe(true);
  });

  it('060: the * Alias equivalence becomes chained relations, reported', () => {
    const result = importBrat({ txtName: '060.txt', txtText: read('brat/news/060-relation_annotation.txt'), annText: read('brat/news/060-relation_annotation.ann') });
    const doc = only(result);
    expect(relationSet(doc)).toContain('Alias:Person@483-497->Person@515-525');
    expect(relationSet(doc)).toContain('Alias:Person@515-525->Person@530-543');
    expect(result.documents[0]!.warnings.some((w) => w.line === 6 && /equivalence/.test(w.reason))).toBe(true);
  });

  it('dkpro: fragments cut at a newline are one span again, a cut inside a word stays discontinuous', () => {
    const c = only(importBrat({ txtName: 'document0c.txt', txtText: read('brat/dkpro/document0c.txt'), annText: read('brat/dkpro/document0c.ann') }));
    const t2 = c.spans.find((s) => s.key === 'T2')!;
    // "5 7;8 9" is "is" and "a" on either side of the newline, as brat's UI cuts "is\na".
    expect(c.text.slice(5, 7) + ' ' + c.text.slice(8, 9)).toBe('is a');
    expect(t2).toMatchObject({ start: 5, end: 9 });
    expect(t2.fragments).toBeUndefined();
    const d = only(importBrat({ txtName: 'document0d.txt', txtText: read('brat/dkpro/document0d.txt'), annText: read('brat/dkpro/document0d.ann') }));
    expect(d.spans.find((s) => s.key === 'T2')!.fragments).toEqual([[5, 7], [9, 10]]);
    const ref = only(importBrat({ txtName: 'document0d.txt', txtText: read('brat/dkpro/document0d.txt'), annText: read('brat/dkpro/document0d-ref.ann') }));
    expect(spanTexts(ref)).toEqual(['Token:This', 'Token:is', 'Token:n', 'Token:other test', 'Token:.']);
  });

  it('dkpro: notes on T and R are kept, the note on an event is reported', () => {
    const result = importBrat({ txtName: 'document1.txt', txtText: read('brat/dkpro/document1.txt'), annText: read('brat/dkpro/document1.ann') });
    const doc = only(result);
    expect(spanTexts(doc)).toEqual(['Organization:Sony', 'MERGE-ORG:joint venture', 'Organization:Ericsson', 'Country:Sweden']);
    expect(doc.spans[0]!.note).toBe('This is a named entity.');
    expect(doc.relations).toEqual([{ key: 'R1', type: 'Origin', from: 'T3', to: 'T4', note: 'This is a relation.' }]);
    expect(result.documents[0]!.warnings.map((w) => w.line)).toEqual([4, 8]);
    const event = only(importBrat({ txtName: 'event.txt', txtText: read('brat/dkpro/event.txt'), annText: read('brat/dkpro/event.ann') }));
    expect(spanTexts(event)).toEqual(['Speaker:John', 'Quote:"I am hungry"']);
  });
});

describe('doccano fixtures', () => {
  it('sequence_labeling/example.jsonl: line 3 without text is an error, the rest imports', () => {
    const result = importDoccano('example.jsonl', read('doccano/import/sequence_labeling/example.jsonl'));
    expect(docs(result).map((d) => d.text)).toEqual(['exampleA', 'exampleB']);
    expect(spanTexts(docs(result)[0]!)).toEqual(['LOC:e']);
    expect(docs(result)[0]!.metadata).toEqual({ wikiPageID: 1 });
    expect(result.errors).toMatchObject([{ file: 'example.jsonl', line: 3, reason: 'record has no "text" string' }]);
  });

  it('example_overlapping.jsonl imports both identical spans', () => {
    const result = importDoccano('o.jsonl', read('doccano/import/sequence_labeling/example_overlapping.jsonl'));
    expect(hasErrors(result)).toBe(false);
    expect(spanTexts(only(result))).toEqual(['LOC:e', 'LOC:e']);
  });

  it('relation_extraction/example.jsonl: entities and relations', () => {
    const doc = only(runLineImporter(createDoccanoLineImporter('r.jsonl'), read('doccano/import/relation_extraction/example.jsonl')));
    expect(spanTexts(doc)).toEqual(['ORG:Google', 'DATE:September 4, 1998', 'PERSON:Larry Page', 'PERSON:Sergey Brin']);
    expect(relationSet(doc)).toEqual(['foundedAt:ORG@0-6->DATE@22-39', 'foundedBy:ORG@0-6->PERSON@44-54', 'foundedBy:ORG@0-6->PERSON@59-70']);
  });

  it('export examples, including the pretty-printed relation file read leniently', () => {
    const seq = importDoccano('s.jsonl', read('doccano/export/sequence_labeling/example.jsonl'));
    expect(hasErrors(seq)).toBe(false);
    expect(docs(seq).map(spanTexts)).toEqual([['ORG:EU', 'MISC:German'], ['PERSON:Peter Blackburn'], ['PERSON:Obama']]);
    const strict = runLineImporter(createDoccanoLineImporter('r.jsonl'), read('doccano/export/relation_extraction/example.jsonl'));
    expect(strict.errors.length).toBeGreaterThan(0);
    const lenient = importDoccano('r.jsonl', read('doccano/export/relation_extraction/example.jsonl'));
    expect(hasErrors(lenient)).toBe(false);
    expect(spanTexts(only(lenient))).toEqual(['ORG:Google', 'DATE:September 4, 1998', 'PERSON:Larry Page', 'PERSON:Sergey Brin']);
    expect(only(lenient).relations.map((r) => r.key)).toEqual(['0', '1', '2']);
  });

  it('CoNLL files from doccano', () => {
    const ok = importConll('example.conll', read('doccano/import/sequence_labeling/example.conll'));
    expect(hasErrors(ok)).toBe(false);
    expect(docs(ok).map((d) => [d.text, spanTexts(d)])).toEqual([['JAPAN GET', ['LOC:JAPAN']], ['Nadim Ladki', ['PER:Nadim Ladki']]]);
    expect(docs(ok)[1]!.spans[0]).toMatchObject({ start: 0, end: 11 });
    const trailing = importConll('t.conll', read('doccano/import/sequence_labeling/labeling.trailing.conll'));
    expect(hasErrors(trailing)).toBe(false);
    expect(spanTexts(only(trailing))).toEqual(['LOC:JAPAN', 'PER:CHINA']);
    const invalid = importConll('i.conll', read('doccano/import/sequence_labeling/labeling.invalid.conll'));
    expect(hasErrors(invalid)).toBe(true);
    expect(allProblems(invalid)[0]).toMatchObject({ line: 1 });
    expect(hasErrors(importConll('example.jsonl', read('doccano/import/sequence_labeling/example.jsonl')))).toBe(true);
  });
});

describe('CoNLL GermEval fixture', () => {
  it('reads the indexed layout with outer and nested NER columns', () => {
    const result = importConll('germeval2014_test.conll', read('conll/germeval2014_test.conll'));
    expect(hasErrors(result)).toBe(false);
    const doc = only(result);
    expect(doc.text.startsWith('Aufgrund seiner Initiative fand 2001/2002 in Stuttgart , Braunschweig')).toBe(true);
    expect(doc.metadata).toEqual({ comments: ['http://de.wikipedia.org/wiki/Manfred_Korfmann [2009-10-17]'] });
    expect(spanTexts(doc)).toEqual([
      'LOC:Stuttgart',
      'LOC:Braunschweig',
      'LOC:Bonn',
      'LOCpart:Troia-Ausstellung',
      'LOC:Troia',
      'OTH:Troia - Traum und Wirklichkeit',
    ]);
    expect(doc.text).toContain('große');
  });
});

describe('Label Studio fixtures', () => {
  it('annotations/1.json: February 22 as Date at code points 343-354', () => {
    const doc = only(importLabelStudio('1.json', read('label-studio/named_entity/annotations/1.json')));
    expect(spanTexts(doc)).toEqual(['Date:February 22']);
    expect(doc.spans[0]).toMatchObject({ start: 343, end: 354, key: 'beFiQTT1cU' });
    expect(doc.text).toContain('\n\nThe dry period');
  });

  it('tasks.json holds predictions only: reported, or imported on request', () => {
    const skipped = importLabelStudio('tasks.json', read('label-studio/named_entity/tasks.json'));
    expect(only(skipped).spans).toHaveLength(0);
    expect(skipped.documents[0]!.warnings[0]!.reason).toMatch(/prediction/);
    const included = importLabelStudio('tasks.json', read('label-studio/named_entity/tasks.json'), { includePredictions: true });
    expect(spanTexts(only(included))).toEqual(['Date:February 22']);
  });
});

/** The W3C fixtures ship without their text, so build one that has each quote at its recorded start. */
function textWithQuotes(json: string, length: number): string {
  const chars = new Array<string>(length).fill('.');
  const items = JSON.parse(json) as Array<{ target: unknown }>;
  for (const item of items) {
    for (const target of [item.target].flat() as Array<{ selector?: Array<Record<string, unknown>> }>) {
      const quote = target.selector?.find((s) => s.type === 'TextQuoteSelector')?.exact as string | undefined;
      const pos = target.selector?.find((s) => s.type === 'TextPositionSelector');
      if (quote && pos) [...quote].forEach((c, i) => (chars[(pos.start as number) + i] = c));
    }
  }
  return chars.join('');
}

describe('W3C fixtures', () => {
  it('INCEpTION: tags, comments, a linking relation, and the off-by-one Ithaca re-anchored', () => {
    const json = read('w3c/inception-annotations.w3c.json');
    const text = textWithQuotes(json, 1100);
    const result = importW3c('inception.json', json, { resolveText: () => text });
    expect(hasErrors(result)).toBe(false);
    const doc = only(result);
    expect(spanTexts(doc)).toEqual(['A Tag:Troy', 'Another Tag:Troy', 'annotation:death in battle', 'annotation:Ithaca']);
    expect(doc.spans[0]!.note).toBe('This is a comment');
    expect(doc.spans[3]).toMatchObject({ start: 963, end: 969 });
    expect(result.documents[0]!.warnings).toMatchObject([{ line: 45, span: '#d7197c87-b45d-4217-9c4f-27573030448f' }]);
    expect(relationSet(doc)).toEqual(['isRelatedTo:A Tag@124-128->annotation@646-661']);
  });

  it('recogito: single and array targets, overlapping ranges, the whitespace-collapsed quote', () => {
    const json = read('w3c/recogito/annotations.w3c.json');
    const text = textWithQuotes(json, 1700);
    const result = importW3c('recogito.json', json, { resolveText: () => text });
    expect(hasErrors(result)).toBe(false);
    // Two different target sources in the file: two documents.
    expect(result.documents.map((d) => d.sourceId)).toEqual(['https://www.gutenberg.org/files/1727/1727-h/1727-h.htm', 'https://www.gutenberg.org']);
    const [book, site] = docs(result);
    expect(spanTexts(book!)).toContain('annotation:death in battle or by shipwreck');
    expect(spanTexts(site!)).toContain('annotation:t as years went by, the');
    expect(book!.spans.map((s) => `${s.start}-${s.end}`)).toEqual(['741-772', '982-1030', '1408-1573']);
    expect(site!.spans.map((s) => `${s.start}-${s.end}`)).toEqual(['988-1011', '970-1001']);
    expect(book!.spans[0]).toMatchObject({ author: 'ktKoKXUSAY88XxClOvGp', createdAt: '2024-01-05T13:19:14.716Z' });
    expect(result.documents[0]!.warnings.map((w) => w.span)).toEqual(['45d77d69-b9c9-419e-b6f3-672222bb3a23']);
  });
});

describe('WebAnno TSV fixtures', () => {
  it('emoji: UTF-16 offsets put the span on 😊', () => {
    const result = importWebanno('reference.tsv', read('webanno-tsv3/testSentenceWithEmoji/reference.tsv'));
    expect(hasErrors(result)).toBe(false);
    const doc = only(result);
    expect(doc.text).toBe('I like it 😊 .');
    expect(spanTexts(doc)).toEqual(['Span:😊']);
    expect(doc.spans[0]).toMatchObject({ start: 10, end: 11 });
    // Read as code points the same file is wrong, and says so.
    expect(hasErrors(importWebanno('reference.tsv', read('webanno-tsv3/testSentenceWithEmoji/reference.tsv'), { offsets: 'codepoint' }))).toBe(true);
  });

  it('line break inside a sentence', () => {
    const doc = only(importWebanno('lb.tsv', read('webanno-tsv3/testSentenceWithLineBreak/reference.tsv')));
    expect(doc.text).toBe('This is\na test .');
    expect(spanTexts(doc)).toEqual(['Span:This']);
  });

  it('stacked multi-token spans', () => {
    const doc = only(importWebanno('st.tsv', read('webanno-tsv3/testMultiTokenStackedSpanWithFeatureValue/reference.tsv')));
    expect(spanTexts(doc)).toEqual(['PERSON:This is a test .', 'LOCATION:This is a test .']);
  });

  it('relation layer on tokens is reported, not dropped silently', () => {
    const result = importWebanno('rel.tsv', read('webanno-tsv3/testSingleTokenRelationWithFeatureValue/reference.tsv'));
    expect(hasErrors(result)).toBe(false);
    expect(only(result).spans).toHaveLength(0);
    expect(result.documents[0]!.warnings[0]!.reason).toMatch(/relation\/chain layer webanno.custom.Relation/);
  });
});

describe('format detection on fixtures', () => {
  it.each([
    ['brat/news/000-introduction.ann', 'brat'],
    ['doccano/import/relation_extraction/example.jsonl', 'doccano'],
    ['doccano/import/sequence_labeling/example.jsonl', 'doccano'],
    ['doccano/import/sequence_labeling/example.conll', 'conll'],
    ['conll/germeval2014_test.conll', 'conll'],
    ['label-studio/named_entity/annotations/1.json', 'labelstudio'],
    ['label-studio/named_entity/tasks.json', 'labelstudio'],
    ['w3c/inception-annotations.w3c.json', 'w3c'],
    ['w3c/recogito/annotations.w3c.json', 'w3c'],
    ['webanno-tsv3/testSentenceWithEmoji/reference.tsv', 'webanno'],
    ['brat/news/000-introduction.txt', null],
  ])('%s -> %s', (path, format) => {
    expect(detectAnnotationFormat(path, read(path).slice(0, 4096))).toBe(format);
  });
});
