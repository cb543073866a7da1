/**
 * Public types of the import/export layer. Everything here is pure data so the Node side
 * can stream documents through exporters and lines through importers.
 */
import type { AnnotatedDocument, InputProblem } from '../model';

export type FormatName =
  | 'spanbench'
  | 'doccano'
  | 'brat'
  | 'conll'
  | 'labelstudio'
  | 'prodigy'
  | 'w3c'
  | 'webanno'
  | 'csv';

/** How a file counts character offsets. */
export type OffsetUnit = 'codepoint' | 'utf16';

/** An InputProblem with enough detail to show, filter and count. */
export interface FormatProblem extends InputProblem {
  severity: 'error' | 'warning';
  /** 0-based index of the document (record) in the file, when the problem belongs to one. */
  document?: number;
  /** The span as the file names it: brat `T3`, a doccano entity id, or `#2` for the third span. */
  span?: string;
}

export interface ImportedDocument {
  /** 0-based position of the record in the file. */
  index: number;
  /** 1-based line where the record starts (1 for one-document files). */
  line: number;
  /** The document's id as the file gives it (doccano `id`, brat file stem, CSV document_id...). */
  sourceId?: string;
  /** Holds only the spans and relations that passed every check. */
  document: AnnotatedDocument;
  /** Invalid spans/relations (left out of `document`). A caller that refuses bad records skips this one. */
  errors: FormatProblem[];
  /** Kept in another form or ignored on purpose, e.g. brat events; never fatal. */
  warnings: FormatProblem[];
}

export interface ImportResult {
  documents: ImportedDocument[];
  /** Errors outside any document: unparsable lines, records without text, a missing header. */
  errors: FormatProblem[];
  warnings: FormatProblem[];
}

/** Line-at-a-time importer for line-oriented formats (JSONL, CoNLL, CSV). */
export interface LineImporter {
  /**
   * Feed the next line, without its '\n' but with any '\r' (split on '\n' only: Node's
   * readline also eats '\r', which changes quoted CSV cells). Returns what that line completed.
   */
  push(line: string): ImportResult;
  /** Call once after the last line; returns what was still pending. */
  finish(): ImportResult;
}

/** A piece of export output: append `text` to the file at `path` ('' = the single output file). */
export interface OutputChunk {
  path: string;
  text: string;
}

export interface ExportDocument extends AnnotatedDocument {
  id: string | number;
}

/** Something the format could not express, reported instead of silently dropped. */
export interface ExportLoss {
  kind: 'document' | 'span' | 'relation' | 'text' | 'attribute';
  documentId: string | number;
  ordinal: number;
  key?: string;
  label?: string;
  start?: number;
  end?: number;
  reason: string;
}

export interface ExportSummary {
  documents: number;
  spans: number;
  relations: number;
  /** Every loss counted by reason; `items` keeps the first LOSS_ITEM_LIMIT for display. */
  losses: { count: number; byReason: Record<string, number>; items: ExportLoss[] };
}

export interface FormatExporter {
  readonly format: FormatName;
  /** Output before the first document (headers, '['). */
  begin(): OutputChunk[];
  /** Output for one document; `ordinal` is its 0-based position in the export. */
  document(doc: ExportDocument, ordinal: number): OutputChunk[];
  /** Output after the last document (closing brackets, brat .conf files) and what was lost. */
  end(): { chunks: OutputChunk[]; summary: ExportSummary };
}

export interface OffsetOption {
  /** Overrides the format's default unit. */
  offsets?: OffsetUnit;
}
