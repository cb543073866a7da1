/**
 * Prodigy / spaCy JSONL: `{"text", "tokens": [{text,start,end,id,ws}], "spans": [{start,end,label,
 * token_start,token_end}], "relations": [...], "meta": {...}}`. Offsets are Python str
 * indices (code points); `token_end` is inclusive, as in Prodigy.
 * https://prodi.gy/docs/api-interfaces#ner_manual
 *
 * The tokens must rebuild the text the way spaCy's Doc(vocab, words, spaces) does: each
 * token's text, plus one space where `ws` is true. So whitespace other than one space after
 * a word is written as a token of its own (see spacyTokens).
 */
import type { AnnotatedDocument, RelationInput, SpanInput } from '../model';
import { OffsetIndex } from '../offsets';
import type { Token } from '../tokenize';
import { alignSpansToTokens } from './conll';
import { parseJsonLine } from './json';
import {
  DOCUMENT_FIELDS,
  DocChecker,
  LOST,
  LossLog,
  documentFields,
  emptyResult,
  hasOwn,
  idString,
  isRecord,
  outOffset,
  own,
  problem,
  readDocumentFields,
  reportUncarried,
  setOwn,
  spanKeys,
  stripCr,
  toMetadata,
} from './shared';
import type { ExportDocument, FormatExporter, ImportResult, LineImporter, OffsetOption, OffsetUnit } from './types';

export interface ProdigyExportOptions extends OffsetOption {
  locale?: string;
}

const CARRIED_FIELDS = DOCUMENT_FIELDS.map(([field]) => field);

export function createProdigyExporter(options: ProdigyExportOptions = {}): FormatExporter {
  const unit: OffsetUnit = options.offsets ?? 'codepoint';
  const log = new LossLog();
  return {
    format: 'prodigy',
    begin: () => [],
    document(doc: ExportDocument, ordinal) {
      const index = new OffsetIndex(doc.text);
      const { tokens, ranges } = alignSpansToTokens(doc.text, doc.spans, options.locale);
      const { tokens: outTokens, position } = spacyTokens(doc.text, tokens, index);
      const keys = spanKeys(doc.spans);
      const spanOut = new Map<string, Record<string, unknown>>();
      const spans: Array<Record<string, unknown>> = [];
      doc.spans.forEach((span, i) => {
        const range = ranges[i];
        // spaCy needs token-aligned spans; offsets stay exact and tokens are split at span edges.
        const out: Record<string, unknown> = {
          start: outOffset(index, span.start, unit),
          end: outOffset(index, span.end, unit),
          label: span.label,
        };
        if (range) {
          // Indices into the written tokens, whitespace tokens included; a range's ends are
          // always word tokens, so a span never starts or ends on whitespace.
          out.token_start = position[range[0]];
          out.token_end = position[range[1]];
          if (tokens[range[0]]!.start !== span.start || tokens[range[1]]!.end !== span.end) {
            log.span(doc, ordinal, span, 'span edge in whitespace: token_start/token_end cover only its tokens');
          }
        } else log.span(doc, ordinal, span, 'covers no token (empty or only whitespace): written without token_start/token_end');
        spanOut.set(keys[i]!, out);
        spans.push(out);
      });
      const relations: Array<Record<string, unknown>> = [];
      const writtenRelations: RelationInput[] = [];
      for (const rel of doc.relations) {
        const head = spanOut.get(rel.from);
        const child = spanOut.get(rel.to);
        if (!head || !child || head.token_end === undefined || child.token_end === undefined) {
          log.relation(doc, ordinal, rel, 'relation end is missing or covers no token');
          continue;
        }
        relations.push({ head: head.token_end, child: child.token_end, head_span: head, child_span: child, label: rel.type });
        writtenRelations.push(rel);
      }
      // Prodigy keeps a task's meta as it is (and shows it under the task), so the document
      // fields go there beside the metadata; a metadata key of the same name gives way.
      const meta: Record<string, unknown> = {};
      if (doc.metadata) for (const k of Object.keys(doc.metadata)) setOwn(meta, k, doc.metadata[k]);
      const reserved: Array<[string, unknown]> = [['id', doc.id]];
      if (doc.title !== undefined && doc.title !== null) reserved.push(['title', doc.title]);
      for (const [field, name, value] of documentFields(doc)) if (field !== 'title') reserved.push([name, value]);
      for (const [name, value] of reserved) {
        if (doc.metadata && hasOwn(doc.metadata, name)) log.add({ kind: 'document', documentId: doc.id, ordinal, reason: LOST.field(name) });
        setOwn(meta, name, value);
      }
      reportUncarried(log, doc, ordinal, { fields: CARRIED_FIELDS, metadata: true }, { relations: writtenRelations });
      const record = {
        text: doc.text,
        tokens: outTokens.map((t, i) => ({ text: t.text, start: outOffset(index, t.start, unit), end: outOffset(index, t.end, unit), id: i, ws: t.ws })),
        spans,
        relations,
        meta,
        answer: 'accept',
      };
      log.documents++;
      log.spans += spans.length;
      log.relations += relations.length;
      return [{ path: '', text: `${JSON.stringify(record)}\n` }];
    },
    end: () => ({ chunks: [], summary: log.summary() }),
  };
}

interface SpacyToken {
  text: string;
  /** Code point offsets, half-open. */
  start: number;
  end: number;
  ws: boolean;
}

/**
 * Adds the whitespace between the word tokens the way spaCy's tokenizer does
 * (Tokenizer.__call__ in spacy/tokenizer.pyx): a single space right after a word is that
 * word's `ws`; the rest of the whitespace run, or a whole run at the start of the text, is
 * one token with `ws` false ("a \n b" gives "a"+ws, "\n ", "b"; "a  b" gives "a"+ws, " ", "b").
 * `position[i]` is where word token i ends up.
 */
function spacyTokens(text: string, words: readonly Token[], index: OffsetIndex): { tokens: SpacyToken[]; position: number[] } {
  const tokens: SpacyToken[] = [];
  const position: number[] = [];
  let at = 0;
  let at16 = 0;
  // Gaps between word tokens hold only whitespace: tokenize keeps every non-space
  // character in a token.
  const gap = (to: number, to16: number) => {
    if (at16 >= to16) return;
    const previous = tokens[tokens.length - 1];
    if (previous && text.charCodeAt(at16) === 0x20) {
      previous.ws = true;
      at++;
      at16++;
    }
    if (at16 < to16) tokens.push({ text: text.slice(at16, to16), start: at, end: to, ws: false });
  };
  for (const word of words) {
    gap(word.start, word.start16);
    position.push(tokens.length);
    tokens.push({ text: word.text, start: word.start, end: word.end, ws: false });
    at = word.end;
    at16 = word.end16;
  }
  gap(index.toCodePoint(text.length), text.length);
  return { tokens, position };
}

export interface ProdigyImportOptions extends OffsetOption {
  /** Import records whose answer is "reject" or "ignore" too (default: warn and skip). */
  includeRejected?: boolean;
}

export function createProdigyLineImporter(fileName: string, options: ProdigyImportOptions = {}): LineImporter {
  const unit = options.offsets ?? 'codepoint';
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
      const value = parsed.value;
      const answer = isRecord(value) ? own(value, 'answer') : undefined;
      if (!options.includeRejected && (answer === 'reject' || answer === 'ignore')) {
        result.warnings.push(problem(fileName, lineNo, `record with answer "${answer}" skipped`, 'warning'));
        return result;
      }
      readProdigyRecord(value, fileName, lineNo, docIndex++, unit, result);
      return result;
    },
    finish: emptyResult,
  };
}

function readProdigyRecord(value: unknown, file: string, line: number, index: number, unit: OffsetUnit, result: ImportResult): void {
  if (!isRecord(value)) {
    result.errors.push(problem(file, line, 'a record must be a JSON object', 'error', index));
    return;
  }
  const text = own(value, 'text');
  if (typeof text !== 'string') {
    result.errors.push(problem(file, line, 'record has no "text" string', 'error', index));
    return;
  }
  const check = new DocChecker(file, text, unit, index);
  const doc: AnnotatedDocument = { text, spans: [], relations: [] };
  const meta = toMetadata(own(value, 'meta'));
  let sourceId: string | undefined;
  if (meta) {
    sourceId = idString(own(meta, 'id'));
    if (sourceId !== undefined) doc.externalId = sourceId;
    const title = own(meta, 'title');
    if (typeof title === 'string') doc.title = title;
    const fields = readDocumentFields(meta, doc, ['title']);
    const rest: Record<string, (typeof meta)[string]> = {};
    for (const k of Object.keys(meta)) if (k !== 'id' && k !== 'title' && !fields.has(k)) setOwn(rest, k, meta[k]!);
    if (Object.keys(rest).length > 0) doc.metadata = rest;
  }
  const keyOf = new Map<string, string>();
  const spans = own(value, 'spans');
  if (spans !== undefined && !Array.isArray(spans)) check.error(line, '"spans" must be an array');
  (Array.isArray(spans) ? spans : []).forEach((raw, i) => {
    const name = `#${i}`;
    const label = isRecord(raw) ? own(raw, 'label') : undefined;
    if (!isRecord(raw) || typeof label !== 'string') {
      check.error(line, `span ${name} needs a string "label"`, name);
      return;
    }
    const range = check.range(own(raw, 'start'), own(raw, 'end'), line, name);
    if (!range || !check.checkText(own(raw, 'text'), range[0], range[1], line, name)) return;
    const span: SpanInput = { key: String(i), label, start: range[0], end: range[1] };
    keyOf.set(`${range[0]}:${range[1]}:${label}`, span.key!);
    doc.spans.push(span);
  });
  const relations = own(value, 'relations');
  (Array.isArray(relations) ? relations : []).forEach((raw, i) => {
    const type = isRecord(raw) ? own(raw, 'label') : undefined;
    const ends = isRecord(raw) ? [own(raw, 'head_span'), own(raw, 'child_span')] : [];
    const keys = ends.map((e) => {
      if (!isRecord(e)) return undefined;
      const r = check.range(own(e, 'start'), own(e, 'end'), line, `relation #${i}`);
      return r ? keyOf.get(`${r[0]}:${r[1]}:${String(own(e, 'label'))}`) : undefined;
    });
    if (typeof type !== 'string' || keys[0] === undefined || keys[1] === undefined) {
      check.error(line, `relation #${i}: needs "label" and head_span/child_span matching spans of the record`);
      return;
    }
    const rel: RelationInput = { type, from: keys[0], to: keys[1] };
    doc.relations.push(rel);
  });
  check.finishRelations(doc, () => line);
  result.documents.push(check.imported(doc, line, sourceId));
}
