/**
 * A corpus of hostile files, generated at test time (nothing binary is committed): each
 * with the format it claims to be and, where the right answer is known, what must happen.
 */
import { expect } from 'vitest';
import type { ArticleFormat } from '../../core/import/index';
import type { ProjectDb } from '../../db/open';
import { prng } from '../../bench/generate';
import type { ParseOutcome } from './importers';

export interface NastyFile {
  name: string;
  format: ArticleFormat;
  bytes: Uint8Array;
  expect?(parsed: ParseOutcome, db: ProjectDb): void;
}

const utf8 = (text: string) => Buffer.from(text, 'utf8');
const refused = (parsed: ParseOutcome) => expect(parsed.refused).toBe(true);
const accepted = (count: number) => (parsed: ParseOutcome) => {
  expect(parsed.refused).toBe(false);
  expect(parsed.texts).toHaveLength(count);
};

export function nastyFiles(): NastyFile[] {
  const random = prng(7);
  const randomBytes = (n: number) => Uint8Array.from({ length: n }, () => Math.floor(random() * 256));
  const deep = 100_000;
  return [
    ...(['txt', 'md', 'html', 'jsonl', 'json', 'csv', 'tsv'] as const).map((format) => ({ name: `random-bytes.${format}`, format, bytes: randomBytes(5000) })),
    { name: 'empty.jsonl', format: 'jsonl', bytes: new Uint8Array(0), expect: refused },
    { name: 'bom-only.txt', format: 'txt', bytes: Uint8Array.from([0xef, 0xbb, 0xbf]), expect: refused },
    { name: 'whitespace.txt', format: 'txt', bytes: utf8(' \n\t\r\n '), expect: refused },
    { name: 'nested-100000-arrays.json', format: 'json', bytes: utf8(`${'['.repeat(deep)}${']'.repeat(deep)}`), expect: refused },
    { name: 'nested-100000-objects.json', format: 'json', bytes: utf8(`[{"text":"x","meta":${'{"a":'.repeat(deep)}1${'}'.repeat(deep)}}]`), expect: refused },
    { name: 'nested-100000.jsonl', format: 'jsonl', bytes: utf8(`{"text":"deep","m":${'['.repeat(deep)}${']'.repeat(deep)}}\n`), expect: refused },
    { name: 'nested-unclosed.json', format: 'json', bytes: utf8('['.repeat(deep)), expect: refused },
    { name: 'truncated.json', format: 'json', bytes: utf8('[{"text":"first article"},{"text":"second art'), expect: refused },
    { name: 'truncated.jsonl', format: 'jsonl', bytes: utf8('{"text":"first article"}\n{"text":"second art'), expect: refused },
    { name: 'trailing-garbage.json', format: 'json', bytes: utf8('[{"text":"a"}] trailing'), expect: refused },
    {
      name: 'proto-keys.jsonl',
      format: 'jsonl',
      bytes: utf8('{"text":"prototype keys","__proto__":{"polluted":true},"constructor":{"prototype":{"polluted":true}},"prototype":1,"meta":{"__proto__":{"polluted":true}}}\n'),
      expect: (parsed, db) => {
        accepted(1)(parsed);
        expect(({} as Record<string, unknown>).polluted).toBeUndefined();
        expect(Object.prototype.hasOwnProperty.call(Object.prototype, 'polluted')).toBe(false);
        void db;
      },
    },
    {
      name: 'big-numbers.jsonl',
      format: 'jsonl',
      bytes: utf8('{"id": 9007199254740993, "text": "an id beyond 2^53", "n": 123456789012345678901234567890, "x": 1e400}\n'),
      expect: accepted(1),
    },
    {
      name: 'quoted-newlines.csv',
      format: 'csv',
      bytes: utf8('text,title\n"line one\nline two, with ""quotes""",First\r\n"second\r\nrecord",Second\n'),
      expect: (parsed) => expect(parsed.texts).toEqual(['line one\nline two, with "quotes"', 'second\r\nrecord']),
    },
    { name: 'ragged.csv', format: 'csv', bytes: utf8('text,title\na,b,c\nd\n'), expect: refused },
    { name: 'unterminated-quote.csv', format: 'csv', bytes: utf8('text,title\n"never closed,T\nmore\n'), expect: refused },
    { name: 'invalid-utf8.txt', format: 'txt', bytes: Uint8Array.from([0x61, 0x62, 0xff, 0xfe, 0x63]), expect: refused },
    { name: 'overlong-utf8.jsonl', format: 'jsonl', bytes: Uint8Array.from([...utf8('{"text":"'), 0xc0, 0xaf, ...utf8('"}\n')]), expect: refused },
    { name: 'encoded-surrogate.txt', format: 'txt', bytes: Uint8Array.from([0x61, 0xed, 0xa0, 0x80, 0x62]), expect: refused },
    { name: 'nul.txt', format: 'txt', bytes: utf8('before\0after'), expect: refused },
    { name: 'nul.csv', format: 'csv', bytes: utf8('text\n"a\0b"\n'), expect: refused },
    { name: 'escaped-nul.jsonl', format: 'jsonl', bytes: utf8('{"text":"a\\u0000b"}\n') },
    {
      name: 'lone-surrogate-escape.jsonl',
      format: 'jsonl',
      bytes: utf8('{"text":"a\\ud800b"}\n'),
      expect: (parsed) => {
        refused(parsed);
        expect(parsed.problems[0]!.reason).toMatch(/unpaired surrogate \(\\ud800\)/);
      },
    },
    { name: 'lone-surrogate-title.json', format: 'json', bytes: utf8('[{"text":"fine","title":"x\\udfff"}]'), expect: refused },
    { name: 'surrogate-pair-escape.jsonl', format: 'jsonl', bytes: utf8('{"text":"wave \\ud83d\\udc4b"}\n'), expect: (parsed) => expect(parsed.texts).toEqual(['wave 👋']) },
    { name: 'rtl-override-fields.jsonl', format: 'jsonl', bytes: utf8('{"title":"\u202eevil\u202c","source":"\u2066x\u2069","text":"Pay \u202e0001$ now"}\n'), expect: accepted(1) },
    { name: 'utf16le-bom.txt', format: 'txt', bytes: Uint8Array.from([0xff, 0xfe, ...Buffer.from('UTF-16 text 👋', 'utf16le')]) },
    { name: 'lone-cr.txt', format: 'txt', bytes: utf8('one\rtwo\rthree'), expect: (parsed) => expect(parsed.texts).toEqual(['one\rtwo\rthree']) },
    { name: 'long-line.jsonl', format: 'jsonl', bytes: utf8(`{"text":"${'x'.repeat(3_000_000)}"}\n`), expect: accepted(1) },
    { name: 'many-columns.csv', format: 'csv', bytes: utf8(`${['text', ...Array.from({ length: 3000 }, (_, i) => `c${i}`)].join(',')}\nhello${',v'.repeat(3000)}\n`) },
    { name: 'script.html', format: 'html', bytes: utf8('<html><head><title>T</title><script>alert(1)</script></head><body><p>Body &#x202E; text</p><img src=x onerror=alert(1)></body></html>') },
    { name: 'wrong-shape.json', format: 'json', bytes: utf8('{"not":"an array of articles"}') },
    { name: 'numbers-as-text.jsonl', format: 'jsonl', bytes: utf8('{"text": 12345}\n'), expect: refused },
  ];
}
