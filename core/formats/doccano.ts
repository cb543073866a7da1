/**
 * doccano JSONL (sequence labeling and relation extraction projects).
 *
 * Import reads both shapes doccano accepts: `label: [[start, end, "L"], …]` and
 * `entities: [{id, start_offset, end_offset, label}]` + `relations: [{from_id, to_id, type}]`.
 * Export writes the entities/relations shape. Offsets default to UTF-16 because
 * doccano's annotation UI counts JavaScript string positions (see fixtures/SOURCES.md).
 */
import type { AnnotatedDocument, RelationInput, SpanInput } from '../model';
import { OffsetIndex } from '../offsets';
import { parseJsonLine, parseJsonWithLines, JsonSyntaxError } from './json';
import {
  DOCUMENT_FIELDS,
  DocChecker,
  LossLog,
  documentFields,
  emptyResult,
  idString,
  isRecord,
  own,
  outOffset,
  problem,
  readDocumentFields,
  reportUncarried,
  runLineImporter,
  setOwn,
  spanKeys,
  stripCr,
  toMetadata,
} from './shared';
import type { ExportDocument, FormatExporter, ImportResult, LineImporter, OffsetOption, OffsetUnit } from './types';

export type DoccanoExportOptions = OffsetOption;

const CARRIED_FIELDS = DOCUMENT_FIELDS.map(([field]) => field);

export function createDoccanoExporter(options: DoccanoExportOptions = {}): FormatExporter {
  const unit: OffsetUnit = options.offsets ?? 'utf16';
  const log = new LossLog();
  return {
    format: 'doccano',
    begin: () => [],
    document(doc: ExportDocument, ordinal) {
      const index = new OffsetIndex(doc.text);
      const keys = spanKeys(doc.spans);
      const idOf = new Map<string, number>();
      const entities = doc.spans.map((s, i) => {
        idOf.set(keys[i]!, i);
        return { id: i, label: s.label, start_offset: outOffset(index, s.start, unit), end_offset: outOffset(index, s.end, unit) };
      });
      const relations: Array<{ id: number; from_id: number; to_id: number; type: string }> = [];
      for (const rel of doc.relations) {
        const from = idOf.get(rel.from);
        const to = idOf.get(rel.to);
        if (from === undefined || to === undefined) {
          log.relation(doc, ordinal, rel, 'relation end is not a span of the document');
          continue;
        }
        relations.push({ id: relations.length, from_id: from, to_id: to, type: rel.type });
      }
      // doccano keeps unknown columns as the example's meta and writes them back as columns
      // (data_import ColumnBuilder: meta=row; ExportedExample.to_dict: {**self.meta}), so
      // the document fields survive a trip through it.
      const record: Record<string, unknown> = { id: doc.id, text: doc.text, entities, relations };
      if (doc.title !== undefined && doc.title !== null) record.title = doc.title;
      for (const [field, name, value] of documentFields(doc)) if (field !== 'title') record[name] = value;
      if (doc.metadata !== undefined) record.meta = doc.metadata;
      reportUncarried(log, doc, ordinal, { fields: CARRIED_FIELDS, metadata: true }, { relations: doc.relations.filter((r) => idOf.has(r.from) && idOf.has(r.to)) });
      log.documents++;
      log.spans += entities.length;
      log.relations += relations.length;
      return [{ path: '', text: `${JSON.stringify(record)}\n` }];
    },
    end: () => ({ chunks: [], summary: log.summary() }),
  };
}

export type DoccanoImportOptions = OffsetOption;

export function createDoccanoLineImporter(fileName: string, options: DoccanoImportOptions = {}): LineImporter {
  const unit = options.offsets ?? 'utf16';
  let lineNo = 0;
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
      readDoccanoRecord(parsed.value, fileName, lineNo, docIndex++, unit, result);
      return result;
    },
    finish: emptyResult,
  };
}

/**
 * Whole-file import. Falls back to reading the file as one JSON value (an object or an
 * array of objects) when it is not line-delimited, as doccano's own pretty-printed examples are.
 */
export function importDoccano(fileName: string, text: string, options: DoccanoImportOptions = {}): ImportResult {
  const lineResult = runLineImporter(createDoccanoLineImporter(fileName, options), text);
  const brokenLines = lineResult.errors.filter((e) => e.reason.startsWith('not valid JSON'));
  if (brokenLines.length === 0) return lineResult;
  let located;
  try {
    located = parseJsonWithLines(text);
  } catch (e) {
    if (e instanceof JsonSyntaxError) return lineResult;
    throw e;
  }
  const result = emptyResult();
  const items = Array.isArray(located.value) ? located.value : [located.value];
  result.warnings.push(problem(fileName, 1, 'file is one JSON value, not JSON Lines; read it whole', 'warning'));
  const unit = options.offsets ?? 'utf16';
  items.forEach((item, i) => {
    readDoccanoRecord(item, fileName, (isRecord(item) && located.lineOf(item)) || 1, i, unit, result);
  });
  return result;
}

function readDoccanoRecord(value: unknown, file: string, line: number, index: number, unit: OffsetUnit, result: ImportResult): void {
  if (!isRecord(value)) {
    result.errors.push(problem(file, line, 'a record must be a JSON object', 'error', index));
    return;
  }
  // doccano itself skips records without text (upstream test_tasks.py); we report them.
  const text = own(value, 'text') ?? own(value, 'data');
  if (typeof text !== 'string') {
    result.errors.push(problem(file, line, 'record has no "text" string', 'error', index));
    return;
  }
  const check = new DocChecker(file, text, unit, index, typeof own(value, 'text') === 'string' ? 'text' : 'data');
  const doc: AnnotatedDocument = { text, spans: [], relations: [] };
  const sourceId = idString(own(value, 'id'), (r) => check.warn(line, r));
  if (sourceId !== undefined) doc.externalId = sourceId;
  const title = own(value, 'title');
  if (typeof title === 'string') doc.title = title;

  // source, published_at… columns (ours, or an article file's) are the document's fields.
  const fields = readDocumentFields(value, doc, ['title']);

  const metadata: Record<string, unknown> = {};
  const known = new Set(['id', 'text', 'data', 'title', 'label', 'labels', 'entities', 'relations', 'meta', 'Comments']);
  const meta = toMetadata(own(value, 'meta'));
  if (meta) for (const k of Object.keys(meta)) setOwn(metadata, k, meta[k]);
  for (const k of Object.keys(value)) if (!known.has(k) && !fields.has(k)) setOwn(metadata, k, value[k]);
  const md = toMetadata(metadata);
  if (md && Object.keys(md).length > 0) doc.metadata = md;

  const label = own(value, 'label') ?? own(value, 'labels');
  if (label !== undefined) {
    if (!Array.isArray(label)) check.error(line, '"label" must be an array of [start, end, label]');
    else {
      label.forEach((item, i) => {
        const name = `#${i}`;
        if (!Array.isArray(item) || item.length < 3 || typeof item[2] !== 'string') {
          // Text classification projects store plain strings here, not spans.
          check.error(line, `label ${name} is not [start, end, "label"]`, name);
          return;
        }
        const range = check.range(item[0], item[1], line, name);
        if (range) doc.spans.push({ label: item[2], start: range[0], end: range[1] });
      });
    }
  }
  const entities = own(value, 'entities');
  if (entities !== undefined) {
    if (!Array.isArray(entities)) check.error(line, '"entities" must be an array');
    else {
      entities.forEach((e, i) => {
        const key = isRecord(e) ? idString(own(e, 'id')) : undefined;
        const name = key ?? `#${i}`;
        const lbl = isRecord(e) ? own(e, 'label') : undefined;
        if (!isRecord(e) || typeof lbl !== 'string') {
          check.error(line, `entity ${name} needs a string "label"`, name);
          return;
        }
        const range = check.range(own(e, 'start_offset'), own(e, 'end_offset'), line, name);
        if (!range) return;
        const span: SpanInput = { label: lbl, start: range[0], end: range[1] };
        if (key !== undefined) span.key = key;
        doc.spans.push(span);
      });
    }
  }
  const relations = own(value, 'relations');
  if (relations !== undefined) {
    if (!Array.isArray(relations)) check.error(line, '"relations" must be an array');
    else {
      relations.forEach((r, i) => {
        const from = isRecord(r) ? idString(own(r, 'from_id')) : undefined;
        const to = isRecord(r) ? idString(own(r, 'to_id')) : undefined;
        const type = isRecord(r) ? own(r, 'type') : undefined;
        if (from === undefined || to === undefined || typeof type !== 'string') {
          check.error(line, `relation #${i} needs "from_id", "to_id" and a string "type"`);
          return;
        }
        const rel: RelationInput = { type, from, to };
        const key = isRecord(r) ? idString(own(r, 'id')) : undefined;
        if (key !== undefined) rel.key = key;
        doc.relations.push(rel);
      });
    }
  }
  check.finishRelations(doc, () => line);
  result.documents.push(check.imported(doc, line, sourceId));
}
