import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createCsvParser, CsvTokenizer, type CsvRow } from './csv';
import { articles, feed, problems } from './test-helpers';

function tokenize(text: string, cuts: number[] = [], delimiter = ','): CsvRow[] {
  const tokenizer = new CsvTokenizer(delimiter);
  const out: CsvRow[] = [];
  let from = 0;
  for (const cut of [...cuts].sort((a, b) => a - b)) {
    out.push(...tokenizer.push(text.slice(from, cut)));
    from = cut;
  }
  out.push(...tokenizer.push(text.slice(from)), ...tokenizer.end());
  return out;
}

describe('CsvTokenizer', () => {
  it('reads quoted fields with delimiters, doubled quotes and line breaks, and reports start lines', () => {
    const text = 'a,b\r\n"x, y","say ""hi""\r\nthere"\r\nlast,"\n"\n';
    expect(tokenize(text)).toEqual([
      { line: 1, fields: ['a', 'b'] },
      { line: 2, fields: ['x, y', 'say "hi"\r\nthere'] },
      { line: 4, fields: ['last', '\n'] },
    ]);
  });

  it('skips empty lines but counts them', () => {
    expect(tokenize('a\n\r\n\nb')).toEqual([
      { line: 1, fields: ['a'] },
      { line: 4, fields: ['b'] },
    ]);
  });

  it('keeps a trailing empty field', () => {
    expect(tokenize('a,')).toEqual([{ line: 1, fields: ['a', ''] }]);
  });

  it('flags text after a closing quote but reads on', () => {
    const rows = tokenize('"a"b,c\nd,e\n');
    expect(rows[0]).toMatchObject({ line: 1, fields: ['ab', 'c'], error: expect.stringMatching(/after the closing quote/) });
    expect(rows[1]).toEqual({ line: 2, fields: ['d', 'e'] });
  });

  it('keeps quotes inside unquoted fields literally', () => {
    expect(tokenize('5" pipe,x')).toEqual([{ line: 1, fields: ['5" pipe', 'x'] }]);
  });

  it('reports an unclosed quote at the end', () => {
    const tokenizer = new CsvTokenizer(',');
    tokenizer.push('a\n"open\nstill');
    expect(tokenizer.end()).toEqual([]);
    expect(tokenizer.unterminated).toEqual({ line: 2, reason: 'the quoted field opened on line 2 is never closed' });
  });

  it('gives the same records whatever the chunk boundaries', () => {
    const cell = fc.oneof(
      fc.string({ unit: fc.constantFrom('a', 'é', '😀', ' '), maxLength: 5 }),
      fc
        .string({ unit: fc.constantFrom('a', ',', '"', '\r\n', '\n', '😀'), maxLength: 6 })
        .map((s) => `"${s.replaceAll('"', '""')}"`),
    );
    const row = fc.array(cell, { minLength: 1, maxLength: 4 }).map((cells) => cells.join(','));
    const csv = fc
      .tuple(fc.array(row, { minLength: 1, maxLength: 6 }), fc.constantFrom('\n', '\r\n'), fc.boolean())
      .map(([rows, eol, trailing]) => rows.join(eol) + (trailing ? eol : ''));
    fc.assert(
      fc.property(csv, fc.array(fc.nat(), { maxLength: 10 }), (text, rawCuts) => {
        const cuts = rawCuts.map((c) => c % (text.length + 1));
        expect(tokenize(text, cuts)).toEqual(tokenize(text));
      }),
      { numRuns: 500 },
    );
  });
});

describe('createCsvParser', () => {
  it('maps known columns, keeps unknown ones in metadata and CRLF inside the text', () => {
    const csv = 'ID,Title,Body,Date,Source,Lang,Section\r\n' + '007,"A, B","Line one\r\nLine ""two""",27.11.2020,Wire,de,Politik\r\n';
    const records = feed(createCsvParser('a.csv'), csv);
    expect(records).toHaveLength(1);
    expect(records[0]).toMatchObject({ ok: true, line: 2 });
    const [article] = articles(records);
    expect(article).toMatchObject({
      text: 'Line one\r\nLine "two"',
      title: 'A, B',
      externalId: '007',
      publishedAt: '2020-11-27',
      source: 'Wire',
      language: 'de',
    });
    expect({ ...article!.metadata }).toEqual({ Section: 'Politik' });
  });

  it('treats empty cells as no value for known fields', () => {
    const [article] = articles(feed(createCsvParser('a.csv'), 'text,title,date\nhello,,\n'));
    expect(article).toEqual({ text: 'hello', metadata: {} });
  });

  it('names the line of a ragged row', () => {
    const records = feed(createCsvParser('a.csv'), 'text,title\n"multi\nline",t\nshort\nok,t\n');
    expect(articles(records).map((a) => a.text)).toEqual(['multi\nline', 'ok']);
    expect(problems(records)).toEqual([
      { ok: false, line: 4, fatal: false, problem: { file: 'a.csv', line: 4, reason: 'expected 2 fields as in the header, found 1' } },
    ]);
  });

  it('finds the text column by name in order of preference', () => {
    const [article] = articles(feed(createCsvParser('a.csv'), 'article,content\nA,C\n'));
    expect(article!.text).toBe('C');
    expect({ ...article!.metadata }).toEqual({ article: 'A' });
  });

  it('uses the textField option, case-insensitively', () => {
    const [article] = articles(feed(createCsvParser('a.csv', { textField: 'STORY' }), 'headline,story\nH,S\n'));
    expect(article).toMatchObject({ text: 'S', metadata: { headline: 'H' } });
  });

  it('refuses a file without a text column, listing the columns', () => {
    const records = feed(createCsvParser('a.csv'), 'headline,story\nH,S\n');
    expect(records).toEqual([
      {
        ok: false,
        line: 1,
        fatal: true,
        problem: {
          file: 'a.csv',
          line: 1,
          reason: 'no text column: the header has none of text, body, content, article; name the column to use (columns: headline, story)',
        },
      },
    ]);
  });

  it('reads TSV', () => {
    const [article] = articles(feed(createCsvParser('a.tsv', { format: 'tsv' }), 'title\ttext\nT\tsome text\n'));
    expect(article).toMatchObject({ title: 'T', text: 'some text' });
  });

  it('renames duplicate and empty headers instead of losing values', () => {
    const [article] = articles(feed(createCsvParser('a.csv'), 'text,x,X,\nt,1,2,3\n'));
    expect({ ...article!.metadata }).toEqual({ x: '1', X_2: '2', column_4: '3' });
  });

  it('gives a clear error for an empty file, a header alone and an unclosed quote', () => {
    const reason = (text: string) => problems(feed(createCsvParser('a.csv'), text)).map((p) => [p.fatal, p.problem.reason]);
    expect(reason('')).toEqual([[true, 'the file is empty']]);
    expect(reason('\n\n')).toEqual([[true, 'the file contains only blank lines']]);
    expect(reason('text,title\n')).toEqual([[true, 'the file has a header row but no records']]);
    expect(reason('text\nok\n"never\nclosed')).toEqual([[true, 'the quoted field opened on line 3 is never closed']]);
  });

  it('reports an unparseable date naming the value', () => {
    const [problem] = problems(feed(createCsvParser('a.csv'), 'text,published\nt,someday\n'));
    expect(problem!.problem).toEqual({ file: 'a.csv', line: 2, reason: '"published": unrecognized date "someday"' });
  });
});
