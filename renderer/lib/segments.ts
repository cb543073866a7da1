/**
 * Turns a block's text and the spans over it into a tree of text runs and marks
 * that nest properly. Where two spans cross, the later one is cut at the earlier
 * one's edge, so one span may be drawn as several <mark> pieces (same data-span-id).
 *
 * A discontinuous span (brat `5 7;9 10`) is drawn as one piece per fragment: the gaps between its
 * fragments are not part of it, so they are drawn as if the span were not there.
 *
 * Each mark records `depth` (how many marks nest inside it): its padding grows with
 * depth so an outer span's lower edge shows, and stays clickable, under inner ones.
 */
import type { Span } from '../../contract/api';
import { spanStretches } from '../../core/model';
import type { TextBlock, TextModel } from './textModel';

export interface TextRun {
  kind: 'text';
  text: string;
}

export interface MarkPiece {
  kind: 'mark';
  span: Span;
  children: SegmentNode[];
  depth: number;
  /** This piece holds the first / last character of the span, or of one of its fragments (for rounded ends). */
  opens: boolean;
  closes: boolean;
  /** UTF-16 range within the block, while building. */
  from: number;
  to: number;
}

export type SegmentNode = TextRun | MarkPiece;

/** A span's continuous stretch within one block: the whole span, or one of its fragments. */
interface LocalSpan {
  span: Span;
  rank: number;
  from: number;
  to: number;
  /** Where the stretch starts and ends in the document (UTF-16): its pieces in this block may not hold either. */
  start16: number;
  end16: number;
}

export function buildSegments(model: TextModel, block: TextBlock, spans: readonly Span[]): SegmentNode[] {
  const text = block.text;
  if (spans.length === 0) return text.length > 0 ? [{ kind: 'text', text }] : [];

  const local: LocalSpan[] = [];
  const cuts = new Set<number>([0, text.length]);
  spans.forEach((span, rank) => {
    for (const [start, end] of spanStretches(span)) {
      const start16 = model.toUtf16(start);
      const end16 = model.toUtf16(end);
      const from = Math.max(0, start16 - block.start16);
      const to = Math.min(text.length, end16 - block.start16);
      if (to <= from) continue; // in another block, or covers only this block's line terminator
      local.push({ span, rank, from, to, start16, end16 });
      cuts.add(from);
      cuts.add(to);
    }
  });
  const edges = [...cuts].sort((a, b) => a - b);

  const root: SegmentNode[] = [];
  const open: MarkPiece[] = [];
  const stretchEnds = new Map<MarkPiece, number>();
  // Spans arrive in document order (start asc, longer first), so `rank` puts outer spans before inner ones.
  for (let e = 0; e + 1 < edges.length; e++) {
    const a = edges[e]!;
    const b = edges[e + 1]!;
    const covering = local.filter((item) => item.from <= a && item.to >= b);
    let keep = 0;
    while (keep < open.length && keep < covering.length && open[keep]!.span.id === covering[keep]!.span.id) keep++;
    open.length = keep;
    let children = keep > 0 ? open[keep - 1]!.children : root;
    for (let i = keep; i < covering.length; i++) {
      const item = covering[i]!;
      const piece: MarkPiece = {
        kind: 'mark',
        span: item.span,
        children: [],
        depth: 0,
        opens: a === item.from && item.start16 >= block.start16,
        closes: false,
        from: a,
        to: b,
      };
      children.push(piece);
      open.push(piece);
      children = piece.children;
    }
    // After the loop above, open[i] draws covering[i]; a piece runs on into a fragment right after the one it began with.
    open.forEach((piece, i) => {
      piece.to = b;
      stretchEnds.set(piece, covering[i]!.end16);
    });
    children.push({ kind: 'text', text: text.slice(a, b) });
  }
  finish(root, block, stretchEnds);
  return root;
}

function finish(nodes: SegmentNode[], block: TextBlock, stretchEnds: ReadonlyMap<MarkPiece, number>): number {
  let deepest = -1;
  for (const node of nodes) {
    if (node.kind !== 'mark') continue;
    node.depth = finish(node.children, block, stretchEnds) + 1;
    node.closes = block.start16 + node.to === stretchEnds.get(node);
    deepest = Math.max(deepest, node.depth);
  }
  return deepest;
}
