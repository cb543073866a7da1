/**
 * One record (a JSON object or a CSV row) -> ArticleInput.
 *
 * Known fields, matched case-insensitively: the text field (default `text`), title,
 * source, url, published_at (also publishedAt, date, published), language (also lang),
 * id (-> externalId) and meta (an object merged into metadata). Everything else is kept
 * in metadata under its own name, never dropped. When a known field appears twice under
 * different spellings (`date` and `published_at`), the first wins and the others are
 * kept in metadata. A `meta` entry whose name is already taken by a top-level field is
 * stored as `meta.<name>`.
 *
 * Metadata objects have a null prototype and are filled with defineProperty, so keys such
 * as `__proto__` or `constructor` are ordinary data. Nested values are passed through as
 * JSON.parse built them (it defines `__proto__` as an own property, which is harmless).
 */

import type { ArticleInput, Metadata, MetadataValue } from '../model';
import { normalizeDate } from './dates';
import { unpairedSurrogateReason } from './surrogates';
import { findTopLevelNumberLiteral } from './json-scan';

type Field = 'title' | 'source' | 'url' | 'publishedAt' | 'language' | 'externalId' | 'meta';

const FIELD_NAMES: ReadonlyMap<string, Field> = new Map([
  ['title', 'title'],
  ['source', 'source'],
  ['url', 'url'],
  ['published_at', 'publishedAt'],
  ['publishedat', 'publishedAt'],
  ['date', 'publishedAt'],
  ['published', 'publishedAt'],
  ['language', 'language'],
  ['lang', 'language'],
  ['id', 'externalId'],
  ['meta', 'meta'],
]);

export type ArticleResult = { ok: true; article: ArticleInput } | { ok: false; reason: string };

export interface RecordShape {
  /** Field names in record order (JSON keys or CSV headers). */
  keys: readonly string[];
  /** The value under keys[i]. */
  valueAt(index: number): unknown;
  /** Index of the key holding the text, or -1. */
  textIndex: number;
  /** Name to show when the text is missing. */
  textName: string;
  /** CSV cells are all strings and an empty cell means "no value". */
  emptyIsAbsent: boolean;
  /** The number literal as written for a numeric id, to keep digits JSON.parse would round. */
  rawNumber?: (key: string) => string | null;
}

export function recordToArticle(shape: RecordShape): ArticleResult {
  const { keys, textIndex } = shape;
  if (textIndex < 0) return { ok: false, reason: `missing "${shape.textName}" field` };
  const text = shape.valueAt(textIndex);
  if (typeof text !== 'string') return { ok: false, reason: `"${keys[textIndex]}" must be a string, got ${kindOf(text)}` };
  if (text.trim() === '') return { ok: false, reason: `"${keys[textIndex]}" is empty` };
  // A JSON escape such as "\ud800" gives half a character, which SQLite would store as
  // replacement characters: the text, its length and every span offset would change.
  const broken = unpairedSurrogateReason(`"${keys[textIndex]}"`, text, true);
  if (broken !== null) return { ok: false, reason: broken };

  const article: ArticleInput = { text };
  const metadata: Metadata = Object.create(null) as Metadata;
  const seen = new Set<Field>();
  let meta: unknown;

  for (let i = 0; i < keys.length; i++) {
    if (i === textIndex) continue;
    const key = keys[i]!;
    const value = shape.valueAt(i);
    const field = FIELD_NAMES.get(key.toLowerCase());
    if (field === undefined || seen.has(field)) {
      define(metadata, key, value as MetadataValue);
      continue;
    }
    seen.add(field);
    if (field === 'meta') {
      meta = value;
      continue;
    }
    if (value === null || value === undefined || (shape.emptyIsAbsent && value === '')) continue;

    if (field === 'externalId') {
      if (typeof value === 'string') article.externalId = value;
      else if (typeof value === 'number') article.externalId = shape.rawNumber?.(key) ?? String(value);
      else return { ok: false, reason: `"${key}" must be a string or a number, got ${kindOf(value)}` };
      continue;
    }
    if (typeof value !== 'string') return { ok: false, reason: `"${key}" must be a string, got ${kindOf(value)}` };
    const brokenField = unpairedSurrogateReason(`"${key}"`, value);
    if (brokenField !== null) return { ok: false, reason: brokenField };
    const trimmed = value.trim();
    if (trimmed === '') continue;
    if (field === 'publishedAt') {
      const date = normalizeDate(trimmed);
      if (!date.ok) return { ok: false, reason: `"${key}": ${date.reason}` };
      article.publishedAt = date.value;
    } else {
      article[field] = trimmed;
    }
  }

  if (meta !== undefined && meta !== null) {
    if (typeof meta === 'object' && !Array.isArray(meta)) {
      for (const key of Object.keys(meta)) {
        const value = (meta as Record<string, MetadataValue>)[key]!;
        define(metadata, Object.hasOwn(metadata, key) ? `meta.${key}` : key, value);
      }
    } else {
      define(metadata, 'meta', meta as MetadataValue);
    }
  }
  article.metadata = metadata;
  return { ok: true, article };
}

/** Record shape over a parsed JSON object. */
export function jsonObjectShape(value: Record<string, unknown>, textField: string, source: string): RecordShape {
  const keys = Object.keys(value);
  const wanted = textField.toLowerCase();
  return {
    keys,
    valueAt: (i) => value[keys[i]!],
    textIndex: keys.findIndex((k) => k.toLowerCase() === wanted),
    textName: textField,
    emptyIsAbsent: false,
    rawNumber: (key) => findTopLevelNumberLiteral(source, key),
  };
}

export function define(target: Metadata, key: string, value: MetadataValue): void {
  Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
}

export function kindOf(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'object') return 'an object';
  return `a ${typeof value}`;
}

/** JSON value -> article, or why not. `source` is the raw JSON of this one record. */
export function jsonValueToArticle(value: unknown, textField: string, source: string): ArticleResult {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    return { ok: false, reason: `expected an object with a "${textField}" field, got ${kindOf(value)}` };
  }
  return recordToArticle(jsonObjectShape(value as Record<string, unknown>, textField, source));
}
