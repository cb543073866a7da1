import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { LineSplitter, type SplitLine } from './lines';

function split(text: string, cuts: number[]): SplitLine[] {
  const splitter = new LineSplitter();
  const out: SplitLine[] = [];
  let from = 0;
  for (const cut of [...cuts].sort((a, b) => a - b)) {
    out.push(...splitter.push(text.slice(from, cut)));
    from = cut;
  }
  out.push(...splitter.push(text.slice(from)), ...splitter.end());
  return out;
}

describe('LineSplitter', () => {
  it('numbers lines from 1 and drops LF and CRLF terminators', () => {
    expect(split('a\r\nb\n\nc', [])).toEqual([
      { line: 1, text: 'a' },
      { line: 2, text: 'b' },
      { line: 3, text: '' },
      { line: 4, text: 'c' },
    ]);
  });

  it('handles a chunk boundary between CR and LF', () => {
    expect(split('a\r\nb\r\n', [2])).toEqual([
      { line: 1, text: 'a' },
      { line: 2, text: 'b' },
    ]);
  });

  it('keeps a lone CR inside the line', () => {
    expect(split('a\rb\n', [])).toEqual([{ line: 1, text: 'a\rb' }]);
  });

  it('gives the same lines whatever the chunk boundaries', () => {
    const text = fc.string({ unit: fc.constantFrom('a', 'é', '😀', '\r', '\n', ' ', '{') , maxLength: 60 });
    fc.assert(
      fc.property(text, fc.array(fc.nat(), { maxLength: 8 }), (input, rawCuts) => {
        const cuts = rawCuts.map((c) => c % (input.length + 1));
        expect(split(input, cuts)).toEqual(split(input, []));
      }),
      { numRuns: 500 },
    );
  });
});
