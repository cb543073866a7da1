import { describe, expect, it } from 'vitest';
import { AgreementTally, matchByOverlap, pairDocuments, sharedCodePoints, worstDocuments, type AgreementSpan, type DocumentKey } from './agreement';
import type { DocumentStatus } from './model';

function key(id: number, sha256: string, status: DocumentStatus = 'new'): DocumentKey {
  return { id, sha256, title: `doc ${id}`, status };
}

/** The figures of one document compared on its own. */
function compare(text: string, labels: string[], a: AgreementSpan[], b: AgreementSpan[]) {
  const tally = new AgreementTally(labels);
  tally.add({ a: key(1, 'x'), b: key(7, 'x') }, text, a, b);
  return tally.figures();
}

const span = (label: string, start: number, end: number, fragments?: Array<[number, number]>): AgreementSpan => ({ label, start, end, ...(fragments ? { fragments } : {}) });

describe('agreement: a worked example with two labels', () => {
  // Tokens (code points):  The 0-3 | CSTO 4-8 | decided 9-16 | to 17-19 | hold 20-24 | a 25-26 |
  //                        summit 27-33 | in 34-36 | Minsk 37-42 | . 42-43           (10 tokens)
  const text = 'The CSTO decided to hold a summit in Minsk.';
  const labels = ['Agency', 'Decision'];
  const a = [span('Agency', 4, 8), span('Decision', 9, 33), span('Agency', 37, 42)];
  const b = [span('Agency', 0, 8), span('Decision', 9, 16), span('Decision', 20, 33), span('Agency', 37, 42)];
  const figures = compare(text, labels, a, b);
  const [agency, decision] = figures.perLabel;

  it('counts exact matches: same label, same start and end', () => {
    // Agency: A {4-8, 37-42}, B {0-8, 37-42}: only Minsk 37-42 is in both.
    //   precision 1/2 (of B's), recall 1/2 (of A's), F1 = 2·1/(2+2) = 0.5.
    expect(agency).toMatchObject({ spansA: 2, spansB: 2, exact: { matched: 1, precision: 0.5, recall: 0.5, f1: 0.5 } });
    // Decision: A {9-33}, B {9-16, 20-33}: none the same. F1 0.
    expect(decision).toMatchObject({ spansA: 1, spansB: 2, exact: { matched: 0, precision: 0, recall: 0, f1: 0 } });
    // Micro: 1 match of 3 A spans and 4 B spans: precision 1/4, recall 1/3, F1 = 2/7.
    expect(figures.overall.exact).toEqual({ matched: 1, precision: 1 / 4, recall: 1 / 3, f1: 2 / 7 });
  });

  it('matches overlapping spans one to one, the largest overlap first', () => {
    // Agency: 4-8 and 0-8 share "CSTO" (4 code points); Minsk is exact: 2 matches, F1 = 4/4 = 1.
    expect(agency!.overlap).toEqual({ matched: 2, precision: 1, recall: 1, f1: 1 });
    // Decision: A's 9-33 shares 7 code points with 9-16 and 13 with 20-33; it pairs with 20-33
    // only, so one match: precision 1/2, recall 1/1, F1 = 2·1/(1+2) = 2/3.
    expect(decision!.overlap).toEqual({ matched: 1, precision: 0.5, recall: 1, f1: 2 / 3 });
    // Micro: 3 matches; precision 3/4, recall 3/3, F1 = 6/7.
    expect(figures.overall.overlap).toEqual({ matched: 3, precision: 3 / 4, recall: 1, f1: 6 / 7 });
  });

  it("computes Cohen's kappa per label over tokens as binary decisions", () => {
    // Agency tokens: A {CSTO, Minsk}, B {The, CSTO, Minsk}. Both 2, B only 1, neither 7.
    //   observed po = (2 + 7)/10 = 0.9
    //   expected pe = (A yes·B yes + A no·B no)/N² = (2·3 + 8·7)/100 = 0.62
    //   kappa = (0.9 − 0.62)/(1 − 0.62) = 0.28/0.38 = 14/19 ≈ 0.737
    expect(agency!.tokens.tokens).toBe(10);
    expect(agency!.tokens.observed).toBeCloseTo(0.9, 12);
    expect(agency!.tokens.expected).toBeCloseTo(0.62, 12);
    expect(agency!.tokens.kappa).toBeCloseTo(14 / 19, 12);
    // Decision tokens: A {decided, to, hold, a, summit}, B {decided, hold, a, summit}.
    //   Both 4, A only 1 (to), neither 5: po = 9/10; pe = (5·4 + 5·6)/100 = 0.5;
    //   kappa = (0.9 − 0.5)/(1 − 0.5) = 0.8
    expect(decision!.tokens.observed).toBeCloseTo(0.9, 12);
    expect(decision!.tokens.expected).toBeCloseTo(0.5, 12);
    expect(decision!.tokens.kappa).toBeCloseTo(0.8, 12);
  });

  it("computes Cohen's kappa overall over each token's category (O, Agency, Decision)", () => {
    //          The  CSTO decided to  hold a   summit in Minsk .
    //   A:     O    Ag   Dec     Dec Dec  Dec Dec    O  Ag    O
    //   B:     Ag   Ag   Dec     O   Dec  Dec Dec    O  Ag    O
    //   agreed on 8 of 10: po = 0.8
    //   A: O 3, Ag 2, Dec 5; B: O 3, Ag 3, Dec 4
    //   pe = (3·3 + 2·3 + 5·4)/100 = 0.35; kappa = (0.8 − 0.35)/(1 − 0.35) = 0.45/0.65 = 9/13 ≈ 0.692
    const tokens = figures.overall.tokens;
    expect(tokens).toMatchObject({ tokens: 10, ambiguous: 0 });
    expect(tokens.observed).toBeCloseTo(0.8, 12);
    expect(tokens.expected).toBeCloseTo(0.35, 12);
    expect(tokens.kappa).toBeCloseTo(9 / 13, 12);
  });

  it('gives the same F1 with A and B swapped; precision and recall trade places', () => {
    const swapped = compare(text, labels, b, a);
    expect(swapped.overall.exact).toEqual({ matched: 1, precision: 1 / 3, recall: 1 / 4, f1: 2 / 7 });
    expect(swapped.overall.overlap.f1).toBe(6 / 7);
    expect(swapped.overall.tokens.kappa).toBeCloseTo(9 / 13, 12);
  });

  it('reports the document with its ids in each project, and --labels leaves the other labels out', () => {
    expect(figures.documents).toHaveLength(1);
    expect(figures.documents[0]).toMatchObject({ sha256: 'x', a: { id: 1 }, b: { id: 7 }, overall: { exact: { f1: 2 / 7 } } });
    const agencyOnly = compare(text, ['Agency'], a, b);
    // Agency alone: the overall figures are Agency's, and the categories are O and Agency:
    //   A: O Ag O O O O O O Ag O, B: Ag Ag O O O O O O Ag O -> po 0.9, pe = (8·7 + 2·3)/100 = 0.62.
    expect(agencyOnly.overall).toMatchObject({ spansA: 2, spansB: 2, exact: { f1: 0.5 }, overlap: { f1: 1 } });
    expect(agencyOnly.overall.tokens.kappa).toBeCloseTo(14 / 19, 12);
  });
});

describe('agreement: edge cases', () => {
  const text = 'CSTO met NATO'; // tokens CSTO 0-4, met 5-8, NATO 9-13

  it('no spans at all: F1 and kappa are null (n/a), never NaN', () => {
    const figures = compare(text, ['Agency'], [], []);
    expect(figures.overall.exact).toEqual({ matched: 0, precision: null, recall: null, f1: null });
    expect(figures.overall.overlap.f1).toBeNull();
    // Every token is O for both: po = 1, pe = 1, kappa = 0/0.
    expect(figures.overall.tokens).toEqual({ tokens: 3, observed: 1, expected: 1, kappa: null, ambiguous: 0 });
    expect(figures.perLabel[0]!.tokens.kappa).toBeNull();
    expect(JSON.stringify(figures)).not.toContain('NaN');
  });

  it('identical annotations: F1 1, kappa 1', () => {
    const spans = [span('Agency', 0, 4), span('Agency', 9, 13), span('Decision', 5, 8)];
    const figures = compare(text, ['Agency', 'Decision'], spans, spans);
    expect(figures.overall.exact.f1).toBe(1);
    expect(figures.overall.overlap.f1).toBe(1);
    expect(figures.overall.tokens.kappa).toBe(1);
    expect(figures.perLabel.map((l) => l.tokens.kappa)).toEqual([1, 1]);
  });

  it('one annotator empty: recall 0, precision n/a, kappa 0', () => {
    const figures = compare(text, ['Agency'], [span('Agency', 0, 4)], []);
    expect(figures.overall.exact).toEqual({ matched: 0, precision: null, recall: 0, f1: 0 });
    // A: Ag O O, B: O O O. po = 2/3; pe = (1·0 + 2·3)/9 = 2/3; kappa = 0/(1/3) = 0.
    expect(figures.perLabel[0]!.tokens.observed).toBeCloseTo(2 / 3, 12);
    expect(figures.perLabel[0]!.tokens.kappa).toBeCloseTo(0, 12);
    expect(figures.overall.tokens.kappa).toBeCloseTo(0, 12);
  });

  it('a label neither annotator used has n/a figures while the others are computed', () => {
    const figures = compare(text, ['Agency', 'PlannedEvent'], [span('Agency', 0, 4)], [span('Agency', 0, 4)]);
    expect(figures.perLabel[1]).toMatchObject({ label: 'PlannedEvent', spansA: 0, spansB: 0, exact: { f1: null }, tokens: { kappa: null } });
    expect(figures.overall.exact.f1).toBe(1);
  });

  it('a token under two labels counts for each label, and is left out of the overall kappa', () => {
    // A: Agency 0-8 ("CSTO met") and Decision 5-8 ("met"): "met" is Agency and Decision in A.
    // B: Agency 0-4, Decision 5-8.
    const figures = compare(text, ['Agency', 'Decision'], [span('Agency', 0, 8), span('Decision', 5, 8)], [span('Agency', 0, 4), span('Decision', 5, 8)]);
    // Agency per token: A {CSTO, met}, B {CSTO}: po = 2/3; pe = (2·1 + 1·2)/9 = 4/9; kappa = (2/9)/(5/9) = 0.4.
    expect(figures.perLabel[0]!.tokens.kappa).toBeCloseTo(0.4, 12);
    // Decision per token: both {met}: kappa 1.
    expect(figures.perLabel[1]!.tokens.kappa).toBe(1);
    // Overall: "met" is ambiguous in A; CSTO (Ag/Ag) and NATO (O/O) remain: po = 1,
    // pe = (1·1 + 1·1)/4 = 0.5, kappa = 1.
    expect(figures.overall.tokens).toMatchObject({ tokens: 2, ambiguous: 1, kappa: 1 });
  });

  it('compares discontinuous spans by their fragments', () => {
    // A: one span over "CSTO" and "NATO" (fragments 0-4, 9-13); B: the plain span 0-13.
    const a = [span('Agency', 0, 13, [[0, 4], [9, 13]])];
    const figures = compare(text, ['Agency'], a, [span('Agency', 0, 13)]);
    expect(figures.overall.exact.matched).toBe(0);
    expect(figures.overall.overlap.matched).toBe(1);
    // Tokens: A covers CSTO and NATO, B all three: po 2/3, pe = (2·3 + 1·0)/9 = 2/3, kappa 0.
    expect(figures.perLabel[0]!.tokens.kappa).toBeCloseTo(0, 12);
    // The same fragments are an exact match; a span inside the gap overlaps nothing.
    expect(compare(text, ['Agency'], a, [span('Agency', 0, 13, [[0, 4], [9, 13]])]).overall.exact.f1).toBe(1);
    expect(compare(text, ['Agency'], a, [span('Agency', 5, 8)]).overall.overlap.matched).toBe(0);
    // A single fragment is the same extent as the plain span.
    expect(compare(text, ['Agency'], [span('Agency', 0, 4, [[0, 4]])], [span('Agency', 0, 4)]).overall.exact.f1).toBe(1);
  });

  it('counts offsets in code points and splits tokens at span edges inside a word', () => {
    // "😀 " is 2 code points (3 UTF-16 units): "Minsk" is 2-7, "Minsk-based" 2-13.
    const emoji = '😀 Minsk-based CSTO';
    // A marks "Min" (2-5) only, cutting the word: tokens are cut there for both annotators,
    // Min 2-5 | sk 5-7 | - | based | CSTO, plus 😀: 6 tokens.
    const figures = compare(emoji, ['Agency'], [span('Agency', 2, 5)], [span('Agency', 2, 7)]);
    expect(figures.overall.tokens.tokens).toBe(6);
    // A {Min}, B {Min, sk}: po = 5/6, pe = (1·2 + 5·4)/36 = 22/36; kappa = (30/36 − 22/36)/(14/36) = 8/14.
    expect(figures.perLabel[0]!.tokens.kappa).toBeCloseTo(8 / 14, 12);
    expect(figures.overall.overlap.matched).toBe(1);
  });

  it('sums counts over documents before dividing (micro), and keeps each document’s own figures', () => {
    const tally = new AgreementTally(['Agency']);
    // Document 1: 1 exact match of 1 and 1 (F1 1). Document 2: A 3 spans, B 1, no match (F1 0).
    tally.add({ a: key(1, 'p'), b: key(1, 'p') }, text, [span('Agency', 0, 4)], [span('Agency', 0, 4)]);
    tally.add({ a: key(2, 'q'), b: key(5, 'q') }, text, [span('Agency', 0, 4), span('Agency', 5, 8), span('Agency', 9, 13)], [span('Agency', 0, 8)]);
    const figures = tally.figures();
    // Micro F1 = 2·1/(4 + 2) = 1/3 (the mean of the documents' F1 would be 0.5).
    expect(figures.overall.exact.f1).toBeCloseTo(1 / 3, 12);
    expect(figures.documents.map((d) => d.overall.exact.f1)).toEqual([1, 0]);
    // Document 2 overlap: 0-8 shares 4 with 0-4 and 3 with 5-8: it takes 0-4; one match.
    expect(figures.documents[1]!.overall.overlap.matched).toBe(1);
    expect(worstDocuments(figures.documents).map((d) => d.b.id)).toEqual([5]);
  });
});

describe('overlap matching', () => {
  const extent = (start: number, end: number) => ({ start, end, stretches: [[start, end]] as Array<[number, number]> });

  it('pairs each span at most once, preferring the closer fit on equal overlap', () => {
    // A 0-10 and 0-4; B 0-4 and 6-8. B's 0-4 shares 4 code points with both A spans; the exact
    // pair 0-4/0-4 (combined extent 4) beats 0-10/0-4 (10), which leaves 0-10 for 6-8: 2 matches.
    // Taking 0-10/0-4 first would leave A's 0-4 and B's 6-8 without a partner: 1 match.
    expect(matchByOverlap([extent(0, 10), extent(0, 4)], [extent(0, 4), extent(6, 8)])).toBe(2);
    // One A span over two B spans: one pair only.
    expect(matchByOverlap([extent(0, 20)], [extent(0, 5), extent(10, 20)])).toBe(1);
    // Spans that only touch do not overlap (half-open).
    expect(matchByOverlap([extent(0, 5)], [extent(5, 9)])).toBe(0);
    // A long B span early on is still found for a late A span (nested and long spans).
    expect(matchByOverlap([extent(50, 60)], [extent(0, 100), extent(1, 2), extent(3, 4)])).toBe(1);
  });

  it('counts shared code points fragment by fragment', () => {
    expect(sharedCodePoints([[0, 4], [9, 13]], [[2, 11]])).toBe(4);
    expect(sharedCodePoints([[0, 4], [9, 13]], [[5, 8]])).toBe(0);
  });
});

describe('pairing documents', () => {
  it('pairs by text hash, never by id, and counts what is in one project only', () => {
    const pairing = pairDocuments([key(1, 'aaa'), key(2, 'bbb'), key(3, 'ccc')], [key(1, 'ccc'), key(2, 'aaa'), key(3, 'ddd'), key(4, 'eee')]);
    expect(pairing.pairs.map(({ a, b }) => [a.id, b.id])).toEqual([
      [1, 2],
      [3, 1],
    ]);
    expect(pairing).toMatchObject({ onlyInA: 1, onlyInB: 2, notDoneInBoth: 0 });
  });

  it('pairs copies of one text in id order, the rest counted as unpaired', () => {
    const pairing = pairDocuments([key(9, 'same'), key(4, 'same')], [key(6, 'same')]);
    expect(pairing.pairs.map(({ a, b }) => [a.id, b.id])).toEqual([[4, 6]]);
    expect(pairing).toMatchObject({ onlyInA: 1, onlyInB: 0 });
  });

  it('--documents done keeps the pairs done in both', () => {
    const pairing = pairDocuments([key(1, 'a', 'done'), key(2, 'b', 'done'), key(3, 'c', 'in_progress')], [key(1, 'a', 'done'), key(2, 'b', 'in_progress'), key(3, 'c', 'done')], 'done');
    expect(pairing.pairs.map(({ a }) => a.id)).toEqual([1]);
    expect(pairing).toMatchObject({ onlyInA: 0, onlyInB: 0, notDoneInBoth: 2 });
  });
});
