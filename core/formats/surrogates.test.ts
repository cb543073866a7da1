/**
 * Half characters: a JSON escape such as "\ud800" decodes to an unpaired UTF-16 surrogate,
 * which SQLite cannot store as UTF-8, so the stored text and every span offset after it would
 * change. Every annotation importer refuses it, in the text (with the words the article import
 * uses) and in any other string it would store; a valid emoji still imports, offsets intact.
 */
import { describe, expect, it } from 'vitest';
import { importBrat } from './brat';
import { createConllLineImporter } from './conll';
import { createCsvLineImporter } from './csv';
import { createDoccanoLineImporter, importDoccano } from './doccano';
import { importLabelStudio } from './labelstudio';
import { createProdigyLineImporter } from './prodigy';
import { findUnpairedSurrogate, unpairedSurrogateReason } from '../import/surrogates';
import { hasErrors, runLineImporter } from './shared';
import { createSpanbenchLineImporter } from './spanbench';
import { spanTexts } from './test-helpers';
import type { ImportResult } from './types';
import { importW3c } from './w3c';
import { importWebanno } from './webanno';

const HEADER = '{"format":"spanbench","version":1,"offsets":"codepoint"}';
const GOOD = 'A fine first document.';

/** Where "Agency" is in `text`, in UTF-16 units and in code points. */
function agency(text: string): { u16: [number, number]; cp: [number, number] } {
  const at = text.indexOf('Agency');
  const cp = [...text.slice(0, at)].length;
  return { u16: [at, at + 6], cp: [cp, cp + 6] };
}

interface FormatCase {
  /** Imports a file holding a good document, then one whose text is `text` with "Agency" labelled. */
  run(text: string): ImportResult;
  /** What the message calls the text. */
  textName: string;
  /** Line the second document's problems are reported on. */
  line: number;
}

// JSON.stringify writes a lone surrogate as the escape "\ud800", as the files in the bug report do.
const json = (value: unknown) => JSON.stringify(value);

const FORMATS: Record<string, FormatCase> = {
  doccano: {
    run: (text) => {
      const [s, e] = agency(text).u16;
      return runLineImporter(createDoccanoLineImporter('d.jsonl'), `${json({ text: GOOD, label: [] })}\n${json({ text, label: [[s, e, 'Agency']] })}\n`);
    },
    textName: 'text',
    line: 2,
  },
  'doccano (whole-file JSON, "data")': {
    run: (text) => {
      const [s, e] = agency(text).u16;
      return importDoccano('d.json', `[\n${json({ data: GOOD })},\n${json({ data: text, entities: [{ id: 1, start_offset: s, end_offset: e, label: 'Agency' }] })}\n]\n`);
    },
    textName: 'data',
    line: 3,
  },
  spanbench: {
    run: (text) => {
      const [s, e] = agency(text).cp;
      return runLineImporter(createSpanbenchLineImporter('s.jsonl'), `${HEADER}\n${json({ text: GOOD })}\n${json({ text, spans: [{ key: 'a', label: 'Agency', start: s, end: e, text: 'Agency' }] })}\n`);
    },
    textName: 'text',
    line: 3,
  },
  prodigy: {
    run: (text) => {
      const [s, e] = agency(text).cp;
      return runLineImporter(createProdigyLineImporter('p.jsonl'), `${json({ text: GOOD })}\n${json({ text, spans: [{ start: s, end: e, label: 'Agency' }] })}\n`);
    },
    textName: 'text',
    line: 2,
  },
  labelstudio: {
    run: (text) => {
      const [s, e] = agency(text).cp;
      const region = { id: 'r', type: 'labels', value: { start: s, end: e, text: 'Agency', labels: ['Agency'] } };
      return importLabelStudio('l.json', `[\n${json({ data: { text: GOOD } })},\n${json({ id: 2, data: { text }, annotations: [{ result: [region] }] })}\n]\n`);
    },
    textName: 'data.text',
    line: 3,
  },
  w3c: {
    run: (text) => {
      const [s, e] = agency(text).cp;
      const annotation = (source: string, start: number, end: number) =>
        json({ id: `urn:${source}`, type: 'Annotation', body: [{ type: 'TextualBody', purpose: 'tagging', value: 'Agency' }], target: { source, selector: [{ type: 'TextPositionSelector', start, end }] } });
      const texts: Record<string, string> = { 'texts/a.txt': GOOD, 'texts/b.txt': text };
      return importW3c('w.jsonld', `[\n${annotation('texts/a.txt', 2, 6)},\n${annotation('texts/b.txt', s, e)}\n]\n`, { resolveText: (source) => texts[source] });
    },
    textName: 'texts/b.txt',
    line: 3,
  },
  // The formats below read decoded text with no escapes, so only a caller handing the
  // importer a broken string can get here; they refuse it all the same.
  brat: {
    run: (text) => {
      const [s, e] = agency(text).cp;
      return importBrat({ txtName: 'b.txt', txtText: text, annText: `T1\tAgency ${s} ${e}\tAgency\n` });
    },
    textName: 'b.txt',
    line: 1,
  },
  webanno: {
    run: (text) => {
      const [s, e] = agency(text).u16;
      const first = text.slice(0, text.indexOf(' '));
      const tsv = `#FORMAT=WebAnno TSV 3.3\n#T_SP=webanno.custom.Span|label\n\n\n#Text=${text}\n1-1\t0-${first.length}\t${first}\t_\t\n1-2\t${s}-${e}\tAgency\tAgency\t\n`;
      return importWebanno('w.tsv', tsv);
    },
    textName: '#Text',
    line: 1,
  },
  conll: {
    run: (text) => runLineImporter(createConllLineImporter('c.conll'), `fine\tO\n\n-DOCSTART-\tO\n\n${text.slice(0, text.indexOf(' '))}\tO\nAgency\tB-Agency\n`),
    textName: 'text',
    line: 5,
  },
  csv: {
    run: (text) => {
      const [s, e] = agency(text).cp;
      return runLineImporter(createCsvLineImporter('c.csv', { resolveText: (id) => (id === '1' ? GOOD : text) }), `document_id,label,start,end\n1,L,2,6\n2,Agency,${s},${e}\n`);
    },
    textName: 'text',
    line: 3,
  },
};

describe('unpaired surrogates', () => {
  it('finds the first one, high or low, and nothing in well-formed text', () => {
    expect(findUnpairedSurrogate('x\ud800y')).toEqual({ at: 1, hex: 'd800' });
    expect(findUnpairedSurrogate('👋\udc00')).toEqual({ at: 1, hex: 'dc00' });
    expect(findUnpairedSurrogate('👨‍👩‍👧 x\ud800')).toEqual({ at: 7, hex: 'd800' });
    expect(findUnpairedSurrogate('\udbff')).toEqual({ at: 0, hex: 'dbff' });
    expect(findUnpairedSurrogate('a\udfff\ud800')).toEqual({ at: 1, hex: 'dfff' });
    expect(findUnpairedSurrogate('wave 👋 and 👨‍👩‍👧')).toBeNull();
    expect(findUnpairedSurrogate('')).toBeNull();
    // The same words as core/import/article.ts.
    expect(unpairedSurrogateReason('"text"', 'x\ud800y', true)).toBe('"text" contains an unpaired surrogate (\\ud800) at character 1: that is half a character, not text');
  });

  for (const [format, c] of Object.entries(FORMATS)) {
    describe(format, () => {
      for (const [kind, lone, hex] of [
        ['high', '\ud800', 'd800'],
        ['low', '\udc00', 'dc00'],
      ] as const) {
        it(`refuses a text with a lone ${kind} surrogate, naming the line`, () => {
          const result = c.run(`x${lone}y Agency`);
          expect(hasErrors(result)).toBe(true);
          const bad = result.documents.find((d) => d.errors.length > 0)!;
          expect(bad.errors[0]).toMatchObject({
            line: c.line,
            severity: 'error',
            reason: `"${c.textName}" contains an unpaired surrogate (\\u${hex}) at character 1: that is half a character, not text`,
          });
          // Only that document is at fault; hasErrors above is what refuses the whole file.
          expect(result.documents.filter((d) => d.errors.length > 0)).toEqual([bad]);
        });
      }

      it('imports a valid emoji with the span where it was', () => {
        const result = c.run('x👋y Agency');
        expect(hasErrors(result)).toBe(false);
        const doc = result.documents[result.documents.length - 1]!.document;
        expect(doc.text).toContain('x👋y');
        const span = doc.spans.find((s) => s.label === 'Agency')!;
        expect([span.start, span.end]).toEqual([4, 10]);
        expect(spanTexts({ ...doc, spans: [span] })).toEqual(['Agency:Agency']);
      });
    });
  }
});

/** The reasons of every error in the result, document errors included. */
function reasons(result: ImportResult): string[] {
  return [...result.errors, ...result.documents.flatMap((d) => d.errors)].map((e) => e.reason);
}

const half = (field: string) => `${field} contains an unpaired surrogate`;

describe('unpaired surrogates in other stored strings', () => {
  it('doccano: title, label name, metadata value and key, relation type', () => {
    const line = json({
      id: 1,
      text: 'The Agency met.',
      title: 'x\udfff',
      source: '\ud800',
      meta: { desk: 'a\udc00', ['k\ud800']: 1 },
      entities: [
        { id: 1, start_offset: 4, end_offset: 10, label: 'Agen\ud800' },
        { id: 2, start_offset: 11, end_offset: 14, label: 'Decision' },
      ],
      relations: [{ id: 9, from_id: 1, to_id: 2, type: 'r\udfff' }],
    });
    const result = runLineImporter(createDoccanoLineImporter('d.jsonl'), line);
    const errors = result.documents[0]!.errors;
    expect(errors.every((e) => e.line === 1 && e.file === 'd.jsonl')).toBe(true);
    expect(reasons(result)).toEqual([
      '"title" contains an unpaired surrogate (\\udfff): that is half a character, not text',
      `${half('"source"')} (\\ud800): that is half a character, not text`,
      `${half('metadata "desk"')} (\\udc00): that is half a character, not text`,
      `${half('metadata key "k\\ud800"')} (\\ud800): that is half a character, not text`,
      `span 1: ${half('"label"')} (\\ud800): that is half a character, not text`,
      `relation 9: ${half('"type"')} (\\udfff): that is half a character, not text`,
    ]);
    expect(errors.find((e) => e.reason.includes('"label"'))!.span).toBe('1');
  });

  it('spanbench: note, author, attribute name and value, nested metadata, relation note', () => {
    const doc = {
      text: 'The Agency met.',
      metadata: { tags: ['ok', 'b\udc00'] },
      spans: [{ key: 'a', label: 'Agency', start: 4, end: 10, note: 'n\ud800', author: '\udfff', attributes: { ['q\ud800']: true, level: 'hi\udc00' } }],
      relations: [{ key: 'r', type: 'self', from: 'a', to: 'a', note: '\ud800' }],
    };
    const result = runLineImporter(createSpanbenchLineImporter('s.jsonl'), `${HEADER}\n${json(doc)}\n`);
    expect(hasErrors(result)).toBe(true);
    expect(reasons(result).map((r) => r.replace(/ \(\\u[0-9a-f]{4}\): that is half a character, not text$/, ''))).toEqual([
      half('metadata "tags[1]"'),
      `span a: ${half('"note"')}`,
      `span a: ${half('"author"')}`,
      `span a: ${half('attribute name "q\\ud800"')}`,
      `span a: ${half('attribute "level"')}`,
      `relation r: ${half('"note"')}`,
    ]);
    expect(result.documents[0]!.errors.every((e) => e.line === 2)).toBe(true);
  });

  it('prodigy: a title in meta', () => {
    const result = runLineImporter(createProdigyLineImporter('p.jsonl'), json({ text: 'ok', meta: { title: 't\ud800' } }));
    expect(reasons(result)).toEqual(['"title" contains an unpaired surrogate (\\ud800): that is half a character, not text']);
  });

  it('labelstudio: data.title, task meta and a region label', () => {
    const task = { data: { text: 'The Agency', title: '\udc00' }, meta: { who: 'x\ud800' }, annotations: [{ result: [{ id: 'r', type: 'labels', value: { start: 4, end: 10, labels: ['\ud800'] } }] }] };
    const result = importLabelStudio('l.json', json([task]));
    expect(reasons(result).map((r) => r.replace(/ \(\\u[0-9a-f]{4}\).*$/, ''))).toEqual([half('"title"'), half('metadata "who"'), `span r: ${half('"label"')}`]);
  });

  it('w3c: a tag, a comment and a creator', () => {
    const annotation = {
      id: 'a1',
      creator: { name: 'Ann\ud800' },
      body: [
        { type: 'TextualBody', purpose: 'tagging', value: 'Ag\udc00' },
        { type: 'TextualBody', purpose: 'commenting', value: 'c\ud800' },
      ],
      target: { source: 't.txt', selector: [{ type: 'TextPositionSelector', start: 0, end: 3 }] },
    };
    const result = importW3c('w.jsonld', json([annotation]), { resolveText: () => 'The Agency' });
    expect(reasons(result).map((r) => r.replace(/ \(\\u[0-9a-f]{4}\).*$/, ''))).toEqual([`span a1: ${half('"label"')}`, `span a1: ${half('"note"')}`, `span a1: ${half('"author"')}`]);
  });

  it('accepts emoji everywhere', () => {
    const doc = { text: '👋 Agency', title: '👋', metadata: { '👋': ['👋'] }, spans: [{ key: 'a', label: 'Agency👋', start: 2, end: 8, note: '👋', attributes: { '👋': '👋' } }], relations: [] };
    const result = runLineImporter(createSpanbenchLineImporter('s.jsonl'), `${HEADER}\n${json(doc)}\n`);
    expect(hasErrors(result)).toBe(false);
  });
});
