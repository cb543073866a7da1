/**
 * Which parser a file needs: by extension first, then by its first bytes.
 *
 * Hook for annotation formats (core/formats/): pass `sniffers`; they run before anything
 * here and may claim the file with their own format name.
 */

import type { ArticleFormat } from './types';

export type FormatSniffer<F extends string> = (fileName: string, head: string) => F | null;

export const FORMAT_BY_EXTENSION: Readonly<Record<string, ArticleFormat>> = {
  txt: 'txt',
  text: 'txt',
  md: 'md',
  markdown: 'md',
  html: 'html',
  htm: 'html',
  xhtml: 'html',
  jsonl: 'jsonl',
  ndjson: 'jsonl',
  json: 'json',
  csv: 'csv',
  tsv: 'tsv',
  tab: 'tsv',
};

/** How much of the file `detectFormat` looks at; pass at least this much when there is. */
export const SNIFF_BYTES = 8192;

export function detectFormat(fileName: string, firstBytes: Uint8Array): ArticleFormat;
export function detectFormat<F extends string>(
  fileName: string,
  firstBytes: Uint8Array,
  sniffers: ReadonlyArray<FormatSniffer<F>>,
): ArticleFormat | F;
export function detectFormat<F extends string>(
  fileName: string,
  firstBytes: Uint8Array,
  sniffers: ReadonlyArray<FormatSniffer<F>> = [],
): ArticleFormat | F {
  const head = headText(firstBytes);
  for (const sniff of sniffers) {
    const claimed = sniff(fileName, head);
    if (claimed !== null) return claimed;
  }
  const name = fileName.slice(Math.max(fileName.lastIndexOf('/'), fileName.lastIndexOf('\\')) + 1);
  const dot = name.lastIndexOf('.');
  const extension = dot > 0 ? name.slice(dot + 1).toLowerCase() : '';
  // Own keys only: a file named "x.constructor" must not find Object's constructor here.
  const byExtension = Object.hasOwn(FORMAT_BY_EXTENSION, extension) ? FORMAT_BY_EXTENSION[extension] : undefined;
  // `.json` is often used for JSON Lines; look before trusting it.
  if (byExtension === 'json') return sniffJson(head) ?? 'json';
  if (byExtension !== undefined) return byExtension;
  return sniffContent(head);
}

/** Decoded start of the file, BOM removed; undecodable bytes do not matter for sniffing. */
function headText(bytes: Uint8Array): string {
  const head = bytes.subarray(0, SNIFF_BYTES);
  let encoding = 'utf-8';
  if (head[0] === 0xff && head[1] === 0xfe) encoding = 'utf-16le';
  else if (head[0] === 0xfe && head[1] === 0xff) encoding = 'utf-16be';
  return new TextDecoder(encoding).decode(head);
}

function sniffJson(head: string): 'json' | 'jsonl' | null {
  const trimmed = head.trimStart();
  if (trimmed.startsWith('[')) return 'json';
  if (!trimmed.startsWith('{')) return null;
  // JSON Lines: the first line is a whole value and another object starts the next line.
  const lines = trimmed.split(/\r?\n/).filter((line) => line.trim() !== '');
  if (lines.length < 2) return 'json';
  try {
    JSON.parse(lines[0]!);
  } catch {
    return 'json';
  }
  return lines[1]!.trimStart().startsWith('{') ? 'jsonl' : 'json';
}

function sniffContent(head: string): ArticleFormat {
  const trimmed = head.trimStart();
  if (/^<(?:!doctype\s+html|html|head|body|\?xml[^>]*>\s*<!doctype\s+html)/i.test(trimmed)) return 'html';
  const json = sniffJson(trimmed);
  if (json) return json;
  if (/^<(?:p|div|article|section|h[1-6]|meta|title)[\s>]/i.test(trimmed)) return 'html';
  const lines = trimmed.split(/\r?\n/, 6).filter((line) => line !== '');
  // Without the last line, which the sniff window may have cut.
  const whole = lines.length > 1 ? lines.slice(0, -1) : lines;
  if (isDelimited(whole, '\t')) return 'tsv';
  if (isDelimited(whole, ',') && /(^|[,"])\s*"?(text|body|content|article)"?\s*(,|$)/i.test(whole[0] ?? '')) return 'csv';
  if (/^#{1,6}\s+\S/.test(trimmed) || /^\S[^\n]*\r?\n=+\s*(\r?\n|$)/.test(trimmed)) return 'md';
  return 'txt';
}

/** A header with the delimiter and at least one more line with as many of it. Quoted fields make this approximate. */
function isDelimited(lines: string[], delimiter: string): boolean {
  if (lines.length < 2) return false;
  const count = (line: string) => line.split(delimiter).length - 1;
  const columns = count(lines[0]!);
  return columns > 0 && lines.slice(1).every((line) => count(line) >= columns);
}
