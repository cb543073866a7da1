/**
 * CSV and TSV (RFC 4180): a header row, then one article per record. Quoted fields may
 * hold delimiters, doubled quotes and line breaks (kept as written, CRLF included).
 * Records end at `\n` or `\r\n`. Empty lines are skipped. Each record reports the line
 * it starts on, so a message can point at a multi-line record.
 */

import { recordToArticle } from './article';
import { problemRecord, type ArticleParseOptions, type ParsedRecord, type RecordParser } from './types';

/** Header names tried, in this order, when no text column is named. */
export const TEXT_COLUMN_CANDIDATES = ['text', 'body', 'content', 'article'] as const;

export interface CsvRow {
  /** Line the record starts on (1-based). */
  line: number;
  fields: string[];
  /** A malformation confined to this record. */
  error?: string;
}

const FIELD_START = 0;
const UNQUOTED = 1;
const QUOTED = 2;
const AFTER_QUOTE = 3;

/** Splits CSV text into records, incrementally; chunk boundaries may fall anywhere. */
export class CsvTokenizer {
  readonly #delimiter: number;
  readonly #quoting: boolean;
  #state = FIELD_START;
  #field = '';
  #fields: string[] = [];
  #line = 1;
  #recordLine = 1;
  #recordStarted = false;
  #quoteLine = 1;
  #error: string | undefined;
  /** Set by end() when the text stops inside a quoted field. */
  unterminated: { line: number; reason: string } | null = null;

  constructor(delimiter: string, quoting = true) {
    if (delimiter.length !== 1 || delimiter === '"' || delimiter === '\n' || delimiter === '\r') {
      throw new Error(`CSV delimiter must be one character other than a quote or line break, got ${JSON.stringify(delimiter)}`);
    }
    this.#delimiter = delimiter.charCodeAt(0);
    this.#quoting = quoting;
  }

  push(chunk: string): CsvRow[] {
    const out: CsvRow[] = [];
    const n = chunk.length;
    let i = 0;
    while (i < n) {
      switch (this.#state) {
        case QUOTED: {
          const q = chunk.indexOf('"', i);
          const stop = q < 0 ? n : q;
          this.#field += chunk.slice(i, stop);
          this.#line += countNewlines(chunk, i, stop);
          if (q < 0) i = n;
          else {
            this.#state = AFTER_QUOTE;
            i = q + 1;
          }
          break;
        }
        case AFTER_QUOTE: {
          const c = chunk.charCodeAt(i);
          if (c === 0x22) {
            this.#field += '"';
            this.#state = QUOTED;
          } else if (c === this.#delimiter) {
            this.#endField();
          } else if (c === 0x0a) {
            this.#endRecord(out);
          } else if (c !== 0x0d) {
            // Tolerated rather than fatal so the rest of the file can still be read.
            this.#error ??= `unexpected text after the closing quote of field ${this.#fields.length + 1}`;
            this.#field += chunk[i];
            this.#state = UNQUOTED;
          }
          i++;
          break;
        }
        case FIELD_START: {
          if (!this.#recordStarted) {
            this.#recordStarted = true;
            this.#recordLine = this.#line;
          }
          if (this.#quoting && chunk.charCodeAt(i) === 0x22) {
            this.#state = QUOTED;
            this.#quoteLine = this.#line;
            i++;
          } else {
            this.#state = UNQUOTED;
          }
          break;
        }
        default: {
          let j = i;
          while (j < n) {
            const c = chunk.charCodeAt(j);
            if (c === this.#delimiter || c === 0x0a) break;
            j++;
          }
          this.#field += chunk.slice(i, j);
          if (j === n) {
            i = n;
          } else if (chunk.charCodeAt(j) === 0x0a) {
            this.#stripCr();
            this.#endRecord(out);
            i = j + 1;
          } else {
            this.#endField();
            i = j + 1;
          }
        }
      }
    }
    return out;
  }

  end(): CsvRow[] {
    const out: CsvRow[] = [];
    if (this.#state === QUOTED) {
      this.unterminated = {
        line: this.#recordLine,
        reason: `the quoted field opened on line ${this.#quoteLine} is never closed`,
      };
      return out;
    }
    if (this.#recordStarted) {
      if (this.#state === UNQUOTED) this.#stripCr();
      this.#endRecord(out, false);
    }
    return out;
  }

  #stripCr(): void {
    if (this.#field.endsWith('\r')) this.#field = this.#field.slice(0, -1);
  }

  #endField(): void {
    this.#fields.push(this.#field);
    this.#field = '';
    this.#state = FIELD_START;
  }

  #endRecord(out: CsvRow[], newline = true): void {
    this.#endField();
    const fields = this.#fields;
    if (!(fields.length === 1 && fields[0] === '')) {
      const row: CsvRow = { line: this.#recordLine, fields };
      if (this.#error !== undefined) row.error = this.#error;
      out.push(row);
    }
    this.#fields = [];
    this.#error = undefined;
    this.#recordStarted = false;
    if (newline) this.#line++;
  }
}

function countNewlines(text: string, from: number, to: number): number {
  let count = 0;
  for (let i = text.indexOf('\n', from); i >= 0 && i < to; i = text.indexOf('\n', i + 1)) count++;
  return count;
}

export interface CsvParseOptions extends ArticleParseOptions {
  /** Picks the default delimiter; default csv. */
  format?: 'csv' | 'tsv';
}

export function createCsvParser(file: string, options: CsvParseOptions = {}): RecordParser {
  const delimiter = options.delimiter ?? (options.format === 'tsv' ? '\t' : ',');
  const tokenizer = new CsvTokenizer(delimiter, options.quoting ?? true);
  let header: string[] | null = null;
  let textIndex = -1;
  let records = 0;
  let sawText = false;
  let done = false;

  const handle = (rows: CsvRow[]): ParsedRecord[] => {
    const out: ParsedRecord[] = [];
    for (const row of rows) {
      if (done) break;
      if (header === null) {
        header = headerNames(row.fields);
        textIndex = findTextColumn(header, options.textField);
        if (textIndex < 0) {
          done = true;
          const reason =
            options.textField === undefined
              ? `no text column: the header has none of ${TEXT_COLUMN_CANDIDATES.join(', ')}; name the column to use`
              : `no column named "${options.textField}"`;
          out.push(problemRecord({ file, line: row.line, reason: `${reason} (columns: ${header.join(', ')})` }, true));
        }
        continue;
      }
      records++;
      const fail = (reason: string) => problemRecord({ file, line: row.line, reason }, false);
      if (row.error !== undefined) {
        out.push(fail(row.error));
      } else if (row.fields.length !== header.length) {
        out.push(fail(`expected ${header.length} fields as in the header, found ${row.fields.length}`));
      } else {
        const names = header;
        const fields = row.fields;
        const result = recordToArticle({
          keys: names,
          valueAt: (i) => fields[i],
          textIndex,
          textName: names[textIndex]!,
          emptyIsAbsent: true,
        });
        out.push(result.ok ? { ok: true, line: row.line, article: result.article } : fail(result.reason));
      }
    }
    return out;
  };

  return {
    push(text) {
      if (done) return [];
      if (text.length > 0) sawText = true;
      return handle(tokenizer.push(text));
    },
    end() {
      if (done) return [];
      const out = handle(tokenizer.end());
      if (done) return out;
      done = true;
      if (tokenizer.unterminated) {
        out.push(problemRecord({ file, ...tokenizer.unterminated }, true));
      } else if (header === null) {
        out.push(problemRecord({ file, reason: sawText ? 'the file contains only blank lines' : 'the file is empty' }, true));
      } else if (records === 0) {
        out.push(problemRecord({ file, line: 1, reason: 'the file has a header row but no records' }, true));
      }
      return out;
    },
  };
}

function headerNames(fields: string[]): string[] {
  const used = new Set<string>();
  return fields.map((raw, i) => {
    // A BOM can survive when text reaches us without going through the decoder.
    let name = (i === 0 ? raw.replace(/^\uFEFF/, '') : raw).trim() || `column_${i + 1}`;
    if (used.has(name.toLowerCase())) {
      let k = 2;
      while (used.has(`${name}_${k}`.toLowerCase())) k++;
      name = `${name}_${k}`;
    }
    used.add(name.toLowerCase());
    return name;
  });
}

function findTextColumn(header: string[], wanted: string | undefined): number {
  const lower = header.map((h) => h.toLowerCase());
  if (wanted !== undefined) return lower.indexOf(wanted.trim().toLowerCase());
  for (const candidate of TEXT_COLUMN_CANDIDATES) {
    const index = lower.indexOf(candidate);
    if (index >= 0) return index;
  }
  return -1;
}
