/**
 * Readable text from HTML, for annotation: never rendered, never trusted. A small tolerant
 * tokenizer (no DOM, no dependencies) walks the markup once:
 * - script, style, noscript, template, iframe, textarea, svg, math, comments, doctype and
 *   processing instructions are dropped with their content;
 * - block elements (p, div, h1-h6, lists, tables, ...) separate paragraphs by a blank line,
 *   list items and table rows by a line break, table cells by a tab; `<br>` is a line break;
 * - other whitespace collapses to one space as a browser would, except inside `<pre>`;
 * - character references are decoded (html-entities.ts).
 * Title: the first `<title>`, else the first h1-h6. `<html lang>` and `<link rel=canonical>`
 * are reported too.
 */

import { decodeEntities } from './html-entities';

export interface HtmlExtract {
  text: string;
  title: string | null;
  language: string | null;
  canonicalUrl: string | null;
}

const PARAGRAPH = new Set(
  (
    'address article aside blockquote center details dialog dir div dl fieldset figure footer form h1 h2 h3 h4 h5 h6 ' +
    'header hgroup hr main menu nav ol p pre section summary table ul figcaption legend body html'
  ).split(' '),
);
const LINE = new Set('li dt dd tr option caption thead tbody tfoot'.split(' '));
const CELL = new Set(['td', 'th']);
const HEADING = new Set(['h1', 'h2', 'h3', 'h4', 'h5', 'h6']);
/** Raw text elements: their content is not markup, so it is skipped up to the matching end tag. */
const RAW_TEXT = new Set(['script', 'style', 'noscript', 'iframe', 'noembed', 'noframes', 'xmp', 'textarea', 'title', 'plaintext']);
/** Containers whose content is markup we do not want as article text. */
const DROPPED = new Set(['template', 'svg', 'math', 'object']);
const PRESERVE = new Set(['pre', 'listing']);
const VOID = new Set('area base br col embed hr img input link meta param source track wbr'.split(' '));

const TAG_NAME = /[A-Za-z][^\s/>]*/y;

export function extractHtml(html: string): HtmlExtract {
  const out = new TextBuilder();
  let title: string | null = null;
  let headingTitle: string | null = null;
  let headingCapture: { name: string; parts: string[] } | null = null;
  let language: string | null = null;
  let canonicalUrl: string | null = null;
  let dropped: { name: string; depth: number } | null = null;
  let preDepth = 0;
  let stripLeadingNewline = false;

  const emitText = (raw: string) => {
    if (dropped || raw === '') return;
    let text = decodeEntities(raw);
    if (preDepth > 0) {
      if (stripLeadingNewline) text = text.replace(/^\r?\n/, '');
      out.preformatted(text);
    } else {
      out.flow(text);
    }
    stripLeadingNewline = false;
    if (headingCapture) headingCapture.parts.push(text);
  };

  const n = html.length;
  let i = 0;
  while (i < n) {
    const lt = html.indexOf('<', i);
    emitText(html.slice(i, lt < 0 ? n : lt));
    if (lt < 0) break;
    i = lt;
    const next = html.charCodeAt(i + 1);

    if (html.startsWith('<!--', i)) {
      // Searching from i + 2 also ends the abrupt empty comments `<!-->` and `<!--->`.
      const end = html.indexOf('-->', i + 2);
      i = end < 0 ? n : end + 3;
      continue;
    }
    if (next === 0x21 || next === 0x3f) {
      const end = html.indexOf('>', i + 2);
      i = end < 0 ? n : end + 1;
      continue;
    }
    if (next === 0x2f) {
      TAG_NAME.lastIndex = i + 2;
      const m = TAG_NAME.exec(html);
      const end = html.indexOf('>', i + 2);
      i = end < 0 ? n : end + 1;
      if (!m) continue;
      const name = m[0].toLowerCase();
      if (dropped) {
        if (name === dropped.name && --dropped.depth === 0) dropped = null;
        continue;
      }
      if (PRESERVE.has(name) && preDepth > 0) preDepth--;
      if (headingCapture && name === headingCapture.name) {
        headingTitle = collapse(headingCapture.parts.join(''));
        headingCapture = null;
      }
      out.close(name);
      continue;
    }
    if (!isAsciiLetter(next)) {
      emitText('<');
      i++;
      continue;
    }

    const tag = readStartTag(html, i);
    i = tag.end;
    const name = tag.name;
    if (dropped) {
      if (name === dropped.name && !tag.selfClosing) dropped.depth++;
      continue;
    }
    if (RAW_TEXT.has(name)) {
      const close = findEndTag(html, name, i);
      if (name === 'title' && title === null) title = collapse(decodeEntities(html.slice(i, close.contentEnd)));
      i = close.end;
      continue;
    }
    if (DROPPED.has(name)) {
      if (!tag.selfClosing) dropped = { name, depth: 1 };
      continue;
    }
    if (name === 'html' && language === null) language = nonEmpty(tag.attributes.get('lang'));
    if (name === 'link' && canonicalUrl === null && tag.attributes.get('rel')?.toLowerCase().split(/\s+/).includes('canonical')) {
      canonicalUrl = nonEmpty(tag.attributes.get('href'));
    }
    if (PRESERVE.has(name)) {
      preDepth++;
      stripLeadingNewline = true;
    }
    if (HEADING.has(name) && headingTitle === null && headingCapture === null) headingCapture = { name, parts: [] };
    out.open(name);
    if (VOID.has(name) || tag.selfClosing) out.close(name);
  }

  return {
    text: out.toString(),
    title: nonEmpty(title) ?? nonEmpty(headingTitle ?? (headingCapture ? collapse(headingCapture.parts.join('')) : null)),
    language,
    canonicalUrl,
  };
}

interface StartTag {
  name: string;
  attributes: Map<string, string>;
  selfClosing: boolean;
  /** Index just past the tag's `>`. */
  end: number;
}

/** Reads `<name attr=value ...>` at `start`; quoted values may contain `>`. */
function readStartTag(html: string, start: number): StartTag {
  TAG_NAME.lastIndex = start + 1;
  const name = TAG_NAME.exec(html)![0].toLowerCase();
  const attributes = new Map<string, string>();
  const n = html.length;
  let p = start + 1 + name.length;
  let selfClosing = false;
  while (p < n) {
    let c = html[p]!;
    if (c === '>') return { name, attributes, selfClosing, end: p + 1 };
    if (isHtmlSpace(c)) {
      p++;
      continue;
    }
    if (c === '/') {
      selfClosing = html[p + 1] === '>';
      p++;
      continue;
    }
    const nameStart = p;
    p++;
    while (p < n && !isHtmlSpace(html[p]!) && html[p] !== '/' && html[p] !== '>' && html[p] !== '=') p++;
    const attr = html.slice(nameStart, p).toLowerCase();
    while (p < n && isHtmlSpace(html[p]!)) p++;
    let value = '';
    if (html[p] === '=') {
      p++;
      while (p < n && isHtmlSpace(html[p]!)) p++;
      c = html[p] ?? '';
      if (c === '"' || c === "'") {
        const close = html.indexOf(c, p + 1);
        value = html.slice(p + 1, close < 0 ? n : close);
        p = close < 0 ? n : close + 1;
      } else {
        const valueStart = p;
        while (p < n && !isHtmlSpace(html[p]!) && html[p] !== '>') p++;
        value = html.slice(valueStart, p);
      }
    }
    if (!attributes.has(attr)) attributes.set(attr, decodeEntities(value));
  }
  return { name, attributes, selfClosing, end: n };
}

/** The end of a raw text element's content and of its end tag (the document's end if unclosed). */
function findEndTag(html: string, name: string, from: number): { contentEnd: number; end: number } {
  const pattern = new RegExp(`</${name}(?=[\\s/>])`, 'gi');
  pattern.lastIndex = from;
  const m = pattern.exec(html);
  if (!m) return { contentEnd: html.length, end: html.length };
  const close = html.indexOf('>', m.index);
  return { contentEnd: m.index, end: close < 0 ? html.length : close + 1 };
}

/** Accumulates text with the pending separators resolved only when more content follows, so none trail. */
class TextBuilder {
  #parts: string[] = [];
  #newlines = 0;
  #separator = '';
  #empty = true;
  #lineEmpty = true;

  open(name: string): void {
    if (name === 'br') this.#newlines++;
    else this.#boundary(name);
  }

  close(name: string): void {
    if (name !== 'br') this.#boundary(name);
  }

  flow(text: string): void {
    const collapsed = text.replace(/[ \t\n\r\f]+/g, ' ');
    if (collapsed === '') return;
    if (collapsed === ' ') {
      if (this.#separator === '') this.#separator = ' ';
      return;
    }
    const leading = collapsed.startsWith(' ');
    const trailing = collapsed.endsWith(' ');
    if (leading && this.#separator === '') this.#separator = ' ';
    this.#write(collapsed.slice(leading ? 1 : 0, trailing ? -1 : undefined));
    if (trailing) this.#separator = ' ';
  }

  preformatted(text: string): void {
    if (text === '') return;
    this.#write(text);
    this.#lineEmpty = text.endsWith('\n');
  }

  toString(): string {
    return this.#parts.join('');
  }

  #boundary(name: string): void {
    if (PARAGRAPH.has(name)) this.#newlines = Math.max(this.#newlines, 2);
    else if (LINE.has(name)) this.#newlines = Math.max(this.#newlines, 1);
    else if (CELL.has(name) && !this.#lineEmpty) this.#separator = '\t';
  }

  #write(content: string): void {
    if (this.#newlines > 0 && !this.#empty) {
      this.#parts.push('\n'.repeat(this.#newlines));
      this.#lineEmpty = true;
    } else if (this.#separator !== '' && !this.#lineEmpty) {
      this.#parts.push(this.#separator);
    }
    this.#newlines = 0;
    this.#separator = '';
    this.#parts.push(content);
    this.#empty = false;
    this.#lineEmpty = false;
  }
}

function collapse(text: string): string {
  return text.replace(/[ \t\n\r\f]+/g, ' ').trim();
}

function nonEmpty(value: string | null | undefined): string | null {
  const trimmed = value?.trim();
  return trimmed ? trimmed : null;
}

function isAsciiLetter(c: number): boolean {
  return (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a);
}

function isHtmlSpace(c: string): boolean {
  return c === ' ' || c === '\t' || c === '\n' || c === '\r' || c === '\f';
}
