/**
 * Corpus import, the pure half: bytes in, ArticleInput records out. No Node or DOM APIs,
 * so it runs in the main process, a worker or a test alike.
 *
 * Typical streaming use (the Node side owns files, SQLite and progress):
 *
 *   const format = detectFormat(name, firstChunk);
 *   const stream = createImportStream(name, format, options);
 *   const collector = new RecordCollector(name, 'refuse-file');
 *   for await (const chunk of fileChunks) insert(collector.take(stream.push(chunk)));
 *   insert(collector.take(stream.end()));
 *   const report = collector.finish(); // report.refused -> roll the transaction back
 */

import type { ArticleInput, InputProblem } from '../model';
import { createCsvParser } from './csv';
import { StreamingDecoder } from './decode';
import { createJsonArrayParser } from './json-array';
import { createJsonlParser } from './jsonl';
import { detectFormat } from './detect';
import {
  ImportError,
  isWholeFileFormat,
  problemRecord,
  type ArticleFormat,
  type ArticleParseOptions,
  type ParsedRecord,
  type RecordParser,
} from './types';
import { createWholeFileParser } from './whole-file';

export * from './types';
export { decodeBytes, findInvalidUtf8, StreamingDecoder, type DecodedText, type DecodeOptions, type TextEncodingName } from './decode';
export { detectFormat, FORMAT_BY_EXTENSION, SNIFF_BYTES, type FormatSniffer } from './detect';
export { LineSplitter, type SplitLine } from './lines';
export { createCsvParser, CsvTokenizer, TEXT_COLUMN_CANDIDATES, type CsvParseOptions, type CsvRow } from './csv';
export { createJsonlParser } from './jsonl';
export { ARRAY_WRAPPER_KEYS, createJsonArrayParser, JsonArraySplitter, JsonStructureError, type JsonElement } from './json-array';
export { baseName, createWholeFileParser, parseWholeFileArticle } from './whole-file';
export { extractHtml, type HtmlExtract } from './html';
export { decodeEntities } from './html-entities';
export { normalizeDate, type DateResult } from './dates';

/** A parser over decoded text for any article format. */
export function createArticleParser(file: string, format: ArticleFormat, options: ArticleParseOptions = {}): RecordParser {
  if (isWholeFileFormat(format)) return createWholeFileParser(file, format, options);
  switch (format) {
    case 'jsonl':
      return createJsonlParser(file, options);
    case 'json':
      return createJsonArrayParser(file, options);
    case 'csv':
    case 'tsv':
      return createCsvParser(file, { ...options, format });
  }
}

/** Bytes in, records out: decoder and parser together. */
export interface ImportStream {
  /** Records completed by this chunk. Never throws for bad content: problems are records. */
  push(bytes: Uint8Array): ParsedRecord[];
  end(): ParsedRecord[];
}

export function createImportStream(file: string, format: ArticleFormat, options: ArticleParseOptions = {}): ImportStream {
  const decoder = new StreamingDecoder(file, { rejectNul: true });
  const parser = createArticleParser(file, format, options);
  let stopped = false;

  const guard = (step: () => ParsedRecord[]): ParsedRecord[] => {
    if (stopped) return [];
    try {
      const records = step();
      if (records.some((r) => !r.ok && r.fatal)) stopped = true;
      return records;
    } catch (error) {
      if (!(error instanceof ImportError)) throw error;
      stopped = true;
      return [problemRecord(error.problem, true)];
    }
  };

  return {
    push: (bytes) => guard(() => parser.push(decoder.push(bytes))),
    end: () =>
      guard(() => {
        const tail = decoder.end();
        return [...(tail ? parser.push(tail) : []), ...parser.end()];
      }),
  };
}

/**
 * What to do with invalid records:
 * - 'refuse-file': any problem refuses the whole file (default for imports);
 * - 'skip-invalid': import the valid records and report the others.
 * A fatal problem (the file could not be read to its end) refuses the file either way,
 * since what was read is then only part of it.
 */
export type InvalidRecordPolicy = 'refuse-file' | 'skip-invalid';

export interface ImportReport {
  file: string;
  /** Articles handed out by `take` for storing. In 'refuse-file' mode, discard them if `refused`. */
  articleCount: number;
  /** The first `maxProblems` problems, in file order. */
  problems: InputProblem[];
  /** All problems, including those not kept. */
  problemCount: number;
  refused: boolean;
}

export const DEFAULT_MAX_PROBLEMS = 100;

/** Applies an InvalidRecordPolicy to a stream of records without holding the articles. */
export class RecordCollector {
  readonly #file: string;
  readonly #policy: InvalidRecordPolicy;
  readonly #maxProblems: number;
  readonly #problems: InputProblem[] = [];
  #problemCount = 0;
  #articleCount = 0;
  #refused = false;

  constructor(file: string, policy: InvalidRecordPolicy = 'refuse-file', maxProblems = DEFAULT_MAX_PROBLEMS) {
    this.#file = file;
    this.#policy = policy;
    this.#maxProblems = maxProblems;
  }

  /**
   * Notes the problems and returns the articles worth storing now. Once the file is
   * refused this returns nothing, but keep feeding it: problems are still counted so
   * the user sees them all (up to the cap) in one go.
   */
  take(records: readonly ParsedRecord[]): ArticleInput[] {
    const articles: ArticleInput[] = [];
    for (const record of records) {
      if (record.ok) {
        if (!this.#refused) articles.push(record.article);
        continue;
      }
      this.#problemCount++;
      if (this.#problems.length < this.#maxProblems) this.#problems.push(record.problem);
      if (record.fatal || this.#policy === 'refuse-file') this.#refused = true;
    }
    this.#articleCount += articles.length;
    return articles;
  }

  get refused(): boolean {
    return this.#refused;
  }

  finish(): ImportReport {
    return {
      file: this.#file,
      articleCount: this.#articleCount,
      problems: [...this.#problems],
      problemCount: this.#problemCount,
      refused: this.#refused,
    };
  }
}

export interface ParsedFile extends ImportReport {
  format: ArticleFormat;
  /** Empty when refused. */
  articles: ArticleInput[];
}

/** Whole file in memory: detect, decode, parse, apply the policy. For small files, tools and tests. */
export function parseArticleFile(
  file: string,
  bytes: Uint8Array,
  options: ArticleParseOptions & { format?: ArticleFormat; policy?: InvalidRecordPolicy; maxProblems?: number } = {},
): ParsedFile {
  const format = options.format ?? detectFormat(file, bytes);
  const stream = createImportStream(file, format, options);
  const collector = new RecordCollector(file, options.policy, options.maxProblems);
  const articles = [...collector.take(stream.push(bytes)), ...collector.take(stream.end())];
  const report = collector.finish();
  return { ...report, format, articles: report.refused ? [] : articles };
}
