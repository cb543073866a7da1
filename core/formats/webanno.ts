/**
 * WebAnno TSV 3.3, as INCEpTION reads and writes it (one file per document).
 * https://inception-project.github.io/releases/latest/docs/user-guide.html#sect_webannotsv
 *
 * Offsets are UTF-16 code units (Java/UIMA). Text is rebuilt the way INCEpTION's
 * Tsv3XDeserializer does: each `#Text=` line plus '\n', the gap to the next sentence's first
 * token padded with spaces or the extra '\n' dropped. The exporter makes consecutive
 * sentences touch, so every character survives; only text before the first token becomes
 * spaces. The reader's final '\n' is an artifact of that scheme and is removed on import.
 */
import type { AnnotatedDocument, SpanAttributeValue, SpanInput } from '../model';
import { OffsetIndex, codePointLength } from '../offsets';
import { groupSentences } from '../tokenize';
import { alignSpansToTokens } from './conll';
import { DocChecker, FileNamer, LossLog, documentFileId, externalIdCarriedAs, emptyResult, outOffset, problem, reportUncarried, setOwn, splitLines, stripCr } from './shared';
import type { ExportDocument, FormatExporter, ImportResult, OffsetOption, OffsetUnit } from './types';

export interface WebannoExportOptions extends OffsetOption {
  /** UIMA type of the span layer; default 'webanno.custom.Span'. */
  layer?: string;
  /** Feature holding the label; default 'label'. */
  feature?: string;
  locale?: string;
}

const VALUE_ESCAPES: Array<[string, string]> = [
  ['\\', '\\\\'],
  ['[', '\\['],
  [']', '\\]'],
  ['|', '\\|'],
  ['_', '\\_'],
  ['->', '\\->'],
  [';', '\\;'],
  ['\t', '\\t'],
  ['\n', '\\n'],
  ['*', '\\*'],
];

/** Feature values and token forms (INCEpTION Escaping.escapeValue). */
export function escapeValue(value: string): string {
  let out = '';
  outer: for (let i = 0; i < value.length; ) {
    for (const [raw, esc] of VALUE_ESCAPES) {
      if (value.startsWith(raw, i)) {
        out += esc;
        i += raw.length;
        continue outer;
      }
    }
    out += value[i];
    i++;
  }
  return out;
}

export function unescapeValue(value: string): string {
  let out = '';
  outer: for (let i = 0; i < value.length; ) {
    for (const [raw, esc] of VALUE_ESCAPES) {
      if (value.startsWith(esc, i)) {
        out += raw;
        i += esc.length;
        continue outer;
      }
    }
    out += value[i];
    i++;
  }
  return out;
}

const TEXT_ESCAPES: Record<string, string> = { '\t': 't', '\n': 'n', '\f': 'f', '\r': 'r', '\b': 'b', '\\': '\\' };

/** `#Text=` lines (INCEpTION Escaping.escapeText for format 3.2+). */
export function escapeText(text: string): string {
  return text.replace(/[\u0000-\u0007\u000e-\u001f\t\n\f\r\b\\]/g, (c) => `\\${TEXT_ESCAPES[c] ?? c}`);
}

export function unescapeText(text: string): string {
  return text.replace(/\\([tnfrb\\\u0000-\u0007\u000e-\u001f])/g, (_, c: string) => {
    for (const [raw, letter] of Object.entries(TEXT_ESCAPES)) if (letter === c) return raw;
    return c;
  });
}

/** Splits a cell on '|' not preceded by an escaping backslash. */
function splitUnescaped(cell: string, separator: string): string[] {
  const parts: string[] = [];
  let current = '';
  for (let i = 0; i < cell.length; i++) {
    const c = cell[i]!;
    if (c === '\\' && i + 1 < cell.length) {
      current += c + cell[i + 1];
      i++;
    } else if (c === separator) {
      parts.push(current);
      current = '';
    } else current += c;
  }
  parts.push(current);
  return parts;
}

export function createWebannoExporter(options: WebannoExportOptions = {}): FormatExporter {
  const unit: OffsetUnit = options.offsets ?? 'utf16';
  const layer = options.layer ?? 'webanno.custom.Span';
  const feature = options.feature ?? 'label';
  const names = new FileNamer();
  const log = new LossLog();
  return {
    format: 'webanno',
    begin: () => [],
    document(doc: ExportDocument, ordinal) {
      const index = new OffsetIndex(doc.text);
      const spans = doc.spans;
      const { tokens, ranges } = alignSpansToTokens(doc.text, spans, options.locale);
      const cells: string[][] = tokens.map(() => []);
      const perToken = new Array<number>(tokens.length).fill(0);
      const placed: Array<{ span: SpanInput; first: number; last: number }> = [];
      spans.forEach((span, i) => {
        const range = ranges[i];
        if (!range) {
          log.span(doc, ordinal, span, 'covers no token (empty or only whitespace)');
          return;
        }
        if (tokens[range[0]]!.start !== span.start || tokens[range[1]]!.end !== span.end) {
          log.span(doc, ordinal, span, 'leading/trailing whitespace trimmed to token edges');
        }
        placed.push({ span, first: range[0], last: range[1] });
        for (let t = range[0]; t <= range[1]; t++) perToken[t]!++;
      });
      placed.sort((a, b) => a.first - b.first || b.last - a.last);
      let nextId = 1;
      for (const { span, first, last } of placed) {
        let stacked = first !== last;
        for (let t = first; t <= last && !stacked; t++) if (perToken[t]! > 1) stacked = true;
        const value = span.label === '' ? '*' : escapeValue(span.label);
        const entry = stacked ? `${value}[${nextId++}]` : value;
        for (let t = first; t <= last; t++) cells[t]!.push(entry);
      }
      for (const rel of doc.relations) log.relation(doc, ordinal, rel, 'relations are not exported to WebAnno TSV');
      const name = names.name(documentFileId(doc), ordinal);
      reportUncarried(log, doc, ordinal, { fields: externalIdCarriedAs(doc, name) }, { spans: placed.map((p) => p.span), relations: [] });
      log.spans += placed.length;
      log.documents++;
      const firstToken = tokens[0];
      if (!firstToken) {
        if (doc.text !== '') log.add({ kind: 'text', documentId: doc.id, ordinal, reason: 'document has no tokens: its text cannot be written' });
      } else if (/[^ ]/.test(doc.text.slice(0, firstToken.start16))) {
        log.add({ kind: 'text', documentId: doc.id, ordinal, reason: 'text before the first token is written as spaces' });
      }
      const sentences = groupSentences(doc.text, tokens, placed.map((p) => ({ start: tokens[p.first]!.start, end: tokens[p.last]!.end })), options.locale);
      let out = `#FORMAT=WebAnno TSV 3.3\n#T_SP=${layer}|${feature}\n\n\n`;
      let t = 0;
      sentences.forEach((sentence, s) => {
        const from16 = sentence[0]!.start16;
        const to16 = s + 1 < sentences.length ? sentences[s + 1]![0]!.start16 : doc.text.length;
        if (s > 0) out += '\n';
        for (const line of doc.text.slice(from16, to16).split('\n')) out += `#Text=${escapeText(line)}\n`;
        sentence.forEach((token, k) => {
          const cell = cells[t]!.length > 0 ? cells[t]!.join('|') : '_';
          out += `${s + 1}-${k + 1}\t${outOffset(index, token.start, unit)}-${outOffset(index, token.end, unit)}\t${escapeValue(token.text)}\t${cell}\t\n`;
          t++;
        });
      });
      return [{ path: `${name}.tsv`, text: out }];
    },
    end: () => ({ chunks: [], summary: log.summary() }),
  };
}

interface Column {
  kind: 'span' | 'relation' | 'chain';
  layer: string;
  feature: string | null;
  /** Index of the column that holds span labels for this layer. */
  isLabel: boolean;
}

export type WebannoImportOptions = OffsetOption;

/** Imports one TSV file as one document. */
export function importWebanno(fileName: string, fileText: string, options: WebannoImportOptions = {}): ImportResult {
  const result = emptyResult();
  const unit = options.offsets ?? 'utf16';
  const lines = splitLines(fileText).map(stripCr);
  const format = /^\uFEFF?#FORMAT=WebAnno TSV (3)\.(\d+)/.exec(lines[0] ?? '');
  if (!format) {
    result.errors.push(problem(fileName, 1, 'missing "#FORMAT=WebAnno TSV 3.x" header', 'error'));
    return result;
  }
  const columns: Column[] = [];
  let lineIdx = 1;
  for (; lineIdx < lines.length; lineIdx++) {
    const m = /^#T_(SP|RL|CH)=(.*)$/.exec(lines[lineIdx]!);
    if (!m) break;
    const [type, ...features] = m[2]!.split('|');
    const kind = m[1] === 'SP' ? 'span' : m[1] === 'RL' ? 'relation' : 'chain';
    const labelFeature = features.find((f) => f === 'value' || f === 'label') ?? features[0];
    if (features.length === 0) columns.push({ kind, layer: type!, feature: null, isLabel: true });
    for (const f of features) columns.push({ kind, layer: type!, feature: f, isLabel: f === labelFeature });
  }
  const parts: string[] = [];
  let textLength = 0;
  let sentenceText = '';
  let inHeader = false;
  interface RawSpan {
    layer: string;
    label: string;
    begin: number;
    end: number;
    line: number;
    attributes: Record<string, SpanAttributeValue>;
  }
  const spans: RawSpan[] = [];
  const byId = new Map<string, RawSpan>();
  const tokenChecks: Array<{ begin: number; end: number; form: string; line: number }> = [];
  const ignoredLayers = new Map<string, number>();
  const fileErrors: Array<{ line: number; reason: string }> = [];

  for (; lineIdx < lines.length; lineIdx++) {
    const line = lines[lineIdx]!;
    const lineNo = lineIdx + 1;
    if (line === '') continue;
    if (line.startsWith('#Text=')) {
      sentenceText += `${unescapeText(line.slice(6))}\n`;
      inHeader = true;
      continue;
    }
    if (line.startsWith('#')) continue;
    const fields = line.split('\t');
    const offsets = /^(\d+)-(\d+)$/.exec(fields[1] ?? '');
    if (!offsets || !/^\d+-\d+(\.\d+)?$/.test(fields[0] ?? '') || fields.length < columns.length + 3) {
      fileErrors.push({ line: lineNo, reason: `expected a token line "sent-tok<TAB>begin-end<TAB>form<TAB>${columns.length} column(s)"` });
      continue;
    }
    const begin = Number(offsets[1]);
    const end = Number(offsets[2]);
    if (inHeader) {
      // INCEpTION: drop the newline that ends the previous sentence when the next one starts
      // right after it, or pad the gap with spaces. Lengths are in the file's unit.
      // Only the tail of the last sentence is ever cut, so work on parts: slicing the
      // whole text per sentence would be quadratic.
      let excess = textLength - begin;
      while (excess > 0 && parts.length > 0) {
        const last = parts.pop()!;
        const size = unit === 'utf16' ? last.length : codePointLength(last);
        if (size > excess) parts.push(unit === 'utf16' ? last.slice(0, size - excess) : [...last].slice(0, size - excess).join(''));
        excess -= Math.min(size, excess);
      }
      if (textLength > begin) textLength = begin;
      if (textLength < begin) {
        parts.push(' '.repeat(begin - textLength));
        textLength = begin;
      }
      parts.push(sentenceText);
      textLength += unit === 'utf16' ? sentenceText.length : codePointLength(sentenceText);
      sentenceText = '';
      inHeader = false;
    }
    tokenChecks.push({ begin, end, form: unescapeValue(fields[2] ?? ''), line: lineNo });
    const spanEntries = new Map<string, Array<{ label?: string; id?: string; attrs: Array<[string, string]> }>>();
    columns.forEach((col, c) => {
      const cell = fields[c + 3] ?? '_';
      if (cell === '_' || cell === '') return;
      if (col.kind !== 'span') {
        ignoredLayers.set(col.layer, (ignoredLayers.get(col.layer) ?? 0) + 1);
        return;
      }
      const entries = spanEntries.get(col.layer) ?? [];
      spanEntries.set(col.layer, entries);
      splitUnescaped(cell, '|').forEach((raw, k) => {
        const m = /^(.*?)(?:\[(\d+(?:_\d+)?)\])?$/s.exec(raw)!;
        const value = m[1] === '*' || m[1] === '_' ? '' : unescapeValue(m[1]!);
        const entry = (entries[k] ??= { attrs: [] });
        if (m[2] !== undefined) entry.id = m[2];
        if (col.isLabel) entry.label = value;
        else if (value !== '') entry.attrs.push([col.feature!, value]);
      });
    });
    for (const [layer, entries] of spanEntries) {
      for (const entry of entries) {
        const idKey = entry.id !== undefined ? `${layer}\u0000${entry.id}` : undefined;
        const existing = idKey !== undefined ? byId.get(idKey) : undefined;
        if (existing) {
          existing.begin = Math.min(existing.begin, begin);
          existing.end = Math.max(existing.end, end);
          continue;
        }
        const label = entry.label === undefined || entry.label === '' ? layer.slice(layer.lastIndexOf('.') + 1) : entry.label;
        const attributes: Record<string, SpanAttributeValue> = {};
        for (const [k, v] of entry.attrs) setOwn(attributes, k, v);
        const span: RawSpan = { layer, label, begin, end, line: lineNo, attributes };
        spans.push(span);
        if (idKey !== undefined) byId.set(idKey, span);
      }
    }
  }
  if (inHeader) parts.push(sentenceText);
  let text = parts.join('');
  if (text.endsWith('\n')) text = text.slice(0, -1);

  const check = new DocChecker(fileName, text, unit, 0, '#Text');
  for (const e of fileErrors) check.error(e.line, e.reason);
  for (const [layer, count] of ignoredLayers) check.warn(undefined, `${count} cell(s) of relation/chain layer ${layer} not imported`);
  for (const tok of tokenChecks) {
    const range = check.range(tok.begin, tok.end, tok.line, `token ${tok.begin}-${tok.end}`);
    if (range && check.slice(range[0], range[1]) !== tok.form) {
      check.error(tok.line, `token ${JSON.stringify(tok.form)} does not match the text ${JSON.stringify(check.slice(range[0], range[1]))} at ${tok.begin}-${tok.end} (${unit} offsets)`);
    }
  }
  const doc: AnnotatedDocument = { text, spans: [], relations: [] };
  const stem = fileName.replace(/^.*[\\/]/, '').replace(/\.tsv$/i, '');
  doc.externalId = stem;
  spans.forEach((raw, i) => {
    const range = check.range(raw.begin, raw.end, raw.line, `#${i}`);
    if (!range) return;
    const span: SpanInput = { label: raw.label, start: range[0], end: range[1] };
    if (Object.keys(raw.attributes).length > 0) span.attributes = raw.attributes;
    doc.spans.push(span);
  });
  result.documents.push(check.imported(doc, 1, stem));
  return result;
}
