/**
 * Formats holding one article per file.
 * - txt: the text is the decoded file, byte for byte (CRLF, tabs, trailing newline kept).
 *   With `firstLineIsTitle`, the title is the first non-empty line, trimmed, and that line
 *   stays in the text too, so span offsets always refer to the file as it is.
 * - md: kept as written; title from the first level-1 heading (`# Title`, or `Title` over
 *   `===`), ignoring fenced code blocks.
 * - html: readable text extracted (html.ts); the markup itself is not stored.
 * Without a title from the content, the title is the file name without its extension.
 */

import type { ArticleInput } from '../model';
import { extractHtml } from './html';
import { problemRecord, type ArticleParseOptions, type ParsedRecord, type RecordParser, type WholeFileFormat } from './types';

const MAX_TITLE_LENGTH = 500;

export function parseWholeFileArticle(file: string, text: string, format: WholeFileFormat, options: ArticleParseOptions = {}): ParsedRecord {
  if (text.length === 0) return problemRecord({ file, line: 1, reason: 'the file is empty' }, true);
  const article: ArticleInput = { text };
  let title: string | null = null;
  if (format === 'html') {
    const extract = extractHtml(text);
    article.text = extract.text;
    title = extract.title;
    if (extract.language) article.language = extract.language;
    if (extract.canonicalUrl) article.url = extract.canonicalUrl;
  } else if (format === 'md') {
    title = markdownTitle(text);
  } else if (options.firstLineIsTitle) {
    title = firstNonEmptyLine(text);
  }
  if (article.text.trim() === '') {
    const reason = format === 'html' ? 'the page has no readable text' : 'the file contains only whitespace';
    return problemRecord({ file, line: 1, reason }, true);
  }
  article.title = clip(title ?? baseName(file));
  article.metadata = Object.create(null) as NonNullable<ArticleInput['metadata']>;
  return { ok: true, line: 1, article };
}

/** Streaming front for whole-file formats: gathers the chunks, yields the one article at end(). */
export function createWholeFileParser(file: string, format: WholeFileFormat, options: ArticleParseOptions = {}): RecordParser {
  const chunks: string[] = [];
  return {
    push(text) {
      chunks.push(text);
      return [];
    },
    end() {
      return [parseWholeFileArticle(file, chunks.join(''), format, options)];
    },
  };
}

/** File name without directories or its last extension: `a/b/report.final.txt` -> `report.final`. */
export function baseName(file: string): string {
  const name = file.slice(Math.max(file.lastIndexOf('/'), file.lastIndexOf('\\')) + 1);
  const dot = name.lastIndexOf('.');
  return dot > 0 ? name.slice(0, dot) : name;
}

function firstNonEmptyLine(text: string): string | null {
  const m = /^[ \t\f\v\u00a0\ufeff]*(\S[^\r\n]*)/m.exec(text);
  return m ? m[1]!.trim() : null;
}

function markdownTitle(text: string): string | null {
  const lines = text.split(/\r?\n/);
  let fence: string | null = null;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    const fenceMatch = /^ {0,3}(`{3,}|~{3,})/.exec(line);
    if (fenceMatch) {
      const marker = fenceMatch[1]!;
      if (fence === null) fence = marker;
      else if (marker[0] === fence[0] && marker.length >= fence.length) fence = null;
      continue;
    }
    if (fence !== null) continue;
    const atx = /^ {0,3}#[ \t]+(.*?)(?:[ \t]+#+)?[ \t]*$/.exec(line);
    if (atx && atx[1]!.trim() !== '') return atx[1]!.trim();
    const underline = lines[i + 1];
    if (line.trim() !== '' && !/^ {0,3}[#>*+-]/.test(line) && underline !== undefined && /^ {0,3}=+[ \t]*$/.test(underline)) {
      return line.trim();
    }
  }
  return null;
}

function clip(title: string): string {
  if (title.length <= MAX_TITLE_LENGTH) return title;
  // By code points, so an astral character is never cut in half.
  return Array.from(title).slice(0, MAX_TITLE_LENGTH - 1).join('').trimEnd() + '…';
}
