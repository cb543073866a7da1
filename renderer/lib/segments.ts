/**
 * Turns a block's text and the spans over it into a tree of text runs and marks
 * that nest properly. Where two spans cross, the later one is cut at the earlier
 * one's edge, so one span may be drawn as several <mark> pieces (same data-span-id).
 *
 * Each mark records `depth` (how many marks nest inside it): its padding grows with
 * depth so an outer span's lower edge shows, and stays clickable, under inner ones.
 */
import type { Span } from '../../contract/api';
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
  /** This piece holds the span's first / last character (for rounded ends). */
  opens: boolean;
  closes: boolean;
  /** UTF-16 range within the block, while building. */
  from: number;
  to: number;
}

export type SegmentNode = TextRun | MarkPiece;

interface LocalSpan {
  span: Span;
  rank: number;
  from: number;
  to: number;
}

export function buildSegments(model: TextModel, block: TextBlock, spans: readonly Span[]): SegmentNode[] {
  const text = block.text;
  if (spans.length === 0) return text.length > 0 ? [{ kind: 'text', text }] : [];

  const local: LocalSpan[] = [];
  const cuts = new Set<number>([0, text.length]);
  spans.forEach((span, rank) => {
    const from = Math.max(0, model.toUtf16(span.start) - block.start16);
    const to = Math.min(text.length, model.toUtf16(span.end) - block.start16);
    if (to <= from) return; // covers only this block's line terminator
    local.push({ span, rank, from, to });
    cuts.add(from);
    cuts.add(to);
  });
  const edges = [...cuts].sort((a, b) => a - b);

  const root: SegmentNode[] = [];
  const open: MarkPiece[] = [];
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
        opens: a === item.from && model.toUtf16(item.span.start) >= block.start16,
        closes: false,
        from: a,
        to: b,
      };
      children.push(piece);
      open.push(piece);
      children = piece.children;
    }
    for (const piece of open) piece.to = b;
    children.push({ kind: 'text', text: text.slice(a, b) });
  }
  finish(root, model, block);
  return root;
}

function finish(nodes: SegmentNode[], model: TextModel, block: TextBlock): number {
  let deepest = -1;
  for (const node of nodes) {
    if (node.kind !== 'mark') continue;
    node.depth = finish(node.children, model, block) + 1;
    node.closes = block.start16 + node.to === model.toUtf16(node.span.end);
    deepest = Math.max(deepest, node.depth);
  }
  return deepest;
}
