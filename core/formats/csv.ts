/**
 * CSV, one row per span: document_id,title,label,start,end,text,note (RFC 4180, CRLF).
 *
 * Spreadsheets run cells starting with = + - @ (and tab/CR) as formulas (OWASP "CSV
 * injection"), so such cells get a leading apostrophe. A cell that already starts with
 * apostrophes before one of those characters gets one more, so import can always strip
 * exactly one and get the value back. The file holds no document text: import asks the caller.
 */
import type { AnnotatedDocument, SpanInput } from '../model';
import { OffsetIndex } from '../offsets';
import { DocChecker, LossLog, emptyResult, outOffset, problem, reportUncarried } from './shared';
import type { ExportDocument, FormatExporter, ImportResult, LineImporter, OffsetOption, OffsetUnit } from './types';

export const CSV_COLUMNS = ['document_id', 'title', 'label', 'start', 'end', 'text', 'note'] as const;

const RISKY = /^'*[=+\-@\t\r]/;

export function neutralizeCell(value: string): string {
  return RISKY.test(value) ? `'${value}` : value;
}

export function restoreCell(value: string): string {
  return /^'+[=+\-@\t\r]/.test(value) ? value.slice(1) : value;
}

export function quoteCell(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

export type CsvExportOptions = OffsetOption;

export function createCsvExporter(options: CsvExportOptions = {}): FormatExporter {
  const unit: OffsetUnit = options.offsets ?? 'codepoint';
  const log = new LossLog();
  const row = (cells: string[]) => `${cells.join(',')}\r\n`;
  return {
    format: 'csv',
    begin: () => [{ path: '', text: row([...CSV_COLUMNS]) }],
    document(doc: ExportDocument, ordinal) {
      const index = new OffsetIndex(doc.text);
      const cell = (v: string) => quoteCell(neutralizeCell(v));
      const id = cell(String(doc.id));
      const title = cell(doc.title ?? '');
      let out = '';
      for (const span of doc.spans) {
        const text = doc.text.slice(index.toUtf16(span.start), index.toUtf16(span.end));
        out += row([id, title, cell(span.label), String(outOffset(index, span.start, unit)), String(outOffset(index, span.end, unit)), cell(text), cell(span.note ?? '')]);
      }
      for (const rel of doc.relations) log.relation(doc, ordinal, rel, 'CSV cannot express relations');
      // Rows are spans: a document without any is left out whole, so its parts are not listed again.
      if (doc.spans.length === 0) log.add({ kind: 'text', documentId: doc.id, ordinal, reason: 'document without spans: CSV has no row for it' });
      else reportUncarried(log, doc, ordinal, { fields: ['title'], spanNotes: true }, { relations: [] });
      log.documents++;
      log.spans += doc.spans.length;
      return out === '' ? [] : [{ path: '', text: out }];
    },
    end: () => ({ chunks: [], summary: log.summary() }),
  };
}

export interface CsvImportOptions extends OffsetOption {
  /**
   * The text of the document named in the document_id column (with the row's title, when the file
   * has a title column, to tell apart documents the id could name); undefined if it names none, or
   * why the rows cannot be attached to one.
   */
  resolveText: (documentId: string, title: string | undefined) => string | { problem: string } | undefined;
}

/** Parses one complete CSV record (quotes balanced, without its line terminator). */
export function parseCsvRecord(record: string): string[] {
  const cells: string[] = [];
  let i = 0;
  for (;;) {
    if (record[i] === '"') {
      let value = '';
      i++;
      for (;;) {
        const q = record.indexOf('"', i);
        if (q < 0) {
          value += record.slice(i);
          i = record.length;
          break;
        }
        value += record.slice(i, q);
        if (record[q + 1] === '"') {
          value += '"';
          i = q + 2;
        } else {
          i = q + 1;
          break;
        }
      }
      // Text between a closing quote and the comma is kept, as spreadsheets do.
      const comma = record.indexOf(',', i);
      value += record.slice(i, comma < 0 ? record.length : comma);
      cells.push(value);
      if (comma < 0) return cells;
      i = comma + 1;
    } else {
      const comma = record.indexOf(',', i);
      cells.push(record.slice(i, comma < 0 ? record.length : comma));
      if (comma < 0) return cells;
      i = comma + 1;
    }
  }
}

const HEADER_ALIASES: Record<string, (typeof CSV_COLUMNS)[number]> = {
  document_id: 'document_id',
  document: 'document_id',
  doc_id: 'document_id',
  title: 'title',
  label: 'label',
  start: 'start',
  end: 'end',
  text: 'text',
  note: 'note',
};

export function createCsvLineImporter(fileName: string, options: CsvImportOptions): LineImporter {
  const unit = options.offsets ?? 'codepoint';
  let lineNo = 0;
  let pending = '';
  let pendingLine = 0;
  let quotes = 0;
  let columns: Map<(typeof CSV_COLUMNS)[number], number> | null = null;
  let current: { id: string; check: DocChecker | null; doc: AnnotatedDocument; line: number } | null = null;
  let docIndex = 0;
  const seen = new Set<string>();

  const flush = (): ImportResult => {
    const result = emptyResult();
    if (current?.check) result.documents.push(current.check.imported(current.doc, current.line, current.id));
    current = null;
    return result;
  };

  const handle = (record: string, line: number): ImportResult => {
    const cells = parseCsvRecord(record);
    if (!columns) {
      columns = new Map();
      cells.forEach((c, i) => {
        const name = HEADER_ALIASES[c.trim().toLowerCase()];
        if (name && !columns!.has(name)) columns!.set(name, i);
      });
      const missing = (['document_id', 'label', 'start', 'end'] as const).filter((c) => !columns!.has(c));
      const result = emptyResult();
      if (missing.length > 0) result.errors.push(problem(fileName, line, `header lacks column(s) ${missing.join(', ')}`, 'error'));
      return result;
    }
    if (cells.length === 1 && cells[0] === '') return emptyResult();
    const get = (name: (typeof CSV_COLUMNS)[number]) => {
      const i = columns!.get(name);
      return i === undefined ? undefined : cells[i];
    };
    const id = restoreCell(get('document_id') ?? '');
    let result = emptyResult();
    if (!current || current.id !== id) {
      result = flush();
      const rawTitle = get('title');
      const title = rawTitle === undefined || rawTitle === '' ? undefined : restoreCell(rawTitle);
      const found = options.resolveText(id, title);
      const text = typeof found === 'string' ? found : undefined;
      const doc: AnnotatedDocument = { text: text ?? '', spans: [], relations: [] };
      doc.externalId = id;
      current = { id, check: text === undefined ? null : new DocChecker(fileName, text, unit, docIndex), doc, line };
      if (found === undefined) result.errors.push(problem(fileName, line, `unknown document ${JSON.stringify(id)}: no text to check spans against`, 'error', docIndex));
      else if (typeof found === 'object') result.errors.push(problem(fileName, line, found.problem, 'error', docIndex));
      if (seen.has(id)) result.warnings.push(problem(fileName, line, `rows of document ${JSON.stringify(id)} are not contiguous; they are returned as another record`, 'warning', docIndex));
      seen.add(id);
      docIndex++;
      if (title !== undefined) doc.title = title;
    }
    const check = current.check;
    if (!check) return result;
    const name = `row ${line}`;
    const range = check.range(get('start')?.trim(), get('end')?.trim(), line, name);
    if (!range) return result;
    const stored = get('text');
    if (stored !== undefined) {
      const actual = check.slice(range[0], range[1]);
      // A stored text that only differs by the neutralizing apostrophe is the same text.
      if (stored !== actual && !(stored.startsWith("'") && stored.slice(1) === actual)) {
        check.checkText(stored, range[0], range[1], line, name);
        return result;
      }
    }
    const span: SpanInput = { label: restoreCell(get('label') ?? ''), start: range[0], end: range[1], line };
    const note = get('note');
    if (note !== undefined && note !== '') span.note = restoreCell(note);
    current.doc.spans.push(span);
    return result;
  };

  return {
    push(rawLine) {
      lineNo++;
      const line = lineNo === 1 ? rawLine.replace(/^\uFEFF/, '') : rawLine;
      if (pending === '' && quotes === 0) pendingLine = lineNo;
      pending = pendingLine === lineNo ? line : `${pending}\n${line}`;
      for (let i = 0; i < line.length; i++) if (line.charCodeAt(i) === 0x22) quotes++;
      if (quotes % 2 === 1) return emptyResult();
      const record = pending.endsWith('\r') ? pending.slice(0, -1) : pending;
      pending = '';
      quotes = 0;
      return handle(record, pendingLine);
    },
    finish() {
      const result = emptyResult();
      if (quotes % 2 === 1) result.errors.push(problem(fileName, pendingLine, 'unterminated quoted cell', 'error'));
      if (!columns) result.errors.push(problem(fileName, undefined, 'empty file: no header row', 'error'));
      const last = flush();
      result.documents.push(...last.documents);
      return result;
    },
  };
}
