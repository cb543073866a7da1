import { describe, expect, it } from 'vitest';
import type { Span } from '../../contract/api';
import { buildSegments, type SegmentNode } from './segments';
import { SpanIndex } from './spanIndex';
import { TextModel } from './textModel';

function span(id: number, start: number, end: number, fragments: Array<[number, number]> | null = null): Span {
  return { id, documentId: 1, labelId: 1, start, end, text: '', note: null, attributes: {}, fragments, author: null, createdAt: '', updatedAt: '' };
}

/** The tree as text: marks as [id:…], with ( and ) where a piece opens and closes the span or fragment. */
function show(nodes: readonly SegmentNode[]): string {
  return nodes
    .map((node) => (node.kind === 'text' ? node.text : `[${node.span.id}:${node.opens ? '(' : ''}${show(node.children)}${node.closes ? ')' : ''}]`))
    .join('');
}

function draw(text: string, spans: Span[]): string[] {
  const model = new TextModel(text);
  const index = new SpanIndex(model, spans);
  return model.blocks.map((block) => show(buildSegments(model, block, index.forBlock(block.index))));
}

describe('buildSegments', () => {
  it('draws a continuous span across a line break as one piece per line', () => {
    expect(draw('This is\nan other test.', [span(2, 5, 10)])).toEqual(['This [2:(is]', '[2:an)] other test.']);
  });

  it('draws each fragment of a discontinuous span, and not the gap between them (brat T2 Token 5 7;9 10)', () => {
    expect(draw('This is\nan other test.', [span(2, 5, 10, [[5, 7], [9, 10]])])).toEqual(['This [2:(is)]', 'a[2:(n)] other test.']);
  });

  it('leaves the gap within one line undrawn, and another span over the gap nests as usual', () => {
    const text = 'alpha beta gamma';
    expect(draw(text, [span(1, 0, 16, [[0, 5], [11, 16]])])).toEqual(['[1:(alpha)] beta [1:(gamma)]']);
    // A span over the gap: the discontinuous span is outer (it starts first), but no piece of it covers "beta".
    expect(draw(text, [span(1, 0, 16, [[0, 5], [11, 16]]), span(2, 6, 10)])).toEqual(['[1:(alpha)] [2:(beta)] [1:(gamma)]']);
    // An inner span inside a fragment nests inside that fragment's piece.
    expect(draw(text, [span(1, 0, 16, [[0, 5], [11, 16]]), span(2, 11, 13)])).toEqual(['[1:(alpha)] beta [1:([2:(ga)]mma)]']);
  });

  it('draws fragments after emoji at their code point offsets', () => {
    // "😀 ab cd": code points 0 😀, 1 space, 2 a, 3 b, 4 space, 5 c, 6 d.
    expect(draw('😀 ab cd', [span(1, 0, 7, [[0, 1], [5, 7]])])).toEqual(['[1:(😀)] ab [1:(cd)]']);
  });

  it('marks adjacent fragments as one piece that closes at the last one', () => {
    expect(draw('abcdef', [span(1, 0, 5, [[0, 2], [2, 5]])])).toEqual(['[1:(abcde)]f']);
  });
});

describe('SpanIndex', () => {
  it('lists a discontinuous span only in the blocks its fragments touch, not in a line wholly inside a gap', () => {
    const model = new TextModel('one\ntwo\nthree\nfour');
    const fragmented = span(1, 0, 13, [[0, 3], [8, 13]]);
    const index = new SpanIndex(model, [fragmented]);
    expect([0, 1, 2, 3].map((i) => index.forBlock(i).map((s) => s.id))).toEqual([[1], [], [1], []]);
    index.remove(fragmented);
    expect([0, 1, 2, 3].map((i) => index.forBlock(i).length)).toEqual([0, 0, 0, 0]);
    index.add(fragmented);
    expect([0, 1, 2, 3].map((i) => index.forBlock(i).length)).toEqual([1, 0, 1, 0]);
  });

  it('lists a continuous span in every block it runs through', () => {
    const model = new TextModel('one\ntwo\nthree\nfour');
    const index = new SpanIndex(model, [span(1, 0, 13)]);
    expect([0, 1, 2, 3].map((i) => index.forBlock(i).length)).toEqual([1, 1, 1, 0]);
  });
});
