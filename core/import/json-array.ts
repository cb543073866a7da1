/**
 * JSON arrays of articles, read element by element so a large file is never held whole:
 * `[ {...}, {...} ]`, or an object holding that array under a conventional key
 * (`{"articles": [...]}`, also data, documents, docs, items, records; the first such key
 * whose value is an array wins, other members are ignored).
 *
 * The splitter tracks structure with an explicit stack (never recursion) and refuses
 * nesting deeper than `maxDepth`, so a pathological file ends in a clear error. It checks
 * only the structure it needs (brackets, commas, the wrapper's keys); each element's own
 * syntax is left to JSON.parse, and a bad element costs only that record.
 */

import { jsonValueToArticle } from './article';
import { DEFAULT_MAX_DEPTH, problemRecord, type ArticleParseOptions, type ParsedRecord, type RecordParser } from './types';

export const ARRAY_WRAPPER_KEYS = ['articles', 'data', 'documents', 'docs', 'items', 'records'] as const;

export interface JsonElement {
  /** Line of the element's first character. */
  line: number;
  /** The element's source text. */
  text: string;
}

/** A structural error: reading cannot go on. */
export class JsonStructureError extends Error {
  constructor(
    readonly line: number,
    readonly reason: string,
  ) {
    super(`line ${line}: ${reason}`);
  }
}

const enum Mode {
  Start,
  Wrapper,
  Array,
  Done,
}

const enum Expect {
  ValueOrClose,
  Value,
  CommaOrClose,
  KeyOrClose,
  Key,
  Colon,
}

const enum Kind {
  None,
  Structure,
  String,
  Scalar,
}

export class JsonArraySplitter {
  readonly #maxDepth: number;
  #mode = Mode.Start;
  /** Open brackets, as char codes; its length is the current depth. */
  #stack: number[] = [];
  #line = 1;
  #inString = false;
  #escaped = false;
  /** Depth at which the articles' array holds its elements (1 plain, 2 in a wrapper). */
  #arrayDepth = 0;
  #arrayLine = 0;
  #wrapperLine = 0;
  #expect = Expect.ValueOrClose;
  #wrapperExpect = Expect.KeyOrClose;
  #element = Kind.None;
  #elementLine = 0;
  #parts: string[] = [];
  /** Wrapper key being read (a depth-1 string in key position). */
  #keyParts: string[] | null = null;
  #key = '';
  #failed: JsonStructureError | null = null;

  constructor(maxDepth = DEFAULT_MAX_DEPTH) {
    this.#maxDepth = maxDepth;
  }

  /** Elements completed by this chunk go to `out`; throws JsonStructureError (again on every later call). */
  push(chunk: string, out: JsonElement[]): void {
    if (this.#failed) throw this.#failed;
    try {
      this.#scan(chunk, out);
    } catch (error) {
      if (error instanceof JsonStructureError) this.#failed = error;
      throw error;
    }
  }

  end(out: JsonElement[]): void {
    if (this.#failed) throw this.#failed;
    // A number or literal at the very end has no terminator to close it.
    if (this.#element === Kind.Scalar) this.#emit('', out);
    const fail = (reason: string) => {
      this.#failed = new JsonStructureError(this.#line, reason);
      throw this.#failed;
    };
    if (this.#inString) fail('the file ends inside a string');
    switch (this.#mode) {
      case Mode.Start:
        return fail('the file is empty');
      case Mode.Wrapper:
        return fail(`the file ends before the object opened on line ${this.#wrapperLine} is closed`);
      case Mode.Array:
        return fail(`the file ends before the array opened on line ${this.#arrayLine} is closed`);
      case Mode.Done:
        if (this.#arrayDepth === 0) {
          fail(
            `expected a JSON array of articles, or an object with one under ${ARRAY_WRAPPER_KEYS.map((k) => `"${k}"`).join(', ')}` +
              ' (for a single article, wrap it in [ ] or use JSON Lines)',
          );
        }
    }
  }

  #scan(chunk: string, out: JsonElement[]): void {
    let segStart = 0;
    const n = chunk.length;
    for (let i = 0; i < n; i++) {
      const c = chunk.charCodeAt(i);
      if (this.#inString) {
        if (this.#escaped) this.#escaped = false;
        else if (c === 0x5c) this.#escaped = true;
        else if (c === 0x22) {
          this.#inString = false;
          if (this.#element === Kind.String && this.#stack.length === this.#arrayDepth) {
            this.#emit(chunk.slice(segStart, i + 1), out);
          } else if (this.#keyParts) {
            this.#keyParts.push(chunk.slice(segStart, i + 1));
            this.#key = this.#keyParts.join('');
            this.#keyParts = null;
          }
        } else if (c === 0x0a) this.#line++;
        continue;
      }

      if (this.#element === Kind.Scalar && (isSpace(c) || c === 0x2c || c === 0x5d || c === 0x7d || c === 0x5b || c === 0x7b || c === 0x22)) {
        this.#emit(chunk.slice(segStart, i), out);
      }
      if (isSpace(c)) {
        if (c === 0x0a) this.#line++;
        continue;
      }

      const depth = this.#stack.length;
      const atArrayLevel = this.#mode === Mode.Array && depth === this.#arrayDepth && this.#element === Kind.None;
      const atWrapperLevel = this.#mode === Mode.Wrapper && depth === 1;

      if (c === 0x5b || c === 0x7b) {
        if (this.#mode === Mode.Start) {
          this.#open(c);
          if (c === 0x5b) this.#enterArray(1);
          else {
            this.#mode = Mode.Wrapper;
            this.#wrapperLine = this.#line;
            this.#wrapperExpect = Expect.KeyOrClose;
          }
          continue;
        }
        if (atArrayLevel) {
          this.#begin(Kind.Structure);
          segStart = i;
        } else if (atWrapperLevel) {
          this.#wantWrapper(Expect.Value, 'a value');
          this.#wrapperExpect = Expect.CommaOrClose;
          if (c === 0x5b && this.#arrayDepth === 0 && (ARRAY_WRAPPER_KEYS as readonly string[]).includes(this.#wrapperKey())) {
            this.#open(c);
            this.#enterArray(2);
            continue;
          }
        } else if (this.#mode === Mode.Done) this.#fail('unexpected content after the end of the JSON value');
        this.#open(c);
        continue;
      }

      if (c === 0x5d || c === 0x7d) {
        const top = this.#stack.pop();
        if (top === undefined) this.#fail(`unexpected "${String.fromCharCode(c)}"`);
        if ((top === 0x5b) !== (c === 0x5d)) this.#fail(`"${String.fromCharCode(c)}" closes "${String.fromCharCode(top!)}"`);
        const now = this.#stack.length;
        if (this.#mode === Mode.Array) {
          if (this.#element === Kind.Structure && now === this.#arrayDepth) {
            this.#emit(chunk.slice(segStart, i + 1), out);
          } else if (this.#element === Kind.None && now === this.#arrayDepth - 1) {
            if (this.#expect === Expect.Value) this.#fail('trailing comma before "]"');
            if (this.#arrayDepth === 1) this.#mode = Mode.Done;
            else {
              this.#mode = Mode.Wrapper;
              this.#wrapperExpect = Expect.CommaOrClose;
            }
          }
        } else if (this.#mode === Mode.Wrapper && now === 0) {
          if (this.#wrapperExpect !== Expect.KeyOrClose && this.#wrapperExpect !== Expect.CommaOrClose) {
            this.#fail('unexpected "}" in the top-level object');
          }
          this.#mode = Mode.Done;
        }
        continue;
      }

      if (c === 0x22) {
        if (atArrayLevel) {
          this.#begin(Kind.String);
          segStart = i;
        } else if (atWrapperLevel) {
          if (this.#wrapperExpect === Expect.KeyOrClose || this.#wrapperExpect === Expect.Key) {
            this.#keyParts = [];
            segStart = i;
            this.#wrapperExpect = Expect.Colon;
          } else {
            this.#wantWrapper(Expect.Value, 'a value');
            this.#wrapperExpect = Expect.CommaOrClose;
          }
        } else if (this.#mode === Mode.Start || this.#mode === Mode.Done) this.#unexpected(c);
        this.#inString = true;
        continue;
      }

      if (c === 0x2c) {
        if (this.#mode === Mode.Array && depth === this.#arrayDepth) {
          if (this.#expect !== Expect.CommaOrClose) this.#fail('unexpected ","');
          this.#expect = Expect.Value;
        } else if (atWrapperLevel) {
          this.#wantWrapper(Expect.CommaOrClose, '"," only between members');
          this.#wrapperExpect = Expect.Key;
        } else if (depth === 0) this.#unexpected(c);
        continue;
      }

      if (c === 0x3a && atWrapperLevel) {
        this.#wantWrapper(Expect.Colon, 'a key before ":"');
        this.#wrapperExpect = Expect.Value;
        continue;
      }

      // Anything else: the start or middle of a number or literal.
      if (atArrayLevel) {
        this.#begin(Kind.Scalar);
        segStart = i;
      } else if (atWrapperLevel) {
        if (this.#wrapperExpect === Expect.Value) this.#wrapperExpect = Expect.CommaOrClose;
        else if (this.#wrapperExpect !== Expect.CommaOrClose) this.#unexpected(c);
      } else if (depth === 0) this.#unexpected(c);
    }

    if (this.#element !== Kind.None) this.#parts.push(chunk.slice(segStart));
    else if (this.#keyParts) this.#keyParts.push(chunk.slice(segStart));
  }

  #open(c: number): void {
    this.#stack.push(c);
    if (this.#stack.length > this.#maxDepth) this.#fail(`nested deeper than ${this.#maxDepth} levels`);
  }

  #enterArray(depth: number): void {
    this.#mode = Mode.Array;
    this.#arrayDepth = depth;
    this.#arrayLine = this.#line;
    this.#expect = Expect.ValueOrClose;
  }

  #begin(kind: Kind): void {
    if (this.#expect === Expect.CommaOrClose) this.#fail('missing "," between array elements');
    this.#element = kind;
    this.#elementLine = this.#line;
    this.#parts = [];
  }

  #emit(tail: string, out: JsonElement[]): void {
    this.#parts.push(tail);
    out.push({ line: this.#elementLine, text: this.#parts.join('') });
    this.#parts = [];
    this.#element = Kind.None;
    this.#expect = Expect.CommaOrClose;
  }

  #wrapperKey(): string {
    try {
      const key: unknown = JSON.parse(this.#key);
      return typeof key === 'string' ? key.toLowerCase() : '';
    } catch {
      return '';
    }
  }

  #wantWrapper(expected: Expect, what: string): void {
    if (this.#wrapperExpect !== expected) this.#fail(`malformed top-level object: expected ${what}`);
  }

  #unexpected(c: number): never {
    if (this.#mode === Mode.Start) this.#fail('expected a JSON array "[" or object "{"');
    if (this.#mode === Mode.Done) this.#fail('unexpected content after the end of the JSON value');
    this.#fail(`unexpected "${String.fromCharCode(c)}"`);
  }

  #fail(reason: string): never {
    throw new JsonStructureError(this.#line, reason);
  }
}

function isSpace(c: number): boolean {
  return c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09;
}

export function createJsonArrayParser(file: string, options: ArticleParseOptions = {}): RecordParser {
  const splitter = new JsonArraySplitter(options.maxDepth ?? DEFAULT_MAX_DEPTH);
  const textField = options.textField ?? 'text';
  let done = false;

  const toRecord = ({ line, text }: JsonElement): ParsedRecord => {
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch (error) {
      return problemRecord({ file, line, reason: `invalid JSON in array element: ${(error as Error).message}` }, false);
    }
    const result = jsonValueToArticle(value, textField, text);
    return result.ok ? { ok: true, line, article: result.article } : problemRecord({ file, line, reason: result.reason }, false);
  };

  const run = (step: (out: JsonElement[]) => void): ParsedRecord[] => {
    if (done) return [];
    const elements: JsonElement[] = [];
    let fatal: ParsedRecord | null = null;
    try {
      step(elements);
    } catch (error) {
      if (!(error instanceof JsonStructureError)) throw error;
      done = true;
      fatal = problemRecord({ file, line: error.line, reason: error.reason }, true);
    }
    const records = elements.map(toRecord);
    if (fatal) records.push(fatal);
    return records;
  };

  let count = 0;
  return {
    push(text) {
      const records = run((out) => splitter.push(text, out));
      count += records.length;
      return records;
    },
    end() {
      const records = run((out) => splitter.end(out));
      count += records.length;
      if (!done && count === 0) records.push(problemRecord({ file, line: 1, reason: 'the array holds no articles' }, true));
      done = true;
      return records;
    },
  };
}
