/**
 * Types shared by the pure corpus-import parsers.
 *
 * Two kinds of failure exist, and they travel differently:
 * - a problem with one record (a bad JSON line, a ragged CSV row, an unparseable date)
 *   comes back as a `ParsedRecord` with `ok: false, fatal: false`; parsing goes on;
 * - a problem that stops reading the file (invalid UTF-8, a binary file, an unclosed JSON
 *   array, an unterminated CSV quote) comes back as `ok: false, fatal: true`, and the parser
 *   yields nothing more. The low-level `StreamingDecoder` throws `ImportError` instead,
 *   because it has no records to attach the problem to; `createImportStream` turns that
 *   into a fatal record so callers of the high-level API never need a try/catch.
 */

import type { ArticleInput, InputProblem } from '../model';
import { describeProblem } from '../model';

/** Article (corpus) formats this folder parses. Annotation formats live in core/formats/. */
export const ARTICLE_FORMATS = ['txt', 'md', 'html', 'jsonl', 'json', 'csv', 'tsv'] as const;
export type ArticleFormat = (typeof ARTICLE_FORMATS)[number];

/** Formats holding one article per file; the others hold one article per record. */
export const WHOLE_FILE_FORMATS = ['txt', 'md', 'html'] as const;
export type WholeFileFormat = (typeof WHOLE_FILE_FORMATS)[number];
export type RecordFormat = Exclude<ArticleFormat, WholeFileFormat>;

export function isArticleFormat(value: string): value is ArticleFormat {
  return (ARTICLE_FORMATS as readonly string[]).includes(value);
}

export function isWholeFileFormat(format: ArticleFormat): format is WholeFileFormat {
  return (WHOLE_FILE_FORMATS as readonly string[]).includes(format);
}

export type ParsedRecord =
  | {
      ok: true;
      /** 1-based line where the record starts (1 for whole-file formats). */
      line: number;
      article: ArticleInput;
    }
  | {
      ok: false;
      /** Line where the record starts, when known (decoding errors carry a byte offset instead). */
      line?: number;
      problem: InputProblem;
      /** True when the parser cannot go on: nothing further will be yielded for this file. */
      fatal: boolean;
    };

/**
 * An incremental parser over decoded text. Feed it text in chunks of any size (a chunk may
 * end anywhere, even between `\r` and `\n`), then call `end()` once. Each call returns the
 * records completed by that chunk, in file order.
 */
export interface RecordParser {
  push(text: string): ParsedRecord[];
  end(): ParsedRecord[];
}

export interface ArticleParseOptions {
  /** txt only: take the title from the first non-empty line (the text still keeps that line). */
  firstLineIsTitle?: boolean;
  /**
   * csv/tsv: the column holding the article text (case-insensitive). Without it the first
   * header named text, body, content or article (in that order of preference) is used.
   * json/jsonl: the field holding the text; default `text`.
   */
  textField?: string;
  /** csv/tsv: field separator; default `,` for csv and a tab for tsv. */
  delimiter?: string;
  /** csv/tsv: honour RFC 4180 double quotes; default true for both. */
  quoting?: boolean;
  /**
   * json/jsonl: deepest array/object nesting accepted in a record; default 1000. Deeper
   * values would overflow the stack of whatever later serializes the metadata.
   */
  maxDepth?: number;
}

export const DEFAULT_MAX_DEPTH = 1000;

/** A file-level failure raised by the low-level decoder. */
export class ImportError extends Error {
  readonly problem: InputProblem;

  constructor(problem: InputProblem) {
    super(describeProblem(problem));
    this.name = 'ImportError';
    this.problem = problem;
  }
}

export function problemRecord(problem: InputProblem, fatal: boolean): ParsedRecord {
  return problem.line === undefined
    ? { ok: false, problem, fatal }
    : { ok: false, line: problem.line, problem, fatal };
}
