import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { RecordCollector } from './index';
import { createJsonArrayParser } from './json-array';
import { createJsonlParser } from './jsonl';
import { findTopLevelNumberLiteral } from './json-scan';
import { articles, feed, problems } from './test-helpers';

const GOOD_AND_BAD = ['{"text":"one"}', '{"text": "two", oops}', '{"text":"three"}', ''].join('\n');

describe('JSON Lines', () => {
  it('parses each line, numbering from 1, skipping blank lines and handling CRLF', () => {
    const records = feed(createJsonlParser('a.jsonl'), '{"text":"a\\r\\nb"}\r\n\r\n  \n{"text":"c"}');
    expect(records.map((r) => r.line)).toEqual([1, 4]);
    expect(articles(records).map((a) => a.text)).toEqual(['a\r\nb', 'c']);
  });

  it('reports one bad line among good ones without stopping', () => {
    const records = feed(createJsonlParser('a.jsonl'), GOOD_AND_BAD);
    expect(articles(records).map((a) => a.text)).toEqual(['one', 'three']);
    const [bad] = problems(records);
    expect(bad).toMatchObject({ line: 2, fatal: false, problem: { file: 'a.jsonl', line: 2 } });
    expect(bad!.problem.reason).toMatch(/^invalid JSON: /);
  });

  it('lets the caller refuse the file or skip the bad record', () => {
    const refuse = new RecordCollector('a.jsonl', 'refuse-file');
    const records = feed(createJsonlParser('a.jsonl'), GOOD_AND_BAD);
    expect(refuse.take(records)).toEqual([{ text: 'one', metadata: {} }]);
    expect(refuse.finish()).toMatchObject({ refused: true, problemCount: 1, problems: [{ line: 2 }] });

    const skip = new RecordCollector('a.jsonl', 'skip-invalid');
    expect(skip.take(records).map((a) => a.text)).toEqual(['one', 'three']);
    expect(skip.finish()).toMatchObject({ refused: false, articleCount: 2, problemCount: 1 });
  });

  it('keeps at most 100 problems but counts them all', () => {
    const text = Array.from({ length: 250 }, () => 'nope').join('\n');
    const collector = new RecordCollector('a.jsonl', 'refuse-file');
    collector.take(feed(createJsonlParser('a.jsonl'), text));
    const report = collector.finish();
    expect(report.problems).toHaveLength(100);
    expect(report.problemCount).toBe(250);
    expect(report.problems[99]!.line).toBe(100);
  });

  it('gives a clear error for an empty file', () => {
    expect(problems(feed(createJsonlParser('a.jsonl'), ''))).toEqual([
      { ok: false, fatal: true, problem: { file: 'a.jsonl', reason: 'the file is empty' } },
    ]);
    expect(problems(feed(createJsonlParser('a.jsonl'), '\n \n'))[0]!.problem.reason).toBe('the file contains only blank lines');
  });

  it('checks the text field and the types of known fields', () => {
    const lines = [
      '[1]',
      '{"title":"no text"}',
      '{"text":42}',
      '{"text":"   "}',
      '{"text":"x","title":7}',
      '{"text":"x","id":true}',
      '{"text":"x","date":"sometime"}',
    ];
    const reasons = problems(feed(createJsonlParser('a.jsonl'), lines.join('\n'))).map((p) => p.problem.reason);
    expect(reasons).toEqual([
      'expected an object with a "text" field, got an array',
      'missing "text" field',
      '"text" must be a string, got a number',
      '"text" is empty',
      '"title" must be a string, got a number',
      '"id" must be a string or a number, got a boolean',
      '"date": unrecognized date "sometime"',
    ]);
  });

  it('maps aliases, merges meta and keeps unknown fields', () => {
    const line = JSON.stringify({
      Text: 'body',
      title: ' T ',
      url: 'https://x.test/a',
      publishedAt: '2020-11-27T08:00:00Z',
      lang: 'en',
      id: 17,
      source: null,
      meta: { section: 'world', tags: ['a'] },
      section: 'top',
      score: 0.5,
    });
    const [article] = articles(feed(createJsonlParser('a.jsonl'), line));
    expect(article).toEqual({
      text: 'body',
      title: 'T',
      url: 'https://x.test/a',
      publishedAt: '2020-11-27T08:00:00Z',
      language: 'en',
      externalId: '17',
      metadata: { section: 'top', score: 0.5, 'meta.section': 'world', tags: ['a'] },
    });
  });

  it('keeps __proto__ and constructor keys as plain data without touching prototypes', () => {
    const line = '{"text":"t","__proto__":{"polluted":true},"constructor":{"prototype":{"polluted":true}},"meta":{"__proto__":{"polluted":1},"toString":"x"}}';
    const [article] = articles(feed(createJsonlParser('a.jsonl'), line));
    const metadata = article!.metadata!;
    expect(Object.getPrototypeOf(metadata)).toBeNull();
    expect(Object.keys(metadata)).toEqual(['__proto__', 'constructor', 'meta.__proto__', 'toString']);
    expect(metadata['__proto__']).toEqual({ polluted: true });
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
    expect(Object.prototype).not.toHaveProperty('polluted');
    expect(JSON.parse(JSON.stringify(metadata))).toHaveProperty(['toString'], 'x');
  });

  it('keeps the digits of ids beyond 2^53', () => {
    const text = ['{"text":"a","id":12345678901234567890123}', '{"id": -9007199254740993, "text":"b"}', '{"text":"c","id":"0042"}', '{"text":"d","nested":{"id":1},"id":1.50}'].join('\n');
    expect(articles(feed(createJsonlParser('a.jsonl'), text)).map((a) => a.externalId)).toEqual([
      '12345678901234567890123',
      '-9007199254740993',
      '0042',
      '1.50',
    ]);
  });

  it('refuses a record nested 100,000 deep with a clear error', () => {
    const deep = '{"text":"t","meta":{"x":' + '['.repeat(100_000) + ']'.repeat(100_000) + '}}';
    const records = feed(createJsonlParser('a.jsonl'), `${deep}\n{"text":"ok"}`);
    expect(problems(records)[0]!.problem).toEqual({ file: 'a.jsonl', line: 1, reason: 'nested deeper than 1000 levels' });
    expect(articles(records)).toHaveLength(1);
  });

  it('uses the textField option', () => {
    expect(articles(feed(createJsonlParser('a.jsonl', { textField: 'body' }), '{"body":"b","text":"t"}'))[0]).toEqual({
      text: 'b',
      metadata: { text: 't' },
    });
  });
});

describe('findTopLevelNumberLiteral', () => {
  it('finds only the top-level key', () => {
    expect(findTopLevelNumberLiteral('{"a":{"id":1},"b":"\\"id\\":2","id":3e2}', 'id')).toBe('3e2');
    expect(findTopLevelNumberLiteral('{"a":[{"id":1}]}', 'id')).toBeNull();
  });
});

describe('JSON arrays', () => {
  const ARRAY = '[\n  {"text": "one", "tags": ["a", "]"]},\n  {"text": "two {"}\r\n, {"text": "three"}\n]\n';

  it('yields each element with its starting line', () => {
    const records = feed(createJsonArrayParser('a.json'), ARRAY);
    expect(records.map((r) => r.line)).toEqual([2, 3, 4]);
    expect(articles(records).map((a) => a.text)).toEqual(['one', 'two {', 'three']);
  });

  it('gives the same records whatever the chunk boundaries', () => {
    const whole = feed(createJsonArrayParser('a.json'), ARRAY);
    fc.assert(
      fc.property(fc.array(fc.nat({ max: ARRAY.length }), { maxLength: 12 }), (cuts) => {
        expect(feed(createJsonArrayParser('a.json'), ARRAY, cuts)).toEqual(whole);
      }),
      { numRuns: 300 },
    );
  });

  it('reads the array inside a wrapper object', () => {
    const text = '{"count": 2, "meta": {"articles": []}, "Articles": [{"text":"a"}, {"text":"b"}], "data": [{"text":"ignored"}]}';
    expect(articles(feed(createJsonArrayParser('a.json'), text)).map((a) => a.text)).toEqual(['a', 'b']);
    expect(articles(feed(createJsonArrayParser('a.json'), '{"data":[{"text":"d"}]}')).map((a) => a.text)).toEqual(['d']);
  });

  it('reports a bad element and reads on', () => {
    const records = feed(createJsonArrayParser('a.json'), '[{"text":"a"},\n{"text": nope},\n"str", 12, null, {"text":"b"}]');
    expect(articles(records).map((a) => a.text)).toEqual(['a', 'b']);
    expect(problems(records).map((p) => [p.line, p.fatal])).toEqual([
      [2, false],
      [3, false],
      [3, false],
      [3, false],
    ]);
    expect(problems(records)[1]!.problem.reason).toBe('expected an object with a "text" field, got a string');
  });

  it('stops with a clear error on a broken structure', () => {
    const reason = (text: string) => problems(feed(createJsonArrayParser('a.json'), text)).map((p) => [p.fatal, p.line, p.problem.reason]);
    expect(reason('')).toEqual([[true, 1, 'the file is empty']]);
    expect(reason('[]')).toEqual([[true, 1, 'the array holds no articles']]);
    expect(reason('[{"text":"a"},\n{"text":"b"}')).toEqual([[true, 2, 'the file ends before the array opened on line 1 is closed']]);
    expect(reason('[{"text":"a"} {"text":"b"}]')).toEqual([[true, 1, 'missing "," between array elements']]);
    expect(reason('[{"text":"a"},]')).toEqual([[true, 1, 'trailing comma before "]"']]);
    expect(reason('[{"text":"a"]}]')).toEqual([[true, 1, '"]" closes "{"']]);
    expect(reason('[{"text":"a"}] x')).toEqual([[true, 1, 'unexpected content after the end of the JSON value']]);
    expect(reason('hello')).toEqual([[true, 1, 'expected a JSON array "[" or object "{"']]);
    expect(reason('{"text":"single"}')[0]![2]).toMatch(/^expected a JSON array of articles, or an object with one under "articles"/);
    expect(reason('["unterminated')).toEqual([[true, 1, 'the file ends inside a string']]);
  });

  it('keeps the good elements read before a fatal error', () => {
    const records = feed(createJsonArrayParser('a.json'), '[{"text":"a"},\n{"text":"b"}}');
    expect(articles(records).map((a) => a.text)).toEqual(['a', 'b']);
    expect(records.at(-1)).toMatchObject({ ok: false, fatal: true, line: 2 });
  });

  it('refuses 100,000-deep nesting without overflowing the stack', () => {
    const deep = '['.repeat(100_000) + ']'.repeat(100_000);
    const records = feed(createJsonArrayParser('deep.json'), deep, [50_000, 150_000]);
    expect(records).toEqual([
      { ok: false, line: 1, fatal: true, problem: { file: 'deep.json', line: 1, reason: 'nested deeper than 1000 levels' } },
    ]);
  });

  it('keeps big-int ids from array elements', () => {
    const [article] = articles(feed(createJsonArrayParser('a.json'), '[{"id": 98765432109876543210, "text": "x"}]'));
    expect(article!.externalId).toBe('98765432109876543210');
  });
});
