/**
 * Inter-annotator agreement between two annotations of the same documents (annotator A, the
 * reference, and annotator B), as `spanbench agreement` reports it.
 *
 * - Documents are paired by the SHA-256 of their text, never by id or title: each analyst's
 *   project numbers and names its documents in its own way, and only the same text can carry
 *   the same offsets.
 * - Spans are compared per label, by label name. A span's extent is its fragments when it has
 *   them (a discontinuous span), else [start, end); code points, half-open, as stored.
 * - Exact match: same label and the very same fragments. Overlap match: same label and at least
 *   one code point in common, paired one-to-one greedily (see matchByOverlap).
 *   Precision is B's spans that A also has, recall A's spans that B also has; F1 = 2·matched /
 *   (A's spans + B's spans) does not depend on which annotator is called A, so it is the figure
 *   to read (precision and recall swap when A and B do).
 * - Tokens: the text is cut by core/tokenize.ts, also at every span and fragment edge of either
 *   annotator, so that each token lies wholly inside or outside each span and both annotators
 *   are judged on the same tokens. Per label, every token is a binary decision (covered by a span
 *   of that label or not) and Cohen's kappa is computed over those decisions; a token under two
 *   labels counts for each. Overall, every token gets one category per annotator, "O" (no span)
 *   or its label, and Cohen's kappa is computed over those categories; a token that either
 *   annotator put under two different labels has no single category and is left out of the
 *   overall kappa (counted as `ambiguous`).
 * - Figures that divide by zero (F1 with no spans on either side, kappa when chance agreement is
 *   1, e.g. a label neither annotator used) are null, never NaN: "n/a" when printed.
 *
 * Figures over several documents are micro figures: counts are summed, then divided.
 */
import type { DocumentStatus } from './model';
import { spanStretches } from './model';
import { tokenize } from './tokenize';

/** A span as agreement sees it: its label's name and extent (code points). */
export interface AgreementSpan {
  label: string;
  start: number;
  end: number;
  fragments?: ReadonlyArray<readonly [number, number]> | null;
}

/** What pairing needs to know of a document. */
export interface DocumentKey {
  id: number;
  sha256: string;
  title: string;
  status: DocumentStatus;
}

/** `all`: every document whose text both projects have; `done`: those marked done in both. */
export type DocumentSelection = 'all' | 'done';
export const DOCUMENT_SELECTIONS: readonly DocumentSelection[] = ['all', 'done'];

export interface DocumentPairing {
  pairs: Array<{ a: DocumentKey; b: DocumentKey }>;
  /** Documents whose text the other project does not have. */
  onlyInA: number;
  onlyInB: number;
  /** Pairs left out by the `done` selection: the text is in both, but not done in both. */
  notDoneInBoth: number;
}

/**
 * Pairs documents by the SHA-256 of their text. A text a project holds twice (imported with
 * --on-duplicate keep) pairs its copies in id order, the first in A with the first in B and so
 * on; copies left over are counted as only in their project. Pairs come in A's id order.
 */
export function pairDocuments(a: readonly DocumentKey[], b: readonly DocumentKey[], selection: DocumentSelection = 'all'): DocumentPairing {
  const byId = (x: DocumentKey, y: DocumentKey) => x.id - y.id;
  const bByText = new Map<string, DocumentKey[]>();
  for (const doc of [...b].sort(byId)) {
    const copies = bByText.get(doc.sha256);
    if (copies) copies.push(doc);
    else bByText.set(doc.sha256, [doc]);
  }
  const pairs: DocumentPairing['pairs'] = [];
  let onlyInA = 0;
  let notDoneInBoth = 0;
  let pairedB = 0;
  for (const docA of [...a].sort(byId)) {
    const docB = bByText.get(docA.sha256)?.shift();
    if (!docB) {
      onlyInA++;
      continue;
    }
    pairedB++;
    if (selection === 'done' && (docA.status !== 'done' || docB.status !== 'done')) notDoneInBoth++;
    else pairs.push({ a: docA, b: docB });
  }
  return { pairs, onlyInA, onlyInB: b.length - pairedB, notDoneInBoth };
}

/** How many spans two annotations share under one way of matching, with the ratios. */
export interface MatchFigures {
  matched: number;
  /** matched / B's spans. */
  precision: number | null;
  /** matched / A's spans. */
  recall: number | null;
  /** 2·matched / (A's spans + B's spans): the same whichever annotator is A. */
  f1: number | null;
}

/** Cohen's kappa over tokens: (observed − expected) / (1 − expected). */
export interface KappaFigures {
  /** Tokens (decisions) it is computed over. */
  tokens: number;
  /** Share of tokens on which the two annotators agree. */
  observed: number | null;
  /** Agreement expected by chance from each annotator's own proportions. */
  expected: number | null;
  kappa: number | null;
}

export interface LabelAgreement {
  label: string;
  spansA: number;
  spansB: number;
  exact: MatchFigures;
  overlap: MatchFigures;
  /** Per-label binary kappa: is this token under a span of this label? */
  tokens: KappaFigures;
}

export interface OverallAgreement {
  spansA: number;
  spansB: number;
  /** Micro figures: matches and spans summed over the labels. */
  exact: MatchFigures;
  overlap: MatchFigures;
  /** Kappa over each token's category (O or one label). */
  tokens: KappaFigures & {
    /** Tokens left out because an annotator put them under two different labels. */
    ambiguous: number;
  };
}

/** Raw counts, summed over documents before any ratio is taken (micro figures). */
interface LabelCounts {
  spansA: number;
  spansB: number;
  exact: number;
  overlap: number;
  /** Tokens covered by this label in both, in A only, in B only, in neither. */
  both: number;
  onlyA: number;
  onlyB: number;
  neither: number;
}

/** Overall token categories: index 0 is "O", index i + 1 is labels[i]. */
interface CategoryCounts {
  tokens: number;
  agreed: number;
  marginalA: number[];
  marginalB: number[];
  ambiguous: number;
}

export interface AgreementCounts {
  labels: LabelCounts[];
  categories: CategoryCounts;
}

function emptyCounts(labelCount: number): AgreementCounts {
  return {
    labels: Array.from({ length: labelCount }, () => ({ spansA: 0, spansB: 0, exact: 0, overlap: 0, both: 0, onlyA: 0, onlyB: 0, neither: 0 })),
    categories: { tokens: 0, agreed: 0, marginalA: new Array<number>(labelCount + 1).fill(0), marginalB: new Array<number>(labelCount + 1).fill(0), ambiguous: 0 },
  };
}

function addCounts(into: AgreementCounts, from: AgreementCounts): void {
  from.labels.forEach((counts, i) => {
    const target = into.labels[i]!;
    for (const key of Object.keys(counts) as Array<keyof LabelCounts>) target[key] += counts[key];
  });
  const c = into.categories;
  c.tokens += from.categories.tokens;
  c.agreed += from.categories.agreed;
  c.ambiguous += from.categories.ambiguous;
  from.categories.marginalA.forEach((n, i) => (c.marginalA[i]! += n));
  from.categories.marginalB.forEach((n, i) => (c.marginalB[i]! += n));
}

function ratio(part: number, whole: number): number | null {
  return whole > 0 ? part / whole : null;
}

function matchFigures(matched: number, spansA: number, spansB: number): MatchFigures {
  return { matched, precision: ratio(matched, spansB), recall: ratio(matched, spansA), f1: ratio(2 * matched, spansA + spansB) };
}

/** Kappa from observed and expected agreement; null when chance alone agrees fully (expected 1). */
function kappaFigures(tokens: number, observed: number | null, expected: number | null): KappaFigures {
  // Expected is 1 only when both annotators gave every token the same single category: then
  // observed is 1 too and kappa is 0/0. Compare with a margin, as expected is a sum of products.
  const kappa = observed === null || expected === null || expected > 1 - 1e-12 ? null : (observed - expected) / (1 - expected);
  return { tokens, observed, expected, kappa };
}

function labelFigures(label: string, counts: LabelCounts): LabelAgreement {
  const n = counts.both + counts.onlyA + counts.onlyB + counts.neither;
  const inA = counts.both + counts.onlyA;
  const inB = counts.both + counts.onlyB;
  const expected = n > 0 ? (inA * inB + (n - inA) * (n - inB)) / (n * n) : null;
  return {
    label,
    spansA: counts.spansA,
    spansB: counts.spansB,
    exact: matchFigures(counts.exact, counts.spansA, counts.spansB),
    overlap: matchFigures(counts.overlap, counts.spansA, counts.spansB),
    tokens: kappaFigures(n, ratio(counts.both + counts.neither, n), expected),
  };
}

function overallFigures(counts: AgreementCounts): OverallAgreement {
  const sum = (key: 'spansA' | 'spansB' | 'exact' | 'overlap') => counts.labels.reduce((total, c) => total + c[key], 0);
  const spansA = sum('spansA');
  const spansB = sum('spansB');
  const c = counts.categories;
  const n = c.tokens;
  const expected = n > 0 ? c.marginalA.reduce((total, a, i) => total + a * c.marginalB[i]!, 0) / (n * n) : null;
  return {
    spansA,
    spansB,
    exact: matchFigures(sum('exact'), spansA, spansB),
    overlap: matchFigures(sum('overlap'), spansA, spansB),
    tokens: { ...kappaFigures(n, ratio(c.agreed, n), expected), ambiguous: c.ambiguous },
  };
}

type Stretches = ReadonlyArray<readonly [number, number]>;

/** Code points two spans have in common, fragment by fragment (a gap covers nothing). */
export function sharedCodePoints(a: Stretches, b: Stretches): number {
  let shared = 0;
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    const [aStart, aEnd] = a[i]!;
    const [bStart, bEnd] = b[j]!;
    shared += Math.max(0, Math.min(aEnd, bEnd) - Math.max(aStart, bStart));
    if (aEnd <= bEnd) i++;
    else j++;
  }
  return shared;
}

function coveredLength(stretches: Stretches): number {
  return stretches.reduce((total, [from, to]) => total + (to - from), 0);
}

interface Extent {
  start: number;
  end: number;
  stretches: Stretches;
}

function extentOf(span: AgreementSpan): Extent {
  return { start: span.start, end: span.end, stretches: spanStretches(span) };
}

function exactKey(extent: Extent): string {
  return extent.stretches.map(([from, to]) => `${from}-${to}`).join(',');
}

/** Spans of one label the two annotations share exactly (as multisets: a copy matches once). */
function countExact(a: readonly Extent[], b: readonly Extent[]): number {
  const inA = new Map<string, number>();
  for (const extent of a) inA.set(exactKey(extent), (inA.get(exactKey(extent)) ?? 0) + 1);
  let matched = 0;
  for (const extent of b) {
    const left = inA.get(exactKey(extent)) ?? 0;
    if (left > 0) {
      matched++;
      inA.set(exactKey(extent), left - 1);
    }
  }
  return matched;
}

/**
 * Overlap matches of one label, one-to-one: every pair of an A span and a B span sharing at least
 * one code point is a candidate; candidates are taken greedily, the largest shared length first,
 * then the smallest combined extent (the closer fit), then in document order, each span in at most
 * one pair. An exact pair shares the whole of both spans, which no other pair of either can beat,
 * so every exact match is also an overlap match.
 */
export function matchByOverlap(a: readonly Extent[], b: readonly Extent[]): number {
  const order = (x: Extent, y: Extent) => x.start - y.start || y.end - x.end;
  const sortedA = [...a].sort(order);
  const sortedB = [...b].sort(order);
  // B's largest end so far, by start: B spans before the first whose running end passes an A
  // span's start cannot reach it, so each A span scans only the B spans near it.
  const runningEnd: number[] = [];
  for (const [j, extent] of sortedB.entries()) runningEnd.push(Math.max(extent.end, runningEnd[j - 1] ?? -Infinity));
  const candidates: Array<{ i: number; j: number; shared: number; combined: number }> = [];
  for (const [i, spanA] of sortedA.entries()) {
    let j = firstIndex(runningEnd, (end) => end > spanA.start);
    for (; j < sortedB.length && sortedB[j]!.start < spanA.end; j++) {
      const spanB = sortedB[j]!;
      if (spanB.end <= spanA.start) continue;
      const shared = sharedCodePoints(spanA.stretches, spanB.stretches);
      if (shared > 0) candidates.push({ i, j, shared, combined: coveredLength(spanA.stretches) + coveredLength(spanB.stretches) - shared });
    }
  }
  candidates.sort((x, y) => y.shared - x.shared || x.combined - y.combined || x.i - y.i || x.j - y.j);
  const usedA = new Uint8Array(sortedA.length);
  const usedB = new Uint8Array(sortedB.length);
  let matched = 0;
  for (const { i, j } of candidates) {
    if (usedA[i] || usedB[j]) continue;
    usedA[i] = 1;
    usedB[j] = 1;
    matched++;
  }
  return matched;
}

/** The first index whose value passes `test`, in an array where passing values come last. */
function firstIndex(values: readonly number[], test: (value: number) => boolean): number {
  let lo = 0;
  let hi = values.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (test(values[mid]!)) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

/** Which tokens each label covers, in one annotation: a flag per token, per label index. */
function tokenCoverage(tokenStarts: readonly number[], byLabel: ReadonlyArray<readonly Extent[]>): Array<Uint8Array | null> {
  return byLabel.map((extents) => {
    if (extents.length === 0) return null;
    const covered = new Uint8Array(tokenStarts.length);
    for (const extent of extents) {
      for (const [from, to] of extent.stretches) {
        // Tokens are cut at every stretch edge, so a token starting inside the stretch ends inside it.
        for (let t = firstIndex(tokenStarts, (start) => start >= from); t < tokenStarts.length && tokenStarts[t]! < to; t++) covered[t] = 1;
      }
    }
    return covered;
  });
}

/** The counts of one document: the two annotations of the same text. */
function countDocument(text: string, labels: readonly string[], spansA: readonly AgreementSpan[], spansB: readonly AgreementSpan[]): AgreementCounts {
  const labelIndex = new Map(labels.map((label, i) => [label, i]));
  const group = (spans: readonly AgreementSpan[]) => {
    const byLabel: Extent[][] = labels.map(() => []);
    // Spans of labels not compared (--labels) are left out of every figure.
    for (const span of spans) {
      const i = labelIndex.get(span.label);
      if (i !== undefined) byLabel[i]!.push(extentOf(span));
    }
    return byLabel;
  };
  const a = group(spansA);
  const b = group(spansB);
  const counts = emptyCounts(labels.length);

  const breaks: number[] = [];
  for (const extent of [...a.flat(), ...b.flat()]) for (const [from, to] of extent.stretches) breaks.push(from, to);
  const tokens = tokenize(text, { breaks });
  const tokenStarts = tokens.map((token) => token.start);
  const coverA = tokenCoverage(tokenStarts, a);
  const coverB = tokenCoverage(tokenStarts, b);

  labels.forEach((_, l) => {
    const c = counts.labels[l]!;
    c.spansA = a[l]!.length;
    c.spansB = b[l]!.length;
    c.exact = countExact(a[l]!, b[l]!);
    c.overlap = matchByOverlap(a[l]!, b[l]!);
    const inA = coverA[l];
    const inB = coverB[l];
    for (let t = 0; t < tokens.length; t++) {
      const x = inA?.[t] ?? 0;
      const y = inB?.[t] ?? 0;
      if (x && y) c.both++;
      else if (x) c.onlyA++;
      else if (y) c.onlyB++;
      else c.neither++;
    }
  });

  const categories = counts.categories;
  const categoryOf = (cover: Array<Uint8Array | null>, t: number): number | null => {
    let category = 0;
    for (let l = 0; l < cover.length; l++) {
      if (!cover[l]?.[t]) continue;
      if (category !== 0) return null;
      category = l + 1;
    }
    return category;
  };
  for (let t = 0; t < tokens.length; t++) {
    const x = categoryOf(coverA, t);
    const y = categoryOf(coverB, t);
    if (x === null || y === null) {
      categories.ambiguous++;
      continue;
    }
    categories.tokens++;
    categories.marginalA[x]!++;
    categories.marginalB[y]!++;
    if (x === y) categories.agreed++;
  }
  return counts;
}

export interface DocumentAgreement {
  sha256: string;
  a: { id: number; title: string };
  b: { id: number; title: string };
  overall: OverallAgreement;
  labels: LabelAgreement[];
}

export interface AgreementFigures {
  labels: string[];
  overall: OverallAgreement;
  perLabel: LabelAgreement[];
  documents: DocumentAgreement[];
}

/**
 * Adds up agreement one document pair at a time, so a caller can read the pairs one by one
 * rather than hold two whole projects in memory.
 */
export class AgreementTally {
  readonly #labels: readonly string[];
  readonly #total: AgreementCounts;
  readonly #documents: DocumentAgreement[] = [];

  /** `labels`: the labels to compare, in the order to report them; spans of any other are ignored. */
  constructor(labels: readonly string[]) {
    this.#labels = [...labels];
    this.#total = emptyCounts(labels.length);
  }

  /** One document both annotated: `text` is theirs (the same, as they were paired by its hash). */
  add(pair: { a: DocumentKey; b: DocumentKey }, text: string, spansA: readonly AgreementSpan[], spansB: readonly AgreementSpan[]): DocumentAgreement {
    const counts = countDocument(text, this.#labels, spansA, spansB);
    addCounts(this.#total, counts);
    const document: DocumentAgreement = {
      sha256: pair.a.sha256,
      a: { id: pair.a.id, title: pair.a.title },
      b: { id: pair.b.id, title: pair.b.title },
      overall: overallFigures(counts),
      labels: this.#labels.map((label, i) => labelFigures(label, counts.labels[i]!)),
    };
    this.#documents.push(document);
    return document;
  }

  figures(): AgreementFigures {
    return {
      labels: [...this.#labels],
      overall: overallFigures(this.#total),
      perLabel: this.#labels.map((label, i) => labelFigures(label, this.#total.labels[i]!)),
      documents: [...this.#documents],
    };
  }
}

/**
 * The documents a reviewer should look at first: those whose exact F1 is lowest (then overlap F1,
 * then the most spans), leaving out those that agree exactly and those with no spans at all.
 */
export function worstDocuments(documents: readonly DocumentAgreement[], count = 10): DocumentAgreement[] {
  return documents
    .filter((doc) => doc.overall.exact.f1 !== null && doc.overall.exact.f1 < 1)
    .sort(
      (x, y) =>
        x.overall.exact.f1! - y.overall.exact.f1! ||
        (x.overall.overlap.f1 ?? 0) - (y.overall.overlap.f1 ?? 0) ||
        y.overall.spansA + y.overall.spansB - (x.overall.spansA + x.overall.spansB) ||
        x.a.id - y.a.id,
    )
    .slice(0, count);
}
