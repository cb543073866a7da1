/**
 * Reading a project out for export: documents in id order, each with its spans and
 * relations, a page at a time so memory stays bounded on 100,000 documents.
 */
import { createHash } from 'node:crypto';
import type { DocumentStatus, Metadata, RelationInput, SpanAttributeValue, SpanInput } from '../core/model';
import type { ExportDocument } from '../core/formats/types';
import { documentFilterSql } from '../db/documentsRepo';
import type { ProjectDb } from '../db/open';

export interface ExportSelection {
  status?: DocumentStatus[];
  /** Only spans with these labels (and relations between them) are exported. */
  labels?: string[];
  source?: string;
  /** Published on or after / on or before (ISO dates). */
  since?: string;
  until?: string;
}

interface DocumentRow {
  id: number;
  external_id: string | null;
  title: string;
  source: string | null;
  url: string | null;
  published_at: string | null;
  language: string | null;
  metadata: string;
  text: string;
  status: DocumentStatus;
}

interface SpanRow {
  id: number;
  document_id: number;
  label: string;
  start: number;
  end: number;
  text: string;
  note: string | null;
  attributes: string;
  fragments: string | null;
  author: string | null;
  created_at: string;
  updated_at: string;
}

interface RelationRow {
  id: number;
  document_id: number;
  type: string;
  from_span_id: number;
  to_span_id: number;
  note: string | null;
}

const PAGE = 500;

function documentWhere(selection: ExportSelection): { sql: string; params: Array<string | number> } {
  const { conditions, params } = documentFilterSql({
    statuses: selection.status,
    source: selection.source,
    publishedFrom: selection.since,
    publishedTo: selection.until,
  });
  return { sql: conditions.length > 0 ? `AND ${conditions.join(' AND ')}` : '', params };
}

export function countExportDocuments(db: ProjectDb, selection: ExportSelection): number {
  const where = documentWhere(selection);
  return (db.prepare(`SELECT count(*) AS n FROM documents WHERE 1 = 1 ${where.sql}`).get(...where.params) as { n: number }).n;
}

/** Documents in id order with their spans (document order) and relations. */
export function* exportDocuments(db: ProjectDb, selection: ExportSelection = {}): Generator<ExportDocument> {
  const where = documentWhere(selection);
  const labelFilter = selection.labels && selection.labels.length > 0 ? new Set(selection.labels) : null;
  const documentPage = db.prepare(
    `SELECT id, external_id, title, source, url, published_at, language, metadata, text, status FROM documents WHERE id > ? ${where.sql} ORDER BY id LIMIT ${PAGE}`,
  );
  const spanPage = db.prepare(
    `SELECT spans.id, spans.document_id, labels.name AS label, spans.start, spans.end, spans.text, spans.note, spans.attributes, spans.fragments,
            spans.author, spans.created_at, spans.updated_at
     FROM spans JOIN labels ON labels.id = spans.label_id
     WHERE spans.document_id BETWEEN ? AND ? ORDER BY spans.document_id, spans.start, spans.end DESC, spans.id`,
  );
  const relationPage = db.prepare(
    'SELECT id, document_id, type, from_span_id, to_span_id, note FROM relations WHERE document_id BETWEEN ? AND ? ORDER BY document_id, id',
  );
  let after = 0;
  for (;;) {
    const documents = documentPage.all(after, ...where.params) as DocumentRow[];
    if (documents.length === 0) return;
    const first = documents[0]!.id;
    const last = documents[documents.length - 1]!.id;
    const spansByDocument = groupBy(spanPage.all(first, last) as SpanRow[]);
    const relationsByDocument = groupBy(relationPage.all(first, last) as RelationRow[]);
    for (const row of documents) {
      const spans = (spansByDocument.get(row.id) ?? []).filter((span) => !labelFilter || labelFilter.has(span.label));
      const exported = new Set(spans.map((span) => span.id));
      const relations = (relationsByDocument.get(row.id) ?? []).filter((r) => exported.has(r.from_span_id) && exported.has(r.to_span_id));
      yield {
        id: row.id,
        text: row.text,
        title: row.title,
        source: row.source,
        url: row.url,
        publishedAt: row.published_at,
        language: row.language,
        externalId: row.external_id,
        metadata: JSON.parse(row.metadata) as Metadata,
        status: row.status,
        spans: spans.map(toSpanInput),
        relations: relations.map(toRelationInput),
      };
    }
    after = last;
  }
}

function groupBy<T extends { document_id: number }>(rows: T[]): Map<number, T[]> {
  const groups = new Map<number, T[]>();
  for (const row of rows) {
    const group = groups.get(row.document_id);
    if (group) group.push(row);
    else groups.set(row.document_id, [row]);
  }
  return groups;
}

function toSpanInput(row: SpanRow): SpanInput {
  const span: SpanInput = {
    key: `T${row.id}`,
    label: row.label,
    start: row.start,
    end: row.end,
    text: row.text,
    note: row.note,
    author: row.author,
    attributes: JSON.parse(row.attributes) as Record<string, SpanAttributeValue>,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
  if (row.fragments !== null) span.fragments = JSON.parse(row.fragments) as Array<[number, number]>;
  return span;
}

function toRelationInput(row: RelationRow): RelationInput {
  return { key: `R${row.id}`, type: row.type, from: `T${row.from_span_id}`, to: `T${row.to_span_id}`, note: row.note };
}

export interface SplitSpec {
  /** Split name -> share; shares add up to 1. */
  parts: Array<{ name: string; share: number }>;
  seed: number;
}

/** `train=0.8,dev=0.1,test=0.1` -> a SplitSpec; throws a message naming what is wrong. */
export function parseSplit(spec: string, seed: number): SplitSpec {
  const parts = spec.split(',').map((piece) => {
    const match = /^\s*([A-Za-z][\w-]{0,31})\s*=\s*(\d*\.?\d+)\s*$/.exec(piece);
    if (!match) throw new Error(`--split: “${piece}” is not name=share (e.g. train=0.8)`);
    return { name: match[1]!, share: Number(match[2]) };
  });
  const names = new Set(parts.map((p) => p.name));
  if (names.size !== parts.length) throw new Error('--split: each part needs its own name');
  const total = parts.reduce((sum, p) => sum + p.share, 0);
  if (Math.abs(total - 1) > 1e-9) throw new Error(`--split: shares add up to ${total}, not 1`);
  if (!Number.isSafeInteger(seed)) throw new Error('--seed is a whole number');
  return { parts, seed };
}

/**
 * The split a document falls in: a hash of the seed and the document's text, so the
 * assignment is the same whatever the export order or selection, and the same text
 * imported twice lands in the same split (no train/test leakage through duplicates).
 */
export function splitOf(spec: SplitSpec, documentText: string): string {
  const digest = createHash('sha256').update(`${spec.seed}\u0000`).update(documentText).digest();
  const unit = digest.readUInt32BE(0) / 2 ** 32;
  let cumulative = 0;
  for (const part of spec.parts) {
    cumulative += part.share;
    if (unit < cumulative) return part.name;
  }
  return spec.parts[spec.parts.length - 1]!.name;
}
