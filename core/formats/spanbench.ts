/**
 * Spanbench JSON Lines: our lossless interchange format.
 *
 *   {"format":"spanbench","version":1,"offsets":"codepoint"}
 *   {"id":1,"title":…,"text":…,"status":…,"metadata":{…},"spans":[…],"relations":[…]}
 *
 * The header states the offset unit so a file stays readable if the unit option was used.
 */
import { fragmentsProblem, type AnnotatedDocument, type RelationInput, type SpanInput } from '../model';
import { OffsetIndex } from '../offsets';
import { parseJsonLine } from './json';
import {
  DocChecker,
  LossLog,
  emptyResult,
  idString,
  isDocumentStatus,
  isRecord,
  optionalString,
  outOffset,
  own,
  problem,
  stripCr,
  toAttributes,
  toMetadata,
} from './shared';
import type { ExportDocument, FormatExporter, ImportResult, LineImporter, OffsetOption, OffsetUnit } from './types';

export const SPANBENCH_VERSION = 1;

export type SpanbenchExportOptions = OffsetOption;

export function createSpanbenchExporter(options: SpanbenchExportOptions = {}): FormatExporter {
  const unit: OffsetUnit = options.offsets ?? 'codepoint';
  const log = new LossLog();
  return {
    format: 'spanbench',
    begin: () => [{ path: '', text: `${JSON.stringify({ format: 'spanbench', version: SPANBENCH_VERSION, offsets: unit })}\n` }],
    document(doc: ExportDocument) {
      const index = new OffsetIndex(doc.text);
      const record: Record<string, unknown> = { id: doc.id };
      for (const field of ['externalId', 'title', 'source', 'url', 'publishedAt', 'language', 'status', 'metadata'] as const) {
        if (doc[field] !== undefined) record[field] = doc[field];
      }
      record.text = doc.text;
      record.spans = doc.spans.map((s) => {
        const out: Record<string, unknown> = {};
        if (s.key !== undefined) out.key = s.key;
        out.label = s.label;
        out.start = outOffset(index, s.start, unit);
        out.end = outOffset(index, s.end, unit);
        out.text = index.length >= s.end ? doc.text.slice(index.toUtf16(s.start), index.toUtf16(s.end)) : undefined;
        if (s.note !== undefined) out.note = s.note;
        if (s.author !== undefined) out.author = s.author;
        if (s.attributes !== undefined) out.attributes = s.attributes;
        if (s.fragments !== undefined) out.fragments = s.fragments.map(([a, b]) => [outOffset(index, a, unit), outOffset(index, b, unit)]);
        if (s.createdAt !== undefined) out.createdAt = s.createdAt;
        if (s.updatedAt !== undefined) out.updatedAt = s.updatedAt;
        return out;
      });
      record.relations = doc.relations;
      log.documents++;
      log.spans += doc.spans.length;
      log.relations += doc.relations.length;
      return [{ path: '', text: `${JSON.stringify(record)}\n` }];
    },
    end: () => ({ chunks: [], summary: log.summary() }),
  };
}

export interface SpanbenchImportOptions {
  /** Used only when the header is missing; a header's unit always wins. */
  offsets?: OffsetUnit;
}

export function createSpanbenchLineImporter(fileName: string, options: SpanbenchImportOptions = {}): LineImporter {
  let lineNo = 0;
  let unit: OffsetUnit | null = null;
  let docIndex = 0;
  return {
    push(rawLine) {
      lineNo++;
      const result = emptyResult();
      const line = stripCr(lineNo === 1 ? rawLine.replace(/^\uFEFF/, '') : rawLine);
      if (line.trim() === '') return result;
      const parsed = parseJsonLine(line);
      if (!parsed.ok) {
        result.errors.push(problem(fileName, lineNo, `not valid JSON: ${parsed.message}`, 'error'));
        return result;
      }
      if (unit === null) {
        const v = parsed.value;
        if (isRecord(v) && own(v, 'format') === 'spanbench') {
          const version = own(v, 'version');
          const offsets = own(v, 'offsets');
          if (version !== SPANBENCH_VERSION) {
            result.errors.push(problem(fileName, lineNo, `unsupported spanbench version ${String(version)} (this build reads ${SPANBENCH_VERSION})`, 'error'));
          }
          if (offsets !== 'codepoint' && offsets !== 'utf16') {
            result.errors.push(problem(fileName, lineNo, `header names unknown offsets ${JSON.stringify(offsets)}`, 'error'));
            unit = 'codepoint';
          } else unit = offsets;
          return result;
        }
        result.errors.push(problem(fileName, lineNo, 'missing header line {"format":"spanbench",…}', 'error'));
        unit = options.offsets ?? 'codepoint';
      }
      readRecord(parsed.value, fileName, lineNo, docIndex++, unit, result);
      return result;
    },
    finish() {
      const result = emptyResult();
      if (unit === null) result.errors.push(problem(fileName, undefined, 'empty file: no spanbench header', 'error'));
      return result;
    },
  };
}

function readRecord(value: unknown, file: string, line: number, index: number, unit: OffsetUnit, result: ImportResult): void {
  if (!isRecord(value)) {
    result.errors.push(problem(file, line, 'a document line must be a JSON object', 'error', index));
    return;
  }
  const text = own(value, 'text');
  if (typeof text !== 'string') {
    result.errors.push(problem(file, line, 'document has no "text" string', 'error', index));
    return;
  }
  const check = new DocChecker(file, text, unit, index);
  const doc: AnnotatedDocument = { text, spans: [], relations: [] };
  const sourceId = idString(own(value, 'id'), (r) => check.warn(line, r));
  for (const field of ['externalId', 'title', 'source', 'url', 'publishedAt', 'language'] as const) {
    const v = own(value, field);
    if (typeof v === 'string' || v === null) doc[field] = v;
  }
  const status = own(value, 'status');
  if (isDocumentStatus(status)) doc.status = status;
  else if (status !== undefined) check.warn(line, `unknown status ${JSON.stringify(status)} ignored`);
  const metadata = toMetadata(own(value, 'metadata'));
  if (metadata) doc.metadata = metadata;

  const spans = own(value, 'spans');
  if (spans !== undefined && !Array.isArray(spans)) check.error(line, '"spans" must be an array');
  for (const [i, raw] of (Array.isArray(spans) ? spans : []).entries()) {
    const span = readSpan(raw, i, check, line);
    if (span) doc.spans.push(span);
  }
  const relations = own(value, 'relations');
  if (relations !== undefined && !Array.isArray(relations)) check.error(line, '"relations" must be an array');
  for (const [i, raw] of (Array.isArray(relations) ? relations : []).entries()) {
    const from = isRecord(raw) ? own(raw, 'from') : undefined;
    const to = isRecord(raw) ? own(raw, 'to') : undefined;
    const type = isRecord(raw) ? own(raw, 'type') : undefined;
    if (!isRecord(raw) || typeof from !== 'string' || typeof to !== 'string' || typeof type !== 'string') {
      check.error(line, `relation #${i} needs string "type", "from" and "to"`);
      continue;
    }
    const rel: RelationInput = { type, from, to };
    const key = optionalString(own(raw, 'key'));
    if (key !== undefined) rel.key = key;
    const note = own(raw, 'note');
    if (typeof note === 'string' || note === null) rel.note = note;
    doc.relations.push(rel);
  }
  check.finishRelations(doc, () => line);
  result.documents.push(check.imported(doc, line, sourceId));
}

function readSpan(raw: unknown, i: number, check: DocChecker, line: number): SpanInput | null {
  if (!isRecord(raw)) {
    check.error(line, `span #${i} is not an object`, `#${i}`);
    return null;
  }
  const key = optionalString(own(raw, 'key'));
  const name = key ?? `#${i}`;
  const label = own(raw, 'label');
  if (typeof label !== 'string') {
    check.error(line, `span ${name}: "label" must be a string`, name);
    return null;
  }
  const range = check.range(own(raw, 'start'), own(raw, 'end'), line, name);
  if (!range) return null;
  const span: SpanInput = { label, start: range[0], end: range[1] };
  if (key !== undefined) span.key = key;
  if (!check.checkText(own(raw, 'text'), span.start, span.end, line, name)) return null;
  const note = own(raw, 'note');
  if (typeof note === 'string' || note === null) span.note = note;
  const author = own(raw, 'author');
  if (typeof author === 'string' || author === null) span.author = author;
  const attributes = toAttributes(own(raw, 'attributes'));
  if (attributes) span.attributes = attributes;
  const fragments = own(raw, 'fragments');
  if (Array.isArray(fragments)) {
    const list: Array<[number, number]> = [];
    for (const [f, frag] of fragments.entries()) {
      const r = Array.isArray(frag) ? check.range(frag[0], frag[1], line, `${name} fragment ${f}`) : null;
      if (!r) {
        if (!Array.isArray(frag)) check.error(line, `span ${name}: fragment ${f} must be [start, end]`, name);
        return null;
      }
      list.push(r);
    }
    const broken = fragmentsProblem(list, span.start, span.end);
    if (broken) {
      check.error(line, `span ${name}: ${broken}`, name);
      return null;
    }
    span.fragments = list;
  }
  for (const field of ['createdAt', 'updatedAt'] as const) {
    const v = own(raw, field);
    if (typeof v === 'string') span[field] = v;
  }
  return span;
}
