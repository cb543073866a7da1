/**
 * Helpers every format uses: checking spans against the text, converting offset units,
 * collecting losses, and building objects from untrusted keys without prototype pollution.
 */
import type { AnnotatedDocument, Metadata, MetadataValue, RelationInput, SpanAttributeValue, SpanInput } from '../model';
import { DOCUMENT_STATUSES } from '../model';
import { normalizeDate } from '../import/dates';
import { unpairedSurrogateReason } from '../import/surrogates';
import { OffsetIndex } from '../offsets';
import type {
  ExportDocument,
  ExportLoss,
  ExportSummary,
  FormatName,
  FormatProblem,
  ImportedDocument,
  ImportResult,
  OffsetUnit,
} from './types';

export const LOSS_ITEM_LIMIT = 1000;

/**
 * Sets an own property even for keys like `__proto__`, which a plain assignment would
 * turn into a prototype change.
 */
export function setOwn<T>(target: Record<string, T>, key: string, value: T): void {
  Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
}

export function hasOwn(target: object, key: string): boolean {
  return Object.prototype.hasOwnProperty.call(target, key);
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Reads an own property only, so `{"__proto__": …}` or inherited names never leak in. */
export function own(record: Record<string, unknown>, key: string): unknown {
  return hasOwn(record, key) ? record[key] : undefined;
}

export function emptyResult(): ImportResult {
  return { documents: [], errors: [], warnings: [] };
}

export function mergeResults(into: ImportResult, from: ImportResult): ImportResult {
  for (const d of from.documents) into.documents.push(d);
  for (const e of from.errors) into.errors.push(e);
  for (const w of from.warnings) into.warnings.push(w);
  return into;
}

/** True when anything in the result is an error (a file that should be refused by default). */
export function hasErrors(result: ImportResult): boolean {
  return result.errors.length > 0 || result.documents.some((d) => d.errors.length > 0);
}

/** All problems, file-level and per document, in file order by line. */
export function allProblems(result: ImportResult): FormatProblem[] {
  const list = [...result.errors, ...result.warnings];
  for (const d of result.documents) list.push(...d.errors, ...d.warnings);
  return list.sort((a, b) => (a.line ?? 0) - (b.line ?? 0));
}

/** Splits file text into lines on '\n' only, keeping '\r' (see LineImporter.push). */
export function splitLines(text: string): string[] {
  const lines = text.split('\n');
  // A final '\n' terminates the last line rather than starting an empty one.
  if (lines.length > 1 && lines[lines.length - 1] === '') lines.pop();
  return lines;
}

export function stripCr(line: string): string {
  return line.endsWith('\r') ? line.slice(0, -1) : line;
}

/** Feeds every line of `text` through a line importer and merges the results. */
export function runLineImporter(importer: { push(line: string): ImportResult; finish(): ImportResult }, text: string): ImportResult {
  const result = emptyResult();
  for (const line of splitLines(text)) mergeResults(result, importer.push(line));
  return mergeResults(result, importer.finish());
}

/**
 * Incremental '\n' splitter for callers reading a stream in chunks: `push` returns the
 * lines completed so far (with any '\r'), `end` returns the last unterminated one.
 */
export function createLineSplitter(): { push(chunk: string): string[]; end(): string[] } {
  let rest = '';
  return {
    push(chunk) {
      const parts = (rest + chunk).split('\n');
      rest = parts.pop() ?? '';
      return parts;
    },
    end() {
      const last = rest;
      rest = '';
      return last === '' ? [] : [last];
    },
  };
}

/** Names for the stored document fields in messages: the names files use. */
const FIELD_LABELS: Record<DocumentField, string> = {
  title: '"title"',
  source: '"source"',
  url: '"url"',
  publishedAt: '"published_at"',
  language: '"language"',
  externalId: 'the document id',
};

/**
 * Every string an import stores for `doc` besides its text (document fields, metadata keys
 * and values, span labels, notes, authors, attributes, timestamps, relation types and
 * notes): one reason, with the span it belongs to if any, for each holding an unpaired surrogate.
 */
export function unpairedSurrogatesOutsideText(doc: AnnotatedDocument): Array<{ span?: string; reason: string }> {
  const found: Array<{ span?: string; reason: string }> = [];
  /** `owner`: the span or relation the value belongs to, named in the reason (a span's name goes with it too). */
  const add = (field: string, value: unknown, owner?: { kind: 'span' | 'relation'; name: string }) => {
    if (typeof value !== 'string') return;
    const reason = unpairedSurrogateReason(field, value);
    if (reason === null) return;
    if (!owner) found.push({ reason });
    else if (owner.kind === 'span') found.push({ span: owner.name, reason: `span ${owner.name}: ${reason}` });
    else found.push({ reason: `relation ${owner.name}: ${reason}` });
  };
  for (const [field] of DOCUMENT_FIELDS) add(FIELD_LABELS[field], doc[field]);
  const walk = (value: unknown, path: string, depth: number): void => {
    if (typeof value === 'string') add(`metadata ${JSON.stringify(path)}`, value);
    else if (depth > 60) return;
    else if (Array.isArray(value)) value.forEach((v, i) => walk(v, `${path}[${i}]`, depth + 1));
    else if (isRecord(value)) {
      for (const key of Object.keys(value)) {
        add(`metadata key ${JSON.stringify(path === '' ? key : `${path}.${key}`)}`, key);
        walk(value[key], path === '' ? key : `${path}.${key}`, depth + 1);
      }
    }
  };
  if (doc.metadata) walk(doc.metadata, '', 0);
  doc.spans.forEach((span, i) => {
    const owner = { kind: 'span', name: span.key ?? `#${i}` } as const;
    add('"label"', span.label, owner);
    add('"note"', span.note, owner);
    add('"author"', span.author, owner);
    add('"created_at"', span.createdAt, owner);
    add('"updated_at"', span.updatedAt, owner);
    for (const key of Object.keys(span.attributes ?? {})) {
      add(`attribute name ${JSON.stringify(key)}`, key, owner);
      add(`attribute ${JSON.stringify(key)}`, span.attributes![key], owner);
    }
  });
  doc.relations.forEach((rel, i) => {
    const owner = { kind: 'relation', name: rel.key ?? `#${i}` } as const;
    add('"type"', rel.type, owner);
    add('"note"', rel.note, owner);
  });
  return found;
}

/** Per-document context used while importing: the text, its offset index and collected problems. */
export class DocChecker {
  readonly index: OffsetIndex;
  readonly errors: FormatProblem[] = [];
  readonly warnings: FormatProblem[] = [];

  /** `textName` names where the text came from in messages: a field ("data.text") or a file. */
  constructor(
    readonly file: string,
    readonly text: string,
    readonly unit: OffsetUnit,
    readonly documentIndex: number,
    readonly textName = 'text',
  ) {
    this.index = new OffsetIndex(text);
  }

  error(line: number | undefined, reason: string, span?: string): void {
    this.errors.push(problem(this.file, line, reason, 'error', this.documentIndex, span));
  }

  warn(line: number | undefined, reason: string, span?: string): void {
    this.warnings.push(problem(this.file, line, reason, 'warning', this.documentIndex, span));
  }

  /** Length of the text in this file's unit. */
  get length(): number {
    return this.unit === 'utf16' ? this.index.length16 : this.index.length;
  }

  /**
   * Validates one offset pair in the file's unit and converts it to code points.
   * Returns null (after recording an error) when it cannot be used.
   */
  range(rawStart: unknown, rawEnd: unknown, line: number | undefined, spanName: string): [number, number] | null {
    const start = this.offset(rawStart, 'start', line, spanName);
    const end = this.offset(rawEnd, 'end', line, spanName);
    if (start === null || end === null) return null;
    if (start > end) {
      this.error(line, `span ${spanName}: start ${String(rawStart)} is after end ${String(rawEnd)}`, spanName);
      return null;
    }
    // An empty span marks nothing and cannot be drawn or stored (spans are [start, end) with end > start).
    if (start === end) {
      this.error(line, `span ${spanName}: it is empty (start and end are both ${String(rawStart)})`, spanName);
      return null;
    }
    return [start, end];
  }

  private offset(raw: unknown, which: string, line: number | undefined, spanName: string): number | null {
    const value = typeof raw === 'string' && /^\d+$/.test(raw) ? Number(raw) : raw;
    if (typeof value !== 'number' || !Number.isSafeInteger(value)) {
      this.error(line, `span ${spanName}: ${which} ${describeValue(raw)} is not a whole number`, spanName);
      return null;
    }
    if (value < 0 || value > this.length) {
      this.error(
        line,
        `span ${spanName}: ${which} ${value} is outside the text (0..${this.length} ${this.unit === 'utf16' ? 'UTF-16 units' : 'code points'})`,
        spanName,
      );
      return null;
    }
    if (this.unit === 'codepoint') return value;
    const cp = this.index.toCodePoint(value, 'down');
    if (this.index.toUtf16(cp) !== value) {
      this.error(line, `span ${spanName}: ${which} ${value} falls inside a surrogate pair (emoji)`, spanName);
      return null;
    }
    return cp;
  }

  slice(start: number, end: number): string {
    return this.text.slice(this.index.toUtf16(start), this.index.toUtf16(end));
  }

  /** Records an error when the text the file stored for a span differs from the document. */
  checkText(stored: unknown, start: number, end: number, line: number | undefined, spanName: string): boolean {
    if (stored === undefined || stored === null) return true;
    const actual = this.slice(start, end);
    if (typeof stored !== 'string' || stored !== actual) {
      this.error(
        line,
        `span ${spanName}: stored text ${describeValue(stored)} does not match the document text ${JSON.stringify(clip(actual))} at ${start}-${end}`,
        spanName,
      );
      return false;
    }
    return true;
  }

  /** Checks relation ends exist among the accepted spans; returns the relations that do. */
  finishRelations(doc: AnnotatedDocument, lineOf: (i: number) => number | undefined): void {
    const keys = new Set(doc.spans.map((s) => s.key).filter((k): k is string => k !== undefined));
    doc.relations = doc.relations.filter((rel, i) => {
      for (const end of [rel.from, rel.to]) {
        if (!keys.has(end)) {
          this.error(lineOf(i), `relation ${rel.key ?? `#${i}`} (${rel.type}): span ${end} is missing or invalid`, rel.key);
          return false;
        }
      }
      return true;
    });
  }

  /**
   * Every format ends a document here, so this is where half characters are refused: in the
   * text (reported first, as it breaks every span) and in any other string that gets stored.
   */
  imported(doc: AnnotatedDocument, line: number, sourceId?: string): ImportedDocument {
    const broken = unpairedSurrogateReason(JSON.stringify(this.textName), doc.text, true);
    if (broken !== null) this.errors.unshift(problem(this.file, line, broken, 'error', this.documentIndex));
    for (const found of unpairedSurrogatesOutsideText(doc)) this.error(line, found.reason, found.span);
    const result: ImportedDocument = { index: this.documentIndex, line, document: doc, errors: this.errors, warnings: this.warnings };
    if (sourceId !== undefined) result.sourceId = sourceId;
    return result;
  }
}

export function problem(
  file: string,
  line: number | undefined,
  reason: string,
  severity: 'error' | 'warning',
  documentIndex?: number,
  span?: string,
): FormatProblem {
  const p: FormatProblem = { file, reason, severity };
  if (line !== undefined) p.line = line;
  if (documentIndex !== undefined) p.document = documentIndex;
  if (span !== undefined) p.span = span;
  return p;
}

export function describeValue(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(clip(value));
  if (typeof value === 'number') return String(value);
  if (value === undefined) return 'missing';
  try {
    return clip(JSON.stringify(value) ?? String(value));
  } catch {
    return typeof value;
  }
}

function clip(text: string): string {
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}

/** Converts a code point offset for writing. */
export function outOffset(index: OffsetIndex, cp: number, unit: OffsetUnit): number {
  return unit === 'utf16' ? index.toUtf16(cp) : cp;
}

/** Counts losses by reason and keeps the first few for display. */
export class LossLog {
  count = 0;
  readonly byReason: Record<string, number> = Object.create(null) as Record<string, number>;
  readonly items: ExportLoss[] = [];
  spans = 0;
  relations = 0;
  documents = 0;

  add(loss: ExportLoss): void {
    this.count++;
    this.byReason[loss.reason] = (this.byReason[loss.reason] ?? 0) + 1;
    if (this.items.length < LOSS_ITEM_LIMIT) this.items.push(loss);
  }

  span(doc: { id: string | number }, ordinal: number, span: SpanInput, reason: string): void {
    const loss: ExportLoss = { kind: 'span', documentId: doc.id, ordinal, label: span.label, start: span.start, end: span.end, reason };
    if (span.key !== undefined) loss.key = span.key;
    this.add(loss);
  }

  relation(doc: { id: string | number }, ordinal: number, rel: { key?: string; type: string }, reason: string): void {
    const loss: ExportLoss = { kind: 'relation', documentId: doc.id, ordinal, label: rel.type, reason };
    if (rel.key !== undefined) loss.key = rel.key;
    this.add(loss);
  }

  summary(): ExportSummary {
    return {
      documents: this.documents,
      spans: this.spans,
      relations: this.relations,
      losses: { count: this.count, byReason: { ...this.byReason }, items: this.items },
    };
  }
}

/**
 * Document fields besides the text and metadata, with the names they have in files
 * (JSONL columns, meta keys): the names the corpus import reads too.
 */
export const DOCUMENT_FIELDS = [
  ['title', 'title'],
  ['source', 'source'],
  ['url', 'url'],
  ['publishedAt', 'published_at'],
  ['language', 'language'],
  ['externalId', 'external_id'],
] as const;

export type DocumentField = (typeof DOCUMENT_FIELDS)[number][0];

/** What an exporter writes somewhere in its output; everything else is reported by reportUncarried. */
export interface Carries {
  fields?: readonly DocumentField[];
  /** The document's own metadata object (every key). */
  metadata?: boolean;
  status?: boolean;
  spanNotes?: boolean;
  spanAuthors?: boolean;
  spanAttributes?: boolean;
  spanTimestamps?: boolean;
  fragments?: boolean;
  relationNotes?: boolean;
}

/** Loss reasons shared by every format, so summaries count the same kind under the same name. */
export const LOST = {
  field: (name: string) => `document metadata field ${name}`,
  status: 'document status',
  spanNotes: 'span notes',
  spanAuthors: 'span authors',
  spanAttributes: 'span attributes',
  spanTimestamps: 'span timestamps',
  fragments: 'discontinuous span written as one continuous span',
  relationNotes: 'relation notes',
} as const;

const filled = (value: unknown): boolean => value !== undefined && value !== null && value !== '';

/** The document fields that have a value, as [field, file name, value]. */
export function documentFields(doc: ExportDocument): Array<[DocumentField, string, string]> {
  const out: Array<[DocumentField, string, string]> = [];
  for (const [field, name] of DOCUMENT_FIELDS) {
    const value = doc[field];
    if (typeof value === 'string' && value !== '') out.push([field, name, value]);
  }
  return out;
}

/**
 * Reports, one item per thing and kind, whatever of `doc` the format does not carry.
 * `written` narrows the spans/relations to those actually written: a span or relation left
 * out entirely is reported by the exporter itself, not again for each of its parts.
 * Status "new" is what an import assumes, so it is not counted as lost.
 */
export function reportUncarried(
  log: LossLog,
  doc: ExportDocument,
  ordinal: number,
  carries: Carries,
  written: { spans?: readonly SpanInput[]; relations?: readonly RelationInput[] } = {},
): void {
  const fields = new Set<string>(carries.fields ?? []);
  const onDocument = (reason: string) => log.add({ kind: 'document', documentId: doc.id, ordinal, reason });
  for (const [field, name] of documentFields(doc)) if (!fields.has(field)) onDocument(LOST.field(name));
  if (!carries.metadata && doc.metadata) for (const key of Object.keys(doc.metadata)) onDocument(LOST.field(key));
  if (!carries.status && doc.status !== undefined && doc.status !== 'new') onDocument(LOST.status);
  for (const span of written.spans ?? doc.spans) {
    const onSpan = (reason: string) => {
      const loss: ExportLoss = { kind: 'span', documentId: doc.id, ordinal, label: span.label, start: span.start, end: span.end, reason };
      if (span.key !== undefined) loss.key = span.key;
      log.add(loss);
    };
    if (!carries.spanNotes && filled(span.note)) onSpan(LOST.spanNotes);
    if (!carries.spanAuthors && filled(span.author)) onSpan(LOST.spanAuthors);
    if (!carries.spanAttributes && span.attributes && Object.keys(span.attributes).length > 0) onSpan(LOST.spanAttributes);
    if (!carries.spanTimestamps && (filled(span.createdAt) || filled(span.updatedAt))) onSpan(LOST.spanTimestamps);
    if (!carries.fragments && span.fragments && span.fragments.length > 1) log.span(doc, ordinal, span, LOST.fragments);
  }
  if (!carries.relationNotes) {
    for (const rel of written.relations ?? doc.relations) {
      if (!filled(rel.note)) continue;
      const loss: ExportLoss = { kind: 'relation', documentId: doc.id, ordinal, label: rel.type, reason: LOST.relationNotes };
      if (rel.key !== undefined) loss.key = rel.key;
      log.add(loss);
    }
  }
}

/**
 * Reads document fields stored under their file names (`source`, `published_at`…) from
 * `record` into `doc`. Returns the names it took; a value it cannot use (not a string, a
 * date it cannot read) is left for the caller to keep as metadata.
 */
export function readDocumentFields(record: Record<string, unknown>, doc: AnnotatedDocument, skip: readonly string[] = []): Set<string> {
  const taken = new Set<string>();
  for (const [field, name] of DOCUMENT_FIELDS) {
    if (skip.includes(name)) continue;
    const value = own(record, name);
    if (typeof value !== 'string' || value === '') continue;
    if (field === 'publishedAt') {
      const date = normalizeDate(value);
      if (!date.ok) continue;
      doc.publishedAt = date.value;
    } else doc[field] = value;
    taken.add(name);
  }
  return taken;
}

/** Keys for spans without one, stable within a document: their position. */
export function spanKeys(spans: readonly SpanInput[]): string[] {
  const used = new Set(spans.map((s) => s.key).filter((k): k is string => k !== undefined));
  let n = 0;
  return spans.map((s) => {
    if (s.key !== undefined) return s.key;
    while (used.has(`s${n}`)) n++;
    used.add(`s${n}`);
    return `s${n}`;
  });
}

/** Turns arbitrary JSON into Metadata, dropping what JSON cannot hold (functions, undefined). */
export function toMetadataValue(value: unknown, depth = 0): MetadataValue | undefined {
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return value;
  if (typeof value === 'number') return Number.isFinite(value) ? value : null;
  if (depth > 50) return null;
  if (Array.isArray(value)) return value.map((v) => toMetadataValue(v, depth + 1) ?? null);
  if (isRecord(value)) {
    const out: Record<string, MetadataValue> = {};
    for (const key of Object.keys(value)) {
      const v = toMetadataValue(value[key], depth + 1);
      if (v !== undefined) setOwn(out, key, v);
    }
    return out;
  }
  return undefined;
}

export function toMetadata(value: unknown): Metadata | undefined {
  const v = toMetadataValue(value);
  return isRecord(v) ? (v as Metadata) : undefined;
}

export function toAttributes(value: unknown): Record<string, SpanAttributeValue> | undefined {
  if (!isRecord(value)) return undefined;
  const out: Record<string, SpanAttributeValue> = {};
  for (const key of Object.keys(value)) {
    const v = value[key];
    if (typeof v === 'string' || typeof v === 'boolean' || (typeof v === 'number' && Number.isFinite(v))) setOwn(out, key, v);
  }
  return out;
}

export function optionalString(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

/** Ids may be numbers in files; numbers beyond 2^53 were already rounded by the parser, so say so. */
export function idString(value: unknown, warn?: (reason: string) => void): string | undefined {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' && Number.isFinite(value)) {
    if (!Number.isSafeInteger(value) && Number.isInteger(value)) warn?.(`id ${value} is beyond 2^53 and may have lost digits`);
    return String(value);
  }
  return undefined;
}

export function isDocumentStatus(value: unknown): value is (typeof DOCUMENT_STATUSES)[number] {
  return typeof value === 'string' && (DOCUMENT_STATUSES as readonly string[]).includes(value);
}

/**
 * What a folder export names a document's files after: the id it came with (a brat or WebAnno file's
 * name, a JSONL record's id; a W3C text's file name without its folder and .txt), so that a corpus
 * imported, annotated and exported again keeps its file names; its Spanbench id when it has none.
 */
export function documentFileId(doc: { id: string | number; externalId?: string | null }): string | number {
  const external = doc.externalId?.trim();
  if (!external) return doc.id;
  return /^(?:.*[\\/])?([^\\/]+)\.txt$/i.exec(external)?.[1] ?? external;
}

/** The externalId among the fields a folder export carries, when its files came out named after it unchanged. */
export function externalIdCarriedAs(doc: { externalId?: string | null }, cameBackAs: string): readonly DocumentField[] {
  return doc.externalId === cameBackAs ? ['externalId'] : [];
}

/**
 * A file name made from a document id: safe on Windows, macOS and Linux, unique within
 * the export. Keeps the id readable where possible.
 */
export class FileNamer {
  readonly #used = new Set<string>();

  name(id: string | number, ordinal: number): string {
    let base = String(id)
      .normalize('NFC')
      .replace(/[\u0000-\u001f\u007f<>:"/\\|?*]/g, '_')
      .replace(/^[. ]+|[. ]+$/g, '')
      .slice(0, 100);
    if (base === '' || /^(con|prn|aux|nul|com\d|lpt\d)$/i.test(base)) base = `doc-${base}`;
    let candidate = base;
    // Case-insensitive file systems would merge "A" and "a".
    if (this.#used.has(candidate.toLowerCase())) candidate = `${base}-${ordinal}`;
    let n = 1;
    while (this.#used.has(candidate.toLowerCase())) candidate = `${base}-${ordinal}-${n++}`;
    this.#used.add(candidate.toLowerCase());
    return candidate;
  }
}

/** Writes a span's optional fields only when present, so exported JSON stays small. */
export function copyOptionalSpanFields(from: SpanInput, to: SpanInput): void {
  if (from.key !== undefined) to.key = from.key;
  if (from.note !== undefined) to.note = from.note;
  if (from.author !== undefined) to.author = from.author;
  if (from.attributes !== undefined) to.attributes = from.attributes;
  if (from.fragments !== undefined) to.fragments = from.fragments;
  if (from.createdAt !== undefined) to.createdAt = from.createdAt;
  if (from.updatedAt !== undefined) to.updatedAt = from.updatedAt;
}

export type { FormatName };
