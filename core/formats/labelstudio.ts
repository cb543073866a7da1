/**
 * Label Studio JSON tasks: `[{"data": {"text": …}, "annotations": [{"result": [...]}]}]`.
 * Span regions are `type: "labels"` items with value {start, end, text, labels[]}; relations
 * are `type: "relation"` items with from_id/to_id. Offsets are code points since
 * label-studio PR #1559 ("Store code points instead of js length").
 */
import type { AnnotatedDocument, RelationInput, SpanInput } from '../model';
import { OffsetIndex } from '../offsets';
import { JsonSyntaxError, parseJsonWithLines } from './json';
import {
  DocChecker,
  LossLog,
  documentFields,
  emptyResult,
  idString,
  isRecord,
  outOffset,
  own,
  problem,
  readDocumentFields,
  reportUncarried,
  setOwn,
  spanKeys,
  toMetadata,
} from './shared';
import type { DocumentField } from './shared';
import type { ExportDocument, FormatExporter, ImportResult, OffsetOption, OffsetUnit } from './types';

export interface LabelStudioOptions extends OffsetOption {
  /** Key of the text in `data` (the `$text` in `<Text value="$text">`); default 'text'. */
  textField?: string;
  /** `from_name` of the <Labels> control; default 'label'. */
  fromName?: string;
  /** `to_name`, i.e. the name of the <Text> object tag; default 'text'. */
  toName?: string;
}

export interface LabelStudioImportOptions extends LabelStudioOptions {
  /** Also import `predictions[].result` (model output); default false, reported as a warning. */
  includePredictions?: boolean;
}

export function createLabelStudioExporter(options: LabelStudioOptions = {}): FormatExporter {
  const unit: OffsetUnit = options.offsets ?? 'codepoint';
  const textField = options.textField ?? 'text';
  const fromName = options.fromName ?? 'label';
  const toName = options.toName ?? 'text';
  const log = new LossLog();
  let first = true;
  return {
    format: 'labelstudio',
    begin: () => [{ path: '', text: '[' }],
    document(doc: ExportDocument, ordinal) {
      const index = new OffsetIndex(doc.text);
      const keys = spanKeys(doc.spans);
      const known = new Set(keys);
      const result: Array<Record<string, unknown>> = doc.spans.map((span, i) => {
        const item: Record<string, unknown> = {
          id: keys[i],
          from_name: fromName,
          to_name: toName,
          type: 'labels',
          origin: 'manual',
          value: {
            start: outOffset(index, span.start, unit),
            end: outOffset(index, span.end, unit),
            text: doc.text.slice(index.toUtf16(span.start), index.toUtf16(span.end)),
            labels: [span.label],
          },
        };
        // Label Studio keeps per-region notes ("meta text") here.
        if (span.note !== undefined && span.note !== null && span.note !== '') item.meta = { text: [span.note] };
        return item;
      });
      const written: RelationInput[] = [];
      for (const rel of doc.relations) {
        if (!known.has(rel.from) || !known.has(rel.to)) {
          log.relation(doc, ordinal, rel, 'relation end is not a span of the document');
          continue;
        }
        result.push({ from_id: rel.from, to_id: rel.to, type: 'relation', direction: 'right', labels: [rel.type] });
        written.push(rel);
      }
      // Task data may hold any keys besides the one the <Text> tag shows; Label Studio keeps
      // them with the task and exports them unchanged, so the document fields go there.
      const data: Record<string, unknown> = {};
      setOwn(data, textField, doc.text);
      const fields: DocumentField[] = [];
      if (doc.title !== undefined && doc.title !== null && textField !== 'title') {
        data.title = doc.title;
        fields.push('title');
      }
      for (const [field, name, value] of documentFields(doc)) {
        if (field === 'title' || name === textField) continue;
        setOwn(data, name, value);
        fields.push(field);
      }
      const task: Record<string, unknown> = { id: doc.id, data, annotations: [{ result }] };
      if (doc.metadata) task.meta = doc.metadata;
      reportUncarried(log, doc, ordinal, { fields, metadata: true, spanNotes: true }, { relations: written });
      log.documents++;
      log.spans += doc.spans.length;
      log.relations += written.length;
      const text = `${first ? '\n' : ',\n'}${JSON.stringify(task)}`;
      first = false;
      return [{ path: '', text }];
    },
    end: () => ({ chunks: [{ path: '', text: first ? ']\n' : '\n]\n' }], summary: log.summary() }),
  };
}

/** Imports a Label Studio export: an array of tasks, or one task object. */
export function importLabelStudio(fileName: string, text: string, options: LabelStudioImportOptions = {}): ImportResult {
  const result = emptyResult();
  let located;
  try {
    located = parseJsonWithLines(text);
  } catch (e) {
    if (e instanceof JsonSyntaxError) {
      result.errors.push(problem(fileName, e.line, `not valid JSON: ${e.message}`, 'error'));
      return result;
    }
    throw e;
  }
  const tasks = Array.isArray(located.value) ? located.value : [located.value];
  const lineOf = (node: unknown, fallback: number) => (typeof node === 'object' && node !== null ? located.lineOf(node) : undefined) ?? fallback;
  tasks.forEach((task, i) => readTask(task, i, fileName, lineOf, options, result));
  return result;
}

function readTask(
  task: unknown,
  index: number,
  file: string,
  lineOf: (node: unknown, fallback: number) => number,
  options: LabelStudioImportOptions,
  result: ImportResult,
): void {
  const taskLine = lineOf(task, 1);
  const data = isRecord(task) ? own(task, 'data') : undefined;
  const textField = options.textField ?? 'text';
  const text = isRecord(data) ? own(data, textField) : undefined;
  if (!isRecord(task) || typeof text !== 'string') {
    result.errors.push(problem(file, taskLine, `task has no data.${textField} string`, 'error', index));
    return;
  }
  const check = new DocChecker(file, text, options.offsets ?? 'codepoint', index, `data.${textField}`);
  const doc: AnnotatedDocument = { text, spans: [], relations: [] };
  const sourceId = idString(own(task, 'id'), (r) => check.warn(taskLine, r));
  if (sourceId !== undefined) doc.externalId = sourceId;
  if (isRecord(data)) {
    const title = own(data, 'title');
    if (typeof title === 'string') doc.title = title;
    readDocumentFields(data, doc, ['title', textField]);
  }
  const meta = toMetadata(own(task, 'meta'));
  if (meta && Object.keys(meta).length > 0) doc.metadata = meta;

  const sets: Array<{ item: Record<string, unknown>; kind: string }> = [];
  const annotations = own(task, 'annotations');
  for (const a of Array.isArray(annotations) ? annotations : []) {
    if (isRecord(a) && own(a, 'was_cancelled') === true) {
      check.warn(lineOf(a, taskLine), 'cancelled annotation skipped');
      continue;
    }
    if (isRecord(a)) sets.push({ item: a, kind: 'annotation' });
  }
  const predictions = own(task, 'predictions');
  if (Array.isArray(predictions) && predictions.length > 0) {
    if (options.includePredictions) {
      for (const p of predictions) if (isRecord(p)) sets.push({ item: p, kind: 'prediction' });
    } else {
      check.warn(taskLine, `${predictions.length} prediction(s) not imported (model output; spanbench import --include-predictions brings them in)`);
    }
  }
  let counter = 0;
  sets.forEach(({ item, kind }, setIndex) => {
    const author = idString(own(item, 'completed_by'));
    const created = own(item, 'created_at');
    const updated = own(item, 'updated_at');
    const results = own(item, 'result');
    // Region ids are only unique within one annotation, so qualify them when there are several.
    const qualify = (id: string) => (sets.length > 1 ? `${setIndex}:${id}` : id);
    const relations: Array<{ raw: Record<string, unknown>; line: number }> = [];
    for (const r of Array.isArray(results) ? results : []) {
      if (!isRecord(r)) continue;
      const line = lineOf(r, taskLine);
      const type = own(r, 'type');
      if (type === 'relation') {
        relations.push({ raw: r, line });
        continue;
      }
      if (type !== 'labels') {
        check.warn(line, `result of type ${JSON.stringify(type)} not imported (only "labels" regions and relations)`);
        continue;
      }
      const id = idString(own(r, 'id')) ?? `r${counter++}`;
      const name = id;
      const value = own(r, 'value');
      if (!isRecord(value)) {
        check.error(line, `region ${name} has no value`, name);
        continue;
      }
      const labels = own(value, 'labels');
      if (!Array.isArray(labels) || labels.length === 0 || labels.some((l) => typeof l !== 'string')) {
        check.error(line, `region ${name}: value.labels must be a non-empty list of strings`, name);
        continue;
      }
      const range = check.range(own(value, 'start'), own(value, 'end'), line, name);
      if (!range || !check.checkText(own(value, 'text'), range[0], range[1], line, name)) continue;
      const metaText = own(r, 'meta');
      const noteList = isRecord(metaText) ? own(metaText, 'text') : undefined;
      labels.forEach((label, li) => {
        const span: SpanInput = { key: qualify(labels.length > 1 && li > 0 ? `${id}#${li}` : id), label: label as string, start: range[0], end: range[1] };
        if (Array.isArray(noteList) && noteList.every((n) => typeof n === 'string') && noteList.length > 0) span.note = noteList.join('\n');
        if (author !== undefined) span.author = author;
        if (typeof created === 'string') span.createdAt = created;
        if (typeof updated === 'string') span.updatedAt = updated;
        if (kind === 'prediction') span.attributes = { prediction: true };
        doc.spans.push(span);
      });
    }
    for (const { raw, line } of relations) {
      const from = idString(own(raw, 'from_id'));
      const to = idString(own(raw, 'to_id'));
      const labels = own(raw, 'labels');
      if (from === undefined || to === undefined) {
        check.error(line, 'relation needs from_id and to_id');
        continue;
      }
      const types = Array.isArray(labels) && labels.length > 0 ? labels.filter((l): l is string => typeof l === 'string') : [''];
      for (const type of types) {
        const rel: RelationInput = { type, from: qualify(from), to: qualify(to) };
        if (own(raw, 'direction') === 'left') [rel.from, rel.to] = [rel.to, rel.from];
        doc.relations.push(rel);
      }
    }
  });
  check.finishRelations(doc, () => taskLine);
  result.documents.push(check.imported(doc, taskLine, sourceId));
}

/**
 * The labeling interface a Label Studio project needs for these tasks: a <Labels> control named
 * `fromName` over the <Text> named `toName`, with every label (in the order given, with its colour),
 * and the relation types. Label Studio checks imported annotations against its project's interface,
 * and the templates it offers name other labels; pasted into Settings › Labeling Interface › Code,
 * this one knows every label and relation an export holds.
 */
export function labelStudioLabelingConfig(
  labels: ReadonlyArray<{ name: string; color?: string | null }>,
  relationTypes: readonly string[],
  options: Pick<LabelStudioOptions, 'textField' | 'fromName' | 'toName'> = {},
): string {
  const fromName = options.fromName ?? 'label';
  const toName = options.toName ?? 'text';
  const textField = options.textField ?? 'text';
  const lines = ['<View>', `  <Labels name="${xmlAttribute(fromName)}" toName="${xmlAttribute(toName)}">`];
  for (const label of labels) {
    const background = label.color ? ` background="${xmlAttribute(label.color)}"` : '';
    lines.push(`    <Label value="${xmlAttribute(label.name)}"${background}/>`);
  }
  lines.push('  </Labels>', `  <Text name="${xmlAttribute(toName)}" value="$${xmlAttribute(textField)}"/>`);
  if (relationTypes.length > 0) {
    lines.push('  <Relations>', ...relationTypes.map((type) => `    <Relation value="${xmlAttribute(type)}"/>`), '  </Relations>');
  }
  lines.push('</View>', '');
  return lines.join('\n');
}

function xmlAttribute(value: string): string {
  return value.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&apos;');
}
