/**
 * Domain model shared by every layer. Offsets are always Unicode code points,
 * half-open [start, end), unless a name says otherwise (`start16`, …).
 */
import { OffsetIndex, sliceCodePoints } from './offsets';

export const DOCUMENT_STATUSES = ['new', 'in_progress', 'done'] as const;
export type DocumentStatus = (typeof DOCUMENT_STATUSES)[number];

export type MetadataValue = string | number | boolean | null | MetadataValue[] | { [key: string]: MetadataValue };
export type Metadata = Record<string, MetadataValue>;

/** An article as it arrives from a file, before it has a database id. */
export interface ArticleInput {
  /** Exactly as decoded from the file: no CRLF or Unicode normalization; no BOM. */
  text: string;
  title?: string | null;
  source?: string | null;
  url?: string | null;
  /** Normalized ISO 8601 date (YYYY-MM-DD) or date-time. */
  publishedAt?: string | null;
  language?: string | null;
  /** The id the article had in the file it came from. */
  externalId?: string | null;
  metadata?: Metadata;
}

export type SpanAttributeValue = string | number | boolean;

/** A span in interchange form (imports and exports), offsets in code points. */
export interface SpanInput {
  /** Id local to the file (brat `T1`, a doccano entity id); relations refer to it. */
  key?: string;
  label: string;
  start: number;
  end: number;
  /** Covered text when the format stores it; importers check it against the document. */
  text?: string;
  note?: string | null;
  author?: string | null;
  /** Qualifiers such as brat A/N lines. */
  attributes?: Record<string, SpanAttributeValue>;
  /** Discontinuous spans (brat `s e;s e`): every fragment, in order; start/end cover them all. */
  fragments?: Array<[number, number]>;
  createdAt?: string;
  updatedAt?: string;
  /**
   * The line the span was read from, when a document's spans are on lines of their own (a CSV row
   * each): the import names a repeated span by it rather than by its document's first line.
   */
  line?: number;
}

/**
 * Why a discontinuous span's fragments cannot be stored, or null when they can: each fragment
 * non-empty, in text order without overlapping (as brat requires of its own), the first starting
 * at the span's start and the last ending at its end. Code points, half-open.
 */
export function fragmentsProblem(fragments: ReadonlyArray<readonly [number, number]>, start: number, end: number): string | null {
  if (fragments.length === 0) return 'fragments are an empty list';
  for (const [f, [from, to]] of fragments.entries()) {
    if (!(to > from)) return `fragment ${f} (${from}-${to}) is empty`;
    const previous = fragments[f - 1];
    if (previous && from < previous[1]) return `fragments overlap or are out of order (${previous[0]}-${previous[1]} then ${from}-${to})`;
  }
  const first = fragments[0]![0];
  const last = fragments[fragments.length - 1]![1];
  if (first !== start || last !== end) return `fragments cover ${first}-${last}, not the span's ${start}-${end}`;
  return null;
}

/** A span's continuous stretches, code points, in order: its fragments, or the span itself. */
export function spanStretches(span: { start: number; end: number; fragments?: ReadonlyArray<readonly [number, number]> | null }): ReadonlyArray<readonly [number, number]> {
  return span.fragments && span.fragments.length > 0 ? span.fragments : [[span.start, span.end]];
}

/** What stands for a discontinuous span's gaps where its text is shown on one line. */
const FRAGMENT_GAP = ' … ';

/**
 * The text a span covers, to show it: a discontinuous span's stored text runs from its start to its
 * end, gaps included, but the gaps are not part of the span, so it is each fragment's text joined by
 * FRAGMENT_GAP. `text` is the text from `start` to `end` (as stored with the span).
 */
export function coveredText(span: { start: number; text: string; fragments?: ReadonlyArray<readonly [number, number]> | null }): string {
  if (!span.fragments || span.fragments.length < 2) return span.text;
  const index = new OffsetIndex(span.text);
  return span.fragments.map(([from, to]) => sliceCodePoints(span.text, from - span.start, to - span.start, index)).join(FRAGMENT_GAP);
}

export interface RelationInput {
  key?: string;
  type: string;
  /** `key` of the source span. */
  from: string;
  /** `key` of the target span. */
  to: string;
  note?: string | null;
}

export interface AnnotatedDocument extends ArticleInput {
  status?: DocumentStatus;
  spans: SpanInput[];
  relations: RelationInput[];
}

/** Where a problem was found, for messages that name file, line and reason. */
export interface InputProblem {
  file: string;
  /** 1-based line (or record number where the format has no lines). */
  line?: number;
  /** Byte offset for decoding errors. */
  byteOffset?: number;
  reason: string;
}

export function describeProblem(problem: InputProblem): string {
  const where = [problem.file];
  if (problem.line !== undefined) where.push(`line ${problem.line}`);
  if (problem.byteOffset !== undefined) where.push(`byte ${problem.byteOffset}`);
  return `${where.join(':')}: ${problem.reason}`;
}
