import { describe, expect, it } from 'vitest';
import { describeProblem } from '../model';
import { createImportStream, parseArticleFile, RecordCollector } from './index';
import type { ParsedRecord } from './types';
import { utf8 } from './test-helpers';

describe('parseArticleFile', () => {
  it('imports each format end to end', () => {
    const cases: Array<[string, string, string[]]> = [
      ['a.txt', 'plain\r\ntext', ['plain\r\ntext']],
      ['a.md', '# T\n\nbody', ['# T\n\nbody']],
      ['a.html', '<p>x</p><p>y</p>', ['x\n\ny']],
      ['a.jsonl', '{"text":"1"}\n{"text":"2"}\n', ['1', '2']],
      ['a.json', '[{"text":"1"},{"text":"2"}]', ['1', '2']],
      ['a.csv', 'text\n1\n2\n', ['1', '2']],
      ['a.tsv', 'x\ttext\na\t1\n', ['1']],
    ];
    for (const [name, content, texts] of cases) {
      const result = parseArticleFile(name, utf8(content));
      expect(result.refused, name).toBe(false);
      expect(result.articles.map((a) => a.text)).toEqual(texts);
    }
  });

  it('strips a BOM before parsing', () => {
    const result = parseArticleFile('a.csv', utf8('\uFEFFtext,title\nhello,T\n'));
    expect(result.articles).toEqual([{ text: 'hello', title: 'T', metadata: {} }]);
  });

  it('refuses a binary file named .txt, naming the offset', () => {
    const bytes = new Uint8Array([0x47, 0x49, 0x46, 0x38, 0x39, 0x61, 0x01, 0x00, 0x01, 0x00]);
    const result = parseArticleFile('photo.txt', bytes);
    expect(result.refused).toBe(true);
    expect(result.articles).toEqual([]);
    expect(result.problems).toEqual([{ file: 'photo.txt', byteOffset: 7, reason: 'looks like a binary file (it contains a NUL byte)' }]);
    expect(describeProblem(result.problems[0]!)).toBe('photo.txt:byte 7: looks like a binary file (it contains a NUL byte)');
  });

  it('refuses invalid UTF-8 in a record file', () => {
    const bytes = new Uint8Array([...utf8('{"text":"caf'), 0xe9, ...utf8('"}\n')]);
    const result = parseArticleFile('a.jsonl', bytes);
    expect(result.problems).toEqual([expect.objectContaining({ byteOffset: 12 })]);
  });

  it('reports an empty file clearly in every format', () => {
    for (const name of ['a.txt', 'a.md', 'a.html', 'a.jsonl', 'a.json', 'a.csv', 'a.tsv']) {
      const result = parseArticleFile(name, new Uint8Array(0));
      expect(result.refused, name).toBe(true);
      expect(result.problems[0]!.reason, name).toBe('the file is empty');
    }
  });

  it('skips invalid records when asked, and still refuses on a fatal problem', () => {
    const text = '[{"text":"a"}, {"title":"no text"}, {"text":"b"}]';
    expect(parseArticleFile('a.json', utf8(text), { policy: 'skip-invalid' })).toMatchObject({
      refused: false,
      articleCount: 2,
      problemCount: 1,
    });
    expect(parseArticleFile('a.json', utf8(text))).toMatchObject({ refused: true, articles: [], problemCount: 1 });
    expect(parseArticleFile('a.json', utf8('[{"text":"a"}'), { policy: 'skip-invalid' })).toMatchObject({ refused: true });
  });
});

describe('createImportStream', () => {
  it('handles chunk boundaries inside multi-byte characters and CRLF', () => {
    const bytes = utf8('text,note\r\n"é😀\r\nx",ü\r\nb,c\r\n');
    const whole = parseArticleFile('a.csv', bytes).articles;
    for (let cut = 1; cut < bytes.length; cut++) {
      const stream = createImportStream('a.csv', 'csv');
      const records: ParsedRecord[] = [...stream.push(bytes.subarray(0, cut)), ...stream.push(bytes.subarray(cut)), ...stream.end()];
      expect(records.flatMap((r) => (r.ok ? [r.article] : []))).toEqual(whole);
    }
    expect(whole.map((a) => a.text)).toEqual(['é😀\r\nx', 'b']);
  });

  it('yields nothing after a fatal problem', () => {
    const stream = createImportStream('a.jsonl', 'jsonl');
    expect(stream.push(new Uint8Array([...utf8('{"a"'), 0xff]))).toMatchObject([{ ok: false, fatal: true, problem: { byteOffset: 4 } }]);
    expect(stream.push(utf8('{"text":"x"}\n'))).toEqual([]);
    expect(stream.end()).toEqual([]);
  });
});

describe('RecordCollector', () => {
  it('stops handing out articles once the file is refused', () => {
    const collector = new RecordCollector('f', 'refuse-file');
    const ok = (text: string): ParsedRecord => ({ ok: true, line: 1, article: { text } });
    const bad: ParsedRecord = { ok: false, line: 2, fatal: false, problem: { file: 'f', line: 2, reason: 'bad' } };
    expect(collector.take([ok('a'), bad, ok('b')])).toEqual([{ text: 'a' }]);
    expect(collector.take([ok('c')])).toEqual([]);
    expect(collector.finish()).toEqual({ file: 'f', articleCount: 1, problems: [bad.problem], problemCount: 1, refused: true });
  });
});
