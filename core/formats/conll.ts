/**
 * CoNLL-style token-per-line files: `token<TAB>tag`, a blank line after each sentence,
 * `-DOCSTART-` before each document. Export writes IOB2 (or IOB1/BIOES); import reads
 * all three, plus the indexed multi-column layout of GermEval 2014 (`idx token outer inner`).
 *
 * The format has no character offsets: import rebuilds the text by joining tokens with
 * one space and sentences with '\n', as doccano does.
 */
import type { AnnotatedDocument, SpanInput } from '../model';
import { codePointLength } from '../offsets';
import { groupSentences, tokenize } from '../tokenize';
import type { Token } from '../tokenize';
import { DocChecker, LossLog, emptyResult, problem, reportUncarried } from './shared';
import type { ExportDocument, FormatExporter, ImportResult, LineImporter } from './types';

export type TagScheme = 'iob2' | 'iob1' | 'bioes';

export interface ConllExportOptions {
  scheme?: TagScheme;
  /** Locale for word and sentence segmentation. */
  locale?: string;
}

/**
 * Picks spans that do not overlap: earliest first, the longer of two with the same start.
 * Returns the kept spans and the rest.
 */
export function nonOverlapping<T extends { start: number; end: number }>(spans: readonly T[]): { kept: T[]; dropped: T[] } {
  const order = [...spans].sort((a, b) => a.start - b.start || b.end - a.end);
  const kept: T[] = [];
  const dropped: T[] = [];
  let lastEnd = -1;
  for (const s of order) {
    if (s.start >= lastEnd) {
      kept.push(s);
      lastEnd = s.end;
    } else dropped.push(s);
  }
  return { kept, dropped };
}

/**
 * Tokens for a document with every span edge as a token boundary, and each span mapped to
 * the tokens it covers. Spans covering no token (empty or whitespace only) map to null.
 * Shared by the token-based formats.
 */
export function alignSpansToTokens<T extends { start: number; end: number }>(
  text: string,
  spans: readonly T[],
  locale?: string,
): { tokens: Token[]; ranges: Array<[number, number] | null> } {
  const breaks: number[] = [];
  for (const s of spans) breaks.push(s.start, s.end);
  const tokens = tokenize(text, locale === undefined ? { breaks } : { breaks, locale });
  const starts = tokens.map((t) => t.start);
  const ranges = spans.map((s): [number, number] | null => {
    let lo = lowerBound(starts, s.start);
    let hi = lo;
    while (hi < tokens.length && tokens[hi]!.end <= s.end) hi++;
    if (hi === lo) return null;
    return [lo, hi - 1];
  });
  return { tokens, ranges };
}

function lowerBound(sorted: readonly number[], value: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (sorted[mid]! < value) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

export function createConllExporter(options: ConllExportOptions = {}): FormatExporter {
  const scheme = options.scheme ?? 'iob2';
  const log = new LossLog();
  return {
    format: 'conll',
    begin: () => [],
    document(doc: ExportDocument, ordinal) {
      const { kept, dropped } = nonOverlapping(doc.spans);
      for (const s of dropped) log.span(doc, ordinal, s, 'overlaps another span (CoNLL cannot express overlapping spans)');
      const { tokens, ranges } = alignSpansToTokens(doc.text, kept, options.locale);
      const tags = new Array<string>(tokens.length).fill('O');
      const written: SpanInput[] = [];
      kept.forEach((span, i) => {
        const range = ranges[i];
        if (!range) {
          log.span(doc, ordinal, span, 'covers no token (empty or only whitespace)');
          return;
        }
        const [first, last] = range;
        if (tokens[first]!.start !== span.start || tokens[last]!.end !== span.end) {
          log.span(doc, ordinal, span, 'leading/trailing whitespace trimmed to token edges');
        }
        const label = span.label.replace(/\s/g, '_');
        if (label !== span.label) log.span(doc, ordinal, span, 'label whitespace replaced by "_"');
        written.push(span);
        for (let t = first; t <= last; t++) {
          const prefix = tagPrefix(scheme, t, first, last, tags[first - 1], label);
          tags[t] = `${prefix}-${label}`;
        }
      });
      for (const rel of doc.relations) log.relation(doc, ordinal, rel, 'CoNLL cannot express relations');
      reportUncarried(log, doc, ordinal, {}, { spans: written, relations: [] });
      log.spans += written.length;
      log.documents++;
      const sentences = groupSentences(doc.text, tokens, written, options.locale);
      let out = '-DOCSTART-\tO\n\n';
      let t = 0;
      for (const sentence of sentences) {
        for (const token of sentence) out += `${token.text}\t${tags[t++]}\n`;
        out += '\n';
      }
      return [{ path: '', text: out }];
    },
    end: () => ({ chunks: [], summary: log.summary() }),
  };
}

function tagPrefix(scheme: TagScheme, t: number, first: number, last: number, before: string | undefined, label: string): string {
  if (scheme === 'bioes') {
    if (first === last) return 'S';
    return t === first ? 'B' : t === last ? 'E' : 'I';
  }
  if (t !== first) return 'I';
  // IOB1 only uses B- to separate two adjacent spans of the same type.
  if (scheme === 'iob1') return before !== undefined && before !== 'O' && before.slice(2) === label ? 'B' : 'I';
  return 'B';
}

export interface ConllImportOptions {
  /**
   * 'docstart': documents are separated by -DOCSTART- lines; 'sentence': every sentence is
   * a document (doccano's CoNLL import). 'auto' picks 'docstart' when the first line is one.
   */
  split?: 'auto' | 'docstart' | 'sentence';
  /** 0-based column of the token; default 0, or 1 when the first column is a running index. */
  tokenColumn?: number;
  /** 0-based tag columns; default the last column, or every tag column after an index and token. */
  tagColumns?: number[];
}

interface PendingToken {
  token: string;
  tags: string[];
  line: number;
}

const TAG = /^(?:O|([BIESLU])-(.+))$/;

export function createConllLineImporter(fileName: string, options: ConllImportOptions = {}): LineImporter {
  let lineNo = 0;
  let split: 'docstart' | 'sentence' | null = options.split && options.split !== 'auto' ? options.split : null;
  let separator: RegExp | null = null;
  let tokenColumn = options.tokenColumn;
  let tagColumns = options.tagColumns;
  let docIndex = 0;
  let sentences: PendingToken[][] = [];
  let sentence: PendingToken[] = [];
  let comments: string[] = [];
  let docLine = 0;
  let pendingErrors: Array<{ line: number; reason: string }> = [];

  const endSentence = () => {
    if (sentence.length > 0) sentences.push(sentence);
    sentence = [];
  };

  const flush = (): ImportResult => {
    endSentence();
    const result = emptyResult();
    if (sentences.length === 0 && pendingErrors.length === 0) {
      comments = [];
      return result;
    }
    const text = sentences.map((s) => s.map((t) => t.token).join(' ')).join('\n');
    const check = new DocChecker(fileName, text, 'codepoint', docIndex);
    for (const e of pendingErrors) check.error(e.line, e.reason);
    const doc: AnnotatedDocument = { text, spans: [], relations: [] };
    if (comments.length > 0) doc.metadata = { comments };
    const columns = sentences[0]?.[0]?.tags.length ?? 0;
    for (let c = 0; c < columns; c++) doc.spans.push(...decode(sentences, c, check));
    doc.spans.sort((a, b) => a.start - b.start || a.end - b.end);
    result.documents.push(check.imported(doc, docLine || lineNo));
    docIndex++;
    sentences = [];
    comments = [];
    pendingErrors = [];
    docLine = 0;
    return result;
  };

  return {
    push(rawLine) {
      lineNo++;
      const line = rawLine.replace(/\r$/, '').replace(lineNo === 1 ? /^\uFEFF/ : /^$/, '');
      if (line.trim() === '') {
        if (split === 'sentence') return flush();
        endSentence();
        return emptyResult();
      }
      separator ??= line.includes('\t') ? /\t/ : / +/;
      const fields = line.split(separator);
      if (fields[0] === '-DOCSTART-') {
        split ??= 'docstart';
        return split === 'docstart' ? flush() : emptyResult();
      }
      if (line.startsWith('#') && (fields.length < 2 || !TAG.test(fields[fields.length - 1]!))) {
        comments.push(line.replace(/^#\s*/, ''));
        return emptyResult();
      }
      split ??= 'sentence';
      if (tokenColumn === undefined || tagColumns === undefined) {
        const indexed = fields.length >= 3 && /^\d+$/.test(fields[0]!);
        tokenColumn ??= indexed ? 1 : 0;
        if (tagColumns === undefined) {
          const candidates = indexed ? fields.map((_, i) => i).filter((i) => i > 1 && TAG.test(fields[i]!)) : [fields.length - 1];
          tagColumns = candidates.length > 0 ? candidates : [fields.length - 1];
        }
      }
      if (docLine === 0) docLine = lineNo;
      const needed = Math.max(tokenColumn, ...tagColumns) + 1;
      if (fields.length < needed || fields.length < 2) {
        pendingErrors.push({
          line: lineNo,
          reason: `expected ${needed} ${separator.source === '\\t' ? 'tab' : 'space'}-separated columns, found ${fields.length}`,
        });
        return emptyResult();
      }
      const tags = tagColumns.map((c) => fields[c]!);
      if (fields[tokenColumn] === '') {
        // An empty token would make an empty span and a doubled space in the rebuilt text.
        pendingErrors.push({ line: lineNo, reason: 'the token column is empty' });
        return emptyResult();
      }
      sentence.push({ token: fields[tokenColumn]!, tags, line: lineNo });
      return emptyResult();
    },
    finish: flush,
  };
}

/** One decoder for IOB1, IOB2 and BIOES/BILOU: B/S/U open, I/E/L continue a same-type span. */
function decode(sentences: PendingToken[][], column: number, check: DocChecker): SpanInput[] {
  const spans: SpanInput[] = [];
  let offset = 0;
  for (const sentence of sentences) {
    let open: { label: string; start: number; end: number } | null = null;
    const close = () => {
      if (open) spans.push({ label: open.label, start: open.start, end: open.end });
      open = null;
    };
    for (const tok of sentence) {
      const start = offset;
      const end = start + codePointLength(tok.token);
      offset = end + 1;
      const tag = tok.tags[column] ?? 'O';
      const m = TAG.exec(tag);
      if (!m) {
        check.error(tok.line, `unknown tag ${JSON.stringify(tag)} (expected O, B-X, I-X, E-X, S-X)`);
        close();
        continue;
      }
      const kind = m[1];
      const label = m[2];
      if (kind === undefined || label === undefined) {
        close();
        continue;
      }
      const current = open as { label: string; start: number; end: number } | null;
      const continues = (kind === 'I' || kind === 'E' || kind === 'L') && current !== null && current.label === label;
      if (continues) current.end = end;
      else {
        close();
        open = { label, start, end };
      }
      if (kind === 'E' || kind === 'L' || kind === 'S' || kind === 'U') close();
    }
    close();
  }
  return spans;
}

export function importConll(fileName: string, text: string, options: ConllImportOptions = {}): ImportResult {
  const importer = createConllLineImporter(fileName, options);
  const result = emptyResult();
  const lines = text.split('\n');
  if (lines.length > 1 && lines[lines.length - 1] === '') lines.pop();
  for (const line of lines) {
    const r = importer.push(line);
    result.documents.push(...r.documents);
    result.errors.push(...r.errors);
  }
  const last = importer.finish();
  result.documents.push(...last.documents);
  result.errors.push(...last.errors);
  if (result.documents.length === 0) result.errors.push(problem(fileName, undefined, 'no tokens found', 'error'));
  return result;
}
