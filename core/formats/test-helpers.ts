/** Used by the *.test.ts files only: run exporters in memory and compare spans. */
import type { AnnotatedDocument, SpanInput } from '../model';
import type { ExportDocument, ExportSummary, FormatExporter, ImportResult } from './types';

export interface ExportRun {
  files: Map<string, string>;
  summary: ExportSummary;
}

/** Drives an exporter the way the Node side does: begin, one document at a time, end. */
export function runExport(exporter: FormatExporter, docs: readonly ExportDocument[]): ExportRun {
  const files = new Map<string, string>();
  const append = (chunks: Array<{ path: string; text: string }>) => {
    for (const c of chunks) files.set(c.path, (files.get(c.path) ?? '') + c.text);
  };
  append(exporter.begin());
  docs.forEach((d, i) => append(exporter.document(d, i)));
  const end = exporter.end();
  append(end.chunks);
  return { files, summary: end.summary };
}

/** The sample used by every format's hand-checked test: an emoji before a span, CRLF. */
export const SAMPLE_TEXT = 'Hi 😀 Anna\r\nBerlin!';

export function sampleDoc(): ExportDocument {
  return {
    id: 7,
    title: 'T',
    text: SAMPLE_TEXT,
    status: 'done',
    spans: [
      { key: 'a', label: 'PER', start: 5, end: 9, note: 'n' },
      { key: 'b', label: 'LOC', start: 11, end: 17 },
    ],
    relations: [{ key: 'r', type: 'livesIn', from: 'a', to: 'b' }],
  };
}

export function docs(result: ImportResult): AnnotatedDocument[] {
  return result.documents.map((d) => d.document);
}

export function only(result: ImportResult): AnnotatedDocument {
  if (result.documents.length !== 1) throw new Error(`expected one document, got ${result.documents.length}`);
  return result.documents[0]!.document;
}

/** label@start-end sorted, for comparing span sets regardless of keys and order. */
export function spanSet(spans: readonly SpanInput[]): string[] {
  return spans.map((s) => `${s.label}@${s.start}-${s.end}`).sort();
}

export function spanTexts(doc: AnnotatedDocument): string[] {
  const cps = [...doc.text];
  return doc.spans.map((s) => `${s.label}:${cps.slice(s.start, s.end).join('')}`);
}

/** Relations as "type:fromSpan->toSpan" with spans named by label@range. */
export function relationSet(doc: AnnotatedDocument): string[] {
  const byKey = new Map(doc.spans.map((s) => [s.key, `${s.label}@${s.start}-${s.end}`]));
  return doc.relations.map((r) => `${r.type}:${byKey.get(r.from)}->${byKey.get(r.to)}`).sort();
}
