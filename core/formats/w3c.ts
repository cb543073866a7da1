/**
 * W3C Web Annotation (JSON-LD). https://www.w3.org/TR/annotation-model/
 *
 * Annotations do not carry the document text, so export writes a folder: `annotations.jsonld`
 * (a JSON array of annotations) and `texts/<id>.txt`, and each target's `source` is the
 * relative path of its text file. Import asks the caller for the text of each source.
 * Offsets are code points as the model requires ("in terms of unicode code points",
 * w3c/web-annotation#206); Recogito writes UTF-16, hence the `offsets` option.
 */
import type { AnnotatedDocument, RelationInput, SpanInput } from '../model';
import { OffsetIndex, codePointLength } from '../offsets';
import { JsonSyntaxError, parseJsonLine, parseJsonWithLines } from './json';
import { DocChecker, FileNamer, LossLog, documentFileId, externalIdCarriedAs, emptyResult, isRecord, outOffset, own, problem, reportUncarried, spanKeys, splitLines, stripCr } from './shared';
import type { ExportDocument, FormatExporter, ImportResult, OffsetOption, OffsetUnit } from './types';

export const W3C_ANNOTATIONS_PATH = 'annotations.jsonld';
const CONTEXT = 'http://www.w3.org/ns/anno.jsonld';
const CONTEXT_CHARS = 32;

export interface W3cExportOptions extends OffsetOption {
  /** Folder for the text files inside the export; default 'texts'. */
  textFolder?: string;
}

export function annotationId(docId: string | number, kind: 'span' | 'relation', key: string): string {
  return `urn:spanbench:doc:${encodeURIComponent(String(docId))}:${kind}:${encodeURIComponent(key)}`;
}

export function createW3cExporter(options: W3cExportOptions = {}): FormatExporter {
  const unit: OffsetUnit = options.offsets ?? 'codepoint';
  const folder = options.textFolder ?? 'texts';
  const names = new FileNamer();
  const log = new LossLog();
  let first = true;
  const emit = (annotation: unknown): string => {
    const text = `${first ? '\n' : ',\n'}${JSON.stringify(annotation)}`;
    first = false;
    return text;
  };
  return {
    format: 'w3c',
    begin: () => [{ path: W3C_ANNOTATIONS_PATH, text: '[' }],
    document(doc: ExportDocument, ordinal) {
      const index = new OffsetIndex(doc.text);
      const source = `${folder}/${names.name(documentFileId(doc), ordinal)}.txt`;
      const keys = spanKeys(doc.spans);
      const known = new Set(keys);
      let out = '';
      const selectorFor = (start: number, end: number) => {
        const s16 = index.toUtf16(start);
        const e16 = index.toUtf16(end);
        const before = doc.text.slice(index.toUtf16(Math.max(0, start - CONTEXT_CHARS)), s16);
        const after = doc.text.slice(e16, index.toUtf16(Math.min(index.length, end + CONTEXT_CHARS)));
        return {
          source,
          selector: [
            { type: 'TextQuoteSelector', exact: doc.text.slice(s16, e16), prefix: before, suffix: after },
            { type: 'TextPositionSelector', start: outOffset(index, start, unit), end: outOffset(index, end, unit) },
          ],
        };
      };
      doc.spans.forEach((span, i) => {
        const body: Array<Record<string, unknown>> = [{ type: 'TextualBody', purpose: 'tagging', value: span.label }];
        if (span.note !== undefined && span.note !== null && span.note !== '') body.push({ type: 'TextualBody', purpose: 'commenting', value: span.note });
        const fragments = span.fragments && span.fragments.length > 1 ? span.fragments : null;
        const annotation: Record<string, unknown> = {
          '@context': CONTEXT,
          id: annotationId(doc.id, 'span', keys[i]!),
          type: 'Annotation',
          motivation: 'tagging',
        };
        if (span.author) annotation.creator = { type: 'Person', name: span.author };
        if (span.createdAt) annotation.created = span.createdAt;
        if (span.updatedAt) annotation.modified = span.updatedAt;
        annotation.body = body;
        annotation.target = fragments ? fragments.map(([s, e]) => selectorFor(s, e)) : selectorFor(span.start, span.end);
        out += emit(annotation);
      });
      const written: RelationInput[] = [];
      for (const [i, rel] of doc.relations.entries()) {
        if (!known.has(rel.from) || !known.has(rel.to)) {
          log.relation(doc, ordinal, rel, 'relation end is not a span of the document');
          continue;
        }
        written.push(rel);
        const body: Array<Record<string, unknown>> = [{ type: 'TextualBody', purpose: 'tagging', value: rel.type }];
        if (rel.note) body.push({ type: 'TextualBody', purpose: 'commenting', value: rel.note });
        out += emit({
          '@context': CONTEXT,
          id: annotationId(doc.id, 'relation', rel.key ?? `r${i}`),
          type: 'Annotation',
          motivation: 'linking',
          body,
          target: [{ id: annotationId(doc.id, 'span', rel.from) }, { id: annotationId(doc.id, 'span', rel.to) }],
        });
      }
      reportUncarried(log, doc, ordinal, { fields: externalIdCarriedAs(doc, source), spanNotes: true, spanAuthors: true, spanTimestamps: true, fragments: true, relationNotes: true }, { relations: written });
      log.documents++;
      log.spans += doc.spans.length;
      log.relations += written.length;
      return [
        { path: source, text: doc.text },
        { path: W3C_ANNOTATIONS_PATH, text: out },
      ];
    },
    end: () => ({ chunks: [{ path: W3C_ANNOTATIONS_PATH, text: first ? ']\n' : '\n]\n' }], summary: log.summary() }),
  };
}

export interface W3cImportOptions extends OffsetOption {
  /**
   * The text a target `source` refers to (for our exports, the path of the text file
   * relative to the annotation file). Return undefined when unknown.
   */
  resolveText: (source: string) => string | undefined;
  /** Source used for targets without one (INCEpTION writes none); default ''. */
  defaultSource?: string;
  /** Label for annotations without a tagging body; default 'annotation'. */
  defaultLabel?: string;
  /**
   * Sources of every text that belongs with the annotations (for our exports, the files in
   * texts/), in document order. An annotation only names the text it targets, so a text
   * nothing targets would be lost: each becomes a document without spans, and documents
   * come in this order (sources not listed follow, in the order annotations name them).
   */
  texts?: readonly string[];
}

interface Located {
  value: unknown;
  line: number;
}

/** Imports annotations: a JSON array, one annotation, a collection/page with items, or JSON Lines. */
export function importW3c(fileName: string, text: string, options: W3cImportOptions): ImportResult {
  const result = emptyResult();
  const items: Located[] = [];
  try {
    const located = parseJsonWithLines(text);
    const collect = (value: unknown) => {
      if (Array.isArray(value)) {
        for (const v of value) collect(v);
        return;
      }
      if (!isRecord(value)) return;
      const type = own(value, 'type');
      if (type === 'AnnotationCollection' || type === 'AnnotationPage') {
        collect(own(value, 'first'));
        collect(own(value, 'items'));
        return;
      }
      items.push({ value, line: located.lineOf(value) ?? 1 });
    };
    collect(located.value);
  } catch (e) {
    if (!(e instanceof JsonSyntaxError)) throw e;
    splitLines(text).forEach((raw, i) => {
      const line = stripCr(raw);
      if (line.trim() === '') return;
      const parsed = parseJsonLine(line);
      if (parsed.ok) items.push({ value: parsed.value, line: i + 1 });
      else result.errors.push(problem(fileName, i + 1, `not valid JSON: ${parsed.message}`, 'error'));
    });
  }
  const unit = options.offsets ?? 'codepoint';
  const docs = new Map<string, { check: DocChecker | null; doc: AnnotatedDocument; line: number }>();
  const spanDoc = new Map<string, string>();
  const links: Array<{ item: Record<string, unknown>; line: number }> = [];

  for (const { value, line } of items) {
    if (!isRecord(value)) {
      result.errors.push(problem(fileName, line, 'an annotation must be a JSON object', 'error'));
      continue;
    }
    const targets = asList(own(value, 'target'));
    const id = typeof own(value, 'id') === 'string' ? (own(value, 'id') as string) : `#${line}`;
    if (own(value, 'motivation') === 'linking' || (targets.length > 0 && targets.every((t) => isRecord(t) && own(t, 'selector') === undefined && typeof own(t, 'id') === 'string'))) {
      links.push({ item: value, line });
      continue;
    }
    const source = sourceOf(targets[0]) ?? options.defaultSource ?? '';
    let entry = docs.get(source);
    if (!entry) {
      const docText = options.resolveText(source);
      entry = {
        check: docText === undefined ? null : new DocChecker(fileName, docText, unit, docs.size, source),
        doc: { text: docText ?? '', spans: [], relations: [] },
        line,
      };
      entry.doc.externalId = source;
      docs.set(source, entry);
      if (docText === undefined) result.errors.push(problem(fileName, line, `no text for source ${JSON.stringify(source)}`, 'error', docs.size - 1));
    }
    if (!entry.check) continue;
    const check = entry.check;
    const fragments: Array<[number, number]> = [];
    let ok = targets.length > 0;
    if (!ok) check.error(line, `annotation ${id} has no target`, id);
    for (const target of targets) {
      if (sourceOf(target) !== undefined && (sourceOf(target) ?? '') !== source) {
        check.error(line, `annotation ${id} targets several documents`, id);
        ok = false;
        break;
      }
      const range = anchor(target, check, line, id);
      if (!range) {
        ok = false;
        break;
      }
      fragments.push(range);
    }
    if (!ok) continue;
    fragments.sort((a, b) => a[0] - b[0]);
    const bodies = asList(own(value, 'body')).filter(isRecord);
    const tags = bodies.filter((b) => own(b, 'purpose') === 'tagging' && typeof own(b, 'value') === 'string').map((b) => own(b, 'value') as string);
    const notes = bodies
      .filter((b) => (own(b, 'purpose') === undefined || own(b, 'purpose') === 'commenting') && typeof own(b, 'value') === 'string')
      .map((b) => own(b, 'value') as string);
    const labels = tags.length > 0 ? tags : [options.defaultLabel ?? 'annotation'];
    labels.forEach((label, li) => {
      const key = li === 0 ? id : `${id}#${li}`;
      const span: SpanInput = { key, label, start: fragments[0]![0], end: fragments[fragments.length - 1]![1] };
      if (fragments.length > 1) span.fragments = fragments.map((f) => [f[0], f[1]]);
      if (notes.length > 0) span.note = notes.join('\n');
      const author = creatorName(own(value, 'creator'));
      if (author !== undefined) span.author = author;
      const created = own(value, 'created');
      const modified = own(value, 'modified');
      if (typeof created === 'string') span.createdAt = created;
      if (typeof modified === 'string') span.updatedAt = modified;
      entry.doc.spans.push(span);
      spanDoc.set(key, source);
    });
  }
  for (const { item, line } of links) {
    const targets = asList(own(item, 'target')).map((t) => (typeof t === 'string' ? t : isRecord(t) ? own(t, 'id') : undefined));
    const tag = asList(own(item, 'body')).find((b) => isRecord(b) && own(b, 'purpose') === 'tagging');
    const type = isRecord(tag) && typeof own(tag, 'value') === 'string' ? (own(tag, 'value') as string) : 'linked';
    const [from, to] = targets;
    const source = typeof from === 'string' ? spanDoc.get(from) : undefined;
    const entry = source !== undefined ? docs.get(source) : undefined;
    if (targets.length !== 2 || typeof from !== 'string' || typeof to !== 'string' || !entry?.check || spanDoc.get(to) !== source) {
      result.errors.push(problem(fileName, line, 'linking annotation must target two annotations of the same document', 'error'));
      continue;
    }
    const rel: RelationInput = { type, from, to };
    if (typeof own(item, 'id') === 'string') rel.key = own(item, 'id') as string;
    const note = asList(own(item, 'body')).find((b) => isRecord(b) && own(b, 'purpose') === 'commenting');
    if (isRecord(note) && typeof own(note, 'value') === 'string') rel.note = own(note, 'value') as string;
    entry.doc.relations.push(rel);
  }
  const annotated = [...docs.entries()];
  const ordered: typeof annotated = [];
  const listed = new Set<string>();
  if (options.texts) {
    for (const source of options.texts) {
      if (listed.has(source)) continue;
      listed.add(source);
      let entry = docs.get(source);
      if (!entry) {
        const docText = options.resolveText(source);
        if (docText === undefined) {
          result.errors.push(problem(fileName, undefined, `no text for source ${JSON.stringify(source)}`, 'error', docs.size));
          continue;
        }
        entry = { check: new DocChecker(fileName, docText, unit, docs.size, source), doc: { text: docText, spans: [], relations: [], externalId: source }, line: 1 };
        docs.set(source, entry);
      }
      ordered.push([source, entry]);
    }
  }
  for (const pair of annotated) if (!listed.has(pair[0])) ordered.push(pair);
  for (const [, entry] of ordered) {
    if (!entry.check) continue;
    entry.check.finishRelations(entry.doc, () => entry.line);
    result.documents.push(entry.check.imported(entry.doc, entry.line, entry.doc.externalId ?? undefined));
  }
  return result;
}

function asList(value: unknown): unknown[] {
  return value === undefined || value === null ? [] : Array.isArray(value) ? value : [value];
}

function sourceOf(target: unknown): string | undefined {
  if (typeof target === 'string') return target;
  if (!isRecord(target)) return undefined;
  const source = own(target, 'source');
  if (typeof source === 'string') return source;
  if (isRecord(source) && typeof own(source, 'id') === 'string') return own(source, 'id') as string;
  return undefined;
}

function creatorName(creator: unknown): string | undefined {
  if (typeof creator === 'string') return creator;
  if (Array.isArray(creator)) return creatorName(creator[0]);
  if (!isRecord(creator)) return undefined;
  for (const k of ['name', 'nickname', 'id']) if (typeof own(creator, k) === 'string') return own(creator, k) as string;
  return undefined;
}

/**
 * Finds the code point range a target selects. The position selector is tried first; when
 * its text differs from the quote, the quote wins (it is what the annotator saw) and is
 * searched for nearest the given position, prefix and suffix breaking ties.
 */
function anchor(target: unknown, check: DocChecker, line: number, id: string): [number, number] | null {
  const selectors = isRecord(target) ? asList(own(target, 'selector')).filter(isRecord) : [];
  const position = selectors.find((s) => own(s, 'type') === 'TextPositionSelector');
  const quote = selectors.find((s) => own(s, 'type') === 'TextQuoteSelector');
  const exact = quote ? own(quote, 'exact') : undefined;
  let range: [number, number] | null = null;
  if (position) {
    range = check.range(own(position, 'start'), own(position, 'end'), line, id);
    if (!range) return null;
    if (typeof exact !== 'string' || check.slice(range[0], range[1]) === exact) return range;
  }
  if (typeof exact !== 'string' || exact === '') {
    check.error(line, `annotation ${id} has neither a usable TextPositionSelector nor a TextQuoteSelector`, id);
    return null;
  }
  const prefix = quote ? own(quote, 'prefix') : undefined;
  const suffix = quote ? own(quote, 'suffix') : undefined;
  const found = findQuote(check, exact, typeof prefix === 'string' ? prefix : '', typeof suffix === 'string' ? suffix : '', range?.[0] ?? 0);
  if (!found) {
    check.error(
      line,
      range
        ? `annotation ${id}: text at ${range[0]}-${range[1]} is ${JSON.stringify(check.slice(range[0], range[1]).slice(0, 60))}, not the quoted ${JSON.stringify(exact.slice(0, 60))}, and the quote is not in the document`
        : `annotation ${id}: quote ${JSON.stringify(exact.slice(0, 60))} not found in the document`,
      id,
    );
    return null;
  }
  if (range) check.warn(line, `annotation ${id}: position ${range[0]}-${range[1]} did not match the quote; anchored by quote at ${found[0]}-${found[1]}`, id);
  return found;
}

function findQuote(check: DocChecker, exact: string, prefix: string, suffix: string, near: number): [number, number] | null {
  const text = check.text;
  let best: { score: number; at16: number } | null = null;
  const near16 = check.index.toUtf16(Math.min(near, check.index.length));
  for (let at = text.indexOf(exact); at >= 0; at = text.indexOf(exact, at + 1)) {
    const contextMiss = (prefix !== '' && !(at >= prefix.length && text.startsWith(prefix, at - prefix.length)) ? 1 : 0) +
      (suffix !== '' && !text.startsWith(suffix, at + exact.length) ? 1 : 0);
    const score = contextMiss * text.length * 2 + Math.abs(at - near16);
    if (!best || score < best.score) best = { score, at16: at };
  }
  if (!best) return null;
  const start = check.index.toCodePoint(best.at16);
  return [start, start + codePointLength(exact)];
}
