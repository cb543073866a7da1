import { describe, expect, it } from 'vitest';
import { detectFormat } from './detect';
import { utf8 } from './test-helpers';

describe('detectFormat', () => {
  it.each([
    ['a.txt', 'txt'],
    ['A.TXT', 'txt'],
    ['a.md', 'md'],
    ['a.markdown', 'md'],
    ['a.htm', 'html'],
    ['a.html', 'html'],
    ['a.jsonl', 'jsonl'],
    ['a.ndjson', 'jsonl'],
    ['a.csv', 'csv'],
    ['a.tsv', 'tsv'],
  ] as const)('%s by extension', (name, format) => {
    expect(detectFormat(name, utf8('whatever'))).toBe(format);
  });

  it('looks inside .json files for JSON Lines', () => {
    expect(detectFormat('a.json', utf8('\uFEFF[{"text":"a"}]'))).toBe('json');
    expect(detectFormat('a.json', utf8('{"articles": [\n{"text":"a"}]}'))).toBe('json');
    expect(detectFormat('a.json', utf8('{"text":"a"}\r\n{"text":"b"}\n'))).toBe('jsonl');
  });

  it.each([
    ['<!DOCTYPE html><html><body>x</body></html>', 'html'],
    ['  <p>para</p>', 'html'],
    ['[{"text":"a"}]', 'json'],
    ['{"text":"a"}\n{"text":"b"}', 'jsonl'],
    ['id\ttext\n1\thello\n2\tworld\n', 'tsv'],
    ['id,text,title\n1,hello,a\n2,"world, big",b\n', 'csv'],
    ['# Heading\n\nbody', 'md'],
    ['Just some prose, with commas, here.\nAnd more, prose, too, yes.\n', 'txt'],
  ] as const)('sniffs %j without a known extension', (content, format) => {
    expect(detectFormat('download', utf8(content))).toBe(format);
  });

  it('sniffs UTF-16 content', () => {
    const bytes = new Uint8Array([0xff, 0xfe, ...Array.from('[{}]').flatMap((c) => [c.charCodeAt(0), 0])]);
    expect(detectFormat('x.dat', bytes)).toBe('json');
  });

  it('lets annotation-format sniffers claim a file first', () => {
    const brat = (name: string) => (name.endsWith('.ann') ? ('brat' as const) : null);
    expect(detectFormat('doc.ann', utf8('T1\tAgency 0 5\tHello'), [brat])).toBe('brat');
    expect(detectFormat('doc.txt', utf8('Hello'), [brat])).toBe('txt');
  });

  it('reads only its own extensions: a name ending in a property every object has is judged by its content', () => {
    for (const name of ['notes.constructor', 'a.tostring', 'b.__proto__', 'c.hasownproperty']) {
      expect(detectFormat(name, utf8('Plain words in a file.\n'))).toBe('txt');
    }
  });
});
