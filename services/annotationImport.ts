/**
 * Importing annotated files (brat, doccano, CoNLL, …): documents with their spans and
 * relations, checked against the text by the format's parser, stored one file (or brat
 * pair) per transaction. A file with any invalid record imports nothing unless the
 * caller skips invalid records; labels the project lacks are added (or mapped) and reported.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { AnnotationFormat } from '../contract/api';
import { decodeBytes, StreamingDecoder, type DecodedText } from '../core/import/index';
import { titleFromText } from '../core/import/titleFromText';
import { pickLabelColour } from '../core/labelColours';
import { createLineImporter, createLineSplitter, importBrat, importFile, importW3c, isLineFormat } from '../core/formats/index';
import type { LineFormat } from '../core/formats/index';
import type { FormatProblem, ImportedDocument, ImportResult } from '../core/formats/types';
import type { AnnotatedDocument, InputProblem, SpanAttributeValue, SpanInput } from '../core/model';
import { OffsetIndex } from '../core/offsets';
import { plural } from '../core/text';
import { DocumentWriter, findDocumentsNamed, getDocumentSummary, setDocumentStatus, sha256Hex, touchDocument } from '../db/documentsRepo';
import { findLabelByName, insertLabel, listLabels, reviveLabel } from '../db/labelsRepo';
import type { ProjectDb } from '../db/open';
import { insertSpan, listSpans } from '../db/spansRepo';
import { statement } from '../db/statements';
import { nowIso } from '../db/time';
import { emptyOutcome, storageFailure, type CorpusImportOptions, type DuplicateNote, type FileOutcome } from './corpusImport';

/** One thing to import atomically: a file, or a brat text/annotation pair. */
export type AnnotationUnit =
  | { kind: 'file'; path: string; format: AnnotationFormat }
  | { kind: 'brat'; txt: string; ann: string; conf: string | null };

const CHUNK_BYTES = 1 << 20;
/** Whole-file formats (Label Studio JSON, WebAnno TSV, W3C) are parsed in memory: refuse beyond this. */
const MAX_WHOLE_FILE_BYTES = 512 * 1024 * 1024;
const MAX_NOTES = 100;

function readText(file: string): string {
  return readDecoded(file).text;
}

function readDecoded(file: string): DecodedText {
  const size = fs.statSync(file).size;
  if (size > MAX_WHOLE_FILE_BYTES) throw new Error(`${file}: ${size.toLocaleString('en')} bytes is more than this format can be read in one piece (${MAX_WHOLE_FILE_BYTES.toLocaleString('en')})`);
  return decodeBytes(file, fs.readFileSync(file), { rejectNul: true });
}

/** Reads a line format in chunks, feeding complete lines to the importer. */
function streamLines(file: string, format: LineFormat, options: Parameters<typeof createLineImporter>[2], onDocuments: (result: ImportResult) => void, onBytes: (bytes: number) => void, isCancelled: () => boolean): boolean {
  const importer = createLineImporter(format, file, options as never);
  const decoder = new StreamingDecoder(file, { rejectNul: true });
  const splitter = createLineSplitter();
  const fd = fs.openSync(file, 'r');
  try {
    let bytes = 0;
    for (;;) {
      const buffer = Buffer.allocUnsafe(CHUNK_BYTES);
      const read = fs.readSync(fd, buffer, 0, CHUNK_BYTES, null);
      bytes += read;
      const text = read > 0 ? decoder.push(buffer.subarray(0, read)) : decoder.end();
      const lines = read > 0 ? splitter.push(text) : [...splitter.push(text), ...splitter.end()];
      for (const line of lines) onDocuments(importer.push(line));
      onBytes(bytes);
      if (read === 0) break;
      if (isCancelled()) return false;
    }
    onDocuments(importer.finish());
    return true;
  } finally {
    fs.closeSync(fd);
  }
}

interface StoreContext {
  db: ProjectDb;
  writer: DocumentWriter;
  options: CorpusImportOptions;
  labelIds: Map<string, number>;
  outcome: FileOutcome;
  /** The file's records start on lines of their own (JSONL, CoNLL, CSV): a repeated span is named with its record's line. */
  recordLines: boolean;
  repeats: RepeatTally;
  /**
   * The document CSV rows last attached to, with what it has: rows come grouped by document, so
   * this is read once per group, while memory stays bounded whatever the file's size.
   */
  lastAttached: { documentId: number; known: KnownAnnotations } | null;
}

/** What a file repeated within a document and was stored once: reported as one warning each, per file. */
interface RepeatTally {
  spans: number;
  relations: number;
  /**
   * Relations from a span to itself, left out: the app refuses such a link, and a file makes one by
   * naming a span at both ends or by relating two copies of one span, which are stored as one.
   */
  selfLinks: number;
  /** Repeats whose note or attributes were left out because the span kept lacks them: a count and the first few. */
  lostDetails: number;
  lostDetailExamples: string[];
}

const MAX_LOST_DETAIL_EXAMPLES = 5;

function labelIdFor(context: StoreContext, fileLabel: string): number {
  const name = context.options.labelMap?.[fileLabel] ?? fileLabel;
  const known = context.labelIds.get(name);
  if (known !== undefined) return known;
  const existing = findLabelByName(context.db, name);
  if (existing && !existing.deleted) {
    context.labelIds.set(name, existing.label.id);
    return existing.label.id;
  }
  // A colour no label of the project has yet, so that labels from different imports stay apart.
  const fields = { color: pickLabelColour(listLabels(context.db).map((label) => label.color)), hotkey: null, description: 'Added by an import.' };
  // A deleted label's name is still taken: the file's label brings that one back, as if created here.
  if (existing) reviveLabel(context.db, existing.label.id, fields);
  const id = existing ? existing.label.id : insertLabel(context.db, { name, ...fields }).id;
  context.labelIds.set(name, id);
  context.outcome.labelsCreated.push(name);
  return id;
}

function titleOf(document: AnnotatedDocument, fallback: string): string {
  if (document.title) return document.title;
  return titleFromText(document.text) || fallback;
}

/** What makes two spans the same span: label, range and fragments (as stored: null for one range). */
function spanIdentity(labelId: number, start: number, end: number, fragments: Array<[number, number]> | null): string {
  return `${labelId}:${start}:${end}:${fragments ? JSON.stringify(fragments) : ''}`;
}

function relationIdentity(type: string, from: number, to: number): string {
  return `${from}:${to}:${type}`;
}

/** Where a span or relation a document already has came from: the project (a merge) or earlier in this file. */
type Origin = 'project' | 'file';

/** A span the document has, which a later identical one is stored as rather than stored again. */
interface KeptSpan {
  id: number;
  origin: Origin;
  note: string | null;
  attributes: Record<string, SpanAttributeValue>;
}

/**
 * What a document has by identity while its spans and relations are stored: those of the document
 * already there when merging, then each one the file adds. One lookup per span, no query, as the
 * import benchmark requires.
 */
interface KnownAnnotations {
  spans: Map<string, KeptSpan>;
  relations: Map<string, Origin>;
}

function emptyKnownAnnotations(): KnownAnnotations {
  return { spans: new Map(), relations: new Map() };
}

function mergeTarget(db: ProjectDb, documentId: number): KnownAnnotations {
  const known = emptyKnownAnnotations();
  for (const span of listSpans(db, documentId)) {
    const identity = spanIdentity(span.labelId, span.start, span.end, span.fragments);
    if (!known.spans.has(identity)) known.spans.set(identity, { id: span.id, origin: 'project', note: span.note, attributes: span.attributes });
  }
  const rows = statement(db, 'SELECT type, from_span_id AS fromId, to_span_id AS toId FROM relations WHERE document_id = ?').all(documentId) as Array<{ type: string; fromId: number; toId: number }>;
  for (const row of rows) known.relations.set(relationIdentity(row.type, row.fromId, row.toId), 'project');
  return known;
}

/**
 * Whether a repeated span says what the kept one does not: a note, or an attribute the kept span
 * lacks or has otherwise. Values compare as text, since brat reads every value back as a string
 * and a brat round trip would otherwise report every numeric or boolean attribute.
 */
function carriesMore(kept: KeptSpan, repeat: SpanInput): boolean {
  if (repeat.note && repeat.note !== kept.note) return true;
  return Object.entries(repeat.attributes ?? {}).some(([name, value]) => !Object.hasOwn(kept.attributes, name) || String(kept.attributes[name]) !== String(value));
}

/** A repeated span as the summary names it: by its key, and by its line in a file of records on lines (its own row in CSV). */
function describeRepeat(span: SpanInput, recordLine: number, recordLines: boolean): string {
  return `${span.key !== undefined ? `${span.key} ` : ''}${span.label} [${span.start}, ${span.end})${recordLines ? ` (line ${span.line ?? recordLine})` : ''}`;
}

function noteDuplicate(outcome: FileOutcome, note: DuplicateNote): void {
  if (outcome.duplicateNotes.length < MAX_NOTES) outcome.duplicateNotes.push(note);
}

/**
 * Stores one checked document with its spans and relations; returns false for a skipped duplicate.
 * A document whose text is already in the project is skipped (its spans and relations counted as
 * left out), stored again (`keep`), or merged: its spans and relations go to the document already
 * there, as CSV rows attach to theirs, except those it already has.
 */
function storeDocument(context: StoreContext, imported: ImportedDocument, attachTo: number | null, fallbackTitle: string): boolean {
  const { db, outcome } = context;
  const document = imported.document;
  let documentId: number;
  let merging = false;
  let known = emptyKnownAnnotations();
  if (attachTo !== null) {
    documentId = attachTo;
    // CSV rows add spans to a document already there, so what it has is not stored twice either.
    if (context.lastAttached?.documentId !== attachTo) context.lastAttached = { documentId: attachTo, known: mergeTarget(db, attachTo) };
    known = context.lastAttached.known;
  } else {
    const sha256 = sha256Hex(document.text);
    const existing = context.options.onDuplicate === 'keep' ? null : context.writer.findBySha256(sha256);
    if (existing !== null && context.options.onDuplicate === 'skip') {
      outcome.duplicates++;
      outcome.duplicateSpans += document.spans.length;
      outcome.duplicateRelations += document.relations.length;
      noteDuplicate(outcome, { line: imported.line, title: titleOf(document, fallbackTitle), existingDocumentId: existing, merged: false, spans: document.spans.length, relations: document.relations.length });
      return false;
    }
    if (existing !== null) {
      documentId = existing;
      merging = true;
      known = mergeTarget(db, existing);
    } else {
      documentId = context.writer.insert(
        { ...document, title: titleOf(document, fallbackTitle) },
        { sha256, status: document.status ?? (document.spans.length > 0 ? 'in_progress' : 'new') },
      );
    }
  }
  const index = new OffsetIndex(document.text);
  const now = nowIso();
  const idsByKey = new Map<string, number>();
  const spansBefore = outcome.spans;
  const relationsBefore = outcome.relations;
  for (const span of document.spans) {
    const labelId = labelIdFor(context, span.label);
    const fragments = span.fragments && span.fragments.length > 1 ? span.fragments : null;
    const identity = spanIdentity(labelId, span.start, span.end, fragments);
    const kept = known.spans.get(identity);
    if (kept !== undefined) {
      // As in the app, the same label over the very same characters is one span (spansRepo.findSameSpan):
      // the file's relations name this one by its key, so they attach to the span kept.
      if (span.key !== undefined) idsByKey.set(span.key, kept.id);
      if (kept.origin === 'project') outcome.spansAlreadyThere++;
      else context.repeats.spans++;
      // The kept span's note and attributes stay as they are: which of two differing notes is right
      // is for the annotator, so the other one is named in the summary rather than merged in.
      if (carriesMore(kept, span)) {
        context.repeats.lostDetails++;
        if (context.repeats.lostDetailExamples.length < MAX_LOST_DETAIL_EXAMPLES) context.repeats.lostDetailExamples.push(describeRepeat(span, imported.line, context.recordLines));
      }
      continue;
    }
    const stored = insertSpan(db, {
      documentId,
      labelId,
      start: span.start,
      end: span.end,
      text: document.text.slice(index.toUtf16(span.start), index.toUtf16(span.end)),
      note: span.note ?? null,
      attributes: span.attributes ?? {},
      fragments,
      author: span.author ?? null,
      createdAt: span.createdAt ?? now,
      updatedAt: span.updatedAt ?? span.createdAt ?? now,
    });
    if (span.key !== undefined) idsByKey.set(span.key, stored.id);
    known.spans.set(identity, { id: stored.id, origin: 'file', note: stored.note, attributes: stored.attributes });
    outcome.spans++;
  }
  const insertRelation = db.prepare('INSERT INTO relations (document_id, type, from_span_id, to_span_id, note, author, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)');
  for (const relation of document.relations) {
    const from = idsByKey.get(relation.from);
    const to = idsByKey.get(relation.to);
    if (from === undefined || to === undefined) {
      addWarning(outcome, { file: outcome.file, line: imported.line, reason: `relation ${relation.key ?? relation.type} refers to a span that was not imported; left out` });
      continue;
    }
    if (from === to) {
      context.repeats.selfLinks++;
      continue;
    }
    // A relation named twice, or naming a repeated span and so the same as one before it, is stored once.
    const identity = relationIdentity(relation.type, from, to);
    const origin = known.relations.get(identity);
    if (origin !== undefined) {
      if (origin === 'project') outcome.relationsAlreadyThere++;
      else context.repeats.relations++;
      continue;
    }
    insertRelation.run(documentId, relation.type, from, to, relation.note ?? null, null, now);
    known.relations.set(identity, 'file');
    outcome.relations++;
  }
  if (merging) {
    const spansAdded = outcome.spans - spansBefore;
    outcome.merged++;
    noteDuplicate(outcome, { line: imported.line, title: titleOf(document, fallbackTitle), existingDocumentId: documentId, merged: true, spans: spansAdded, relations: outcome.relations - relationsBefore });
    // As a first span does in the app: a new document with spans is in progress (a done one stays done).
    if (spansAdded > 0 && getDocumentSummary(db, documentId)?.status === 'new') setDocumentStatus(db, documentId, 'in_progress');
    else if (spansAdded > 0 || outcome.relations > relationsBefore) touchDocument(db, documentId);
  }
  if (attachTo === null && !merging) outcome.imported++;
  return true;
}

/**
 * The file's repeats as warnings, ahead of the per-record ones so that the first warnings shown
 * (the report keeps the first MAX_NOTES) always include them.
 */
function reportRepeats(outcome: FileOutcome, repeats: RepeatTally): void {
  const reasons: string[] = [];
  if (repeats.spans > 0) reasons.push(`${plural(repeats.spans, 'duplicate span')} (same label over the same characters) ${repeats.spans === 1 ? 'was' : 'were'} stored once`);
  if (repeats.relations > 0) reasons.push(`${plural(repeats.relations, 'duplicate relation')} (same type between the same spans) ${repeats.relations === 1 ? 'was' : 'were'} stored once`);
  if (repeats.selfLinks > 0) reasons.push(`${plural(repeats.selfLinks, 'relation')} from a span to itself (or to a copy of it) ${repeats.selfLinks === 1 ? 'was' : 'were'} left out`);
  if (repeats.lostDetails > 0) {
    const more = repeats.lostDetails > repeats.lostDetailExamples.length ? ', …' : '';
    reasons.push(
      `${plural(repeats.lostDetails, 'span')} repeating one already stored carried a note or attributes it lacks; the stored span's were kept and theirs left out: ${repeats.lostDetailExamples.join(', ')}${more}`,
    );
  }
  if (reasons.length === 0) return;
  outcome.warningCount += reasons.length;
  outcome.warnings.unshift(...reasons.map((reason) => ({ file: outcome.file, reason })));
  outcome.warnings.length = Math.min(outcome.warnings.length, MAX_NOTES);
}

function addProblem(outcome: FileOutcome, problem: InputProblem): void {
  outcome.problemCount++;
  if (outcome.problems.length < MAX_NOTES) outcome.problems.push({ file: problem.file, ...(problem.line !== undefined ? { line: problem.line } : {}), ...(problem.byteOffset !== undefined ? { byteOffset: problem.byteOffset } : {}), reason: problem.reason });
}

function addWarning(outcome: FileOutcome, problem: InputProblem): void {
  outcome.warningCount++;
  if (outcome.warnings.length < MAX_NOTES) outcome.warnings.push({ file: problem.file, ...(problem.line !== undefined ? { line: problem.line } : {}), reason: problem.reason });
}

/** Every format's reason already names the span it is about ("span T1: …", "region r3 …"). */
function describeSpanProblem(problem: FormatProblem): InputProblem {
  return { file: problem.file, ...(problem.line !== undefined ? { line: problem.line } : {}), reason: problem.reason };
}

/**
 * The texts of a W3C export, as the sources its annotations use (`texts/7.txt`), in document
 * order: annotations name only the texts they target, so a document without spans is found
 * here or not at all. Only for a folder with this one .jsonld file, as planImport reads
 * texts/ through it; several annotation files could not tell whose texts are whose.
 */
function w3cExportTexts(file: string): string[] | null {
  const base = path.dirname(path.resolve(file));
  const folder = path.join(base, 'texts');
  if (!file.toLowerCase().endsWith('.jsonld') || !fs.existsSync(folder) || !fs.statSync(folder).isDirectory()) return null;
  const jsonld = fs.readdirSync(base).filter((name) => name.toLowerCase().endsWith('.jsonld'));
  if (jsonld.length !== 1) return null;
  // The exporter names texts after document ids: numeric order is the export's order.
  return fs
    .readdirSync(folder, { withFileTypes: true })
    .filter((entry) => entry.isFile() && entry.name.endsWith('.txt') && !entry.name.startsWith('.'))
    .map((entry) => entry.name)
    .sort((a, b) => a.localeCompare(b, 'en', { numeric: true }))
    .map((name) => `texts/${name}`);
}

export function importAnnotationUnit(
  db: ProjectDb,
  writer: DocumentWriter,
  unit: AnnotationUnit,
  options: CorpusImportOptions,
  isCancelled: () => boolean,
  onProgress: (bytesDoneInUnit: number, newDocuments: number) => void,
): FileOutcome {
  const file = unit.kind === 'brat' ? unit.ann : unit.path;
  const format: AnnotationFormat = unit.kind === 'brat' ? 'brat' : unit.format;
  const outcome = emptyOutcome(file, format);
  const context: StoreContext = {
    db,
    writer,
    options,
    labelIds: new Map(),
    outcome,
    recordLines: isLineFormat(format),
    lastAttached: null,
    repeats: { spans: 0, relations: 0, selfLinks: 0, lostDetails: 0, lostDetailExamples: [] },
  };
  const skipInvalid = options.skipInvalid;
  const offsets = options.offsets ? { offsets: options.offsets } : {};
  const fallbackTitle = path.basename(unit.kind === 'brat' ? unit.txt : unit.path).replace(/\.[^.]+$/, '');
  /**
   * CSV span rows attach to documents already in the project, named by their Spanbench id (what
   * `spanbench export --format csv` writes) or by the id they had in the source they were imported
   * from. When both name a document and they are different documents, the row's title decides;
   * when nothing decides, the rows are refused rather than attached to a guess.
   */
  const attachIds = new Map<string, number>();
  const resolveProjectText = (id: string, title: string | undefined): string | { problem: string } | undefined => {
    let found = findDocumentsNamed(db, id);
    if (found.length === 0) return undefined;
    if (found.length > 1 && title !== undefined) {
      const titled = found.filter((row) => row.title === title);
      if (titled.length > 0) found = titled;
    }
    if (found.length > 1) {
      const named = found.slice(0, 3).map((row) => `#${row.id} ${JSON.stringify(row.title ?? '')}`).join(', ');
      const decide = title === undefined ? "add a title column with each document's title to tell them apart" : `none of them has the row's title ${JSON.stringify(title)}`;
      return { problem: `document_id ${JSON.stringify(id)} names ${found.length} documents (${named}${found.length > 3 ? ', …' : ''}): ${decide}` };
    }
    attachIds.set(id, found[0]!.id);
    return found[0]!.text;
  };

  const take = (result: ImportResult) => {
    for (const problem of result.errors) addProblem(outcome, describeSpanProblem(problem));
    for (const warning of result.warnings) addWarning(outcome, describeSpanProblem(warning));
    if (result.errors.length > 0 && !skipInvalid) outcome.refused = true;
    for (const imported of result.documents) {
      for (const warning of imported.warnings) addWarning(outcome, describeSpanProblem(warning));
      if (imported.errors.length > 0) {
        for (const problem of imported.errors) addProblem(outcome, describeSpanProblem(problem));
        if (!skipInvalid) outcome.refused = true;
        continue;
      }
      // As an article import refuses one: a document with no text has nothing to annotate.
      if (format !== 'csv' && imported.document.text.trim() === '') {
        addProblem(outcome, { file, ...(imported.line !== undefined ? { line: imported.line } : {}), reason: 'the document has no text' });
        if (!skipInvalid) outcome.refused = true;
        continue;
      }
      // Whatever the parser let through, the database only takes spans inside the text with end > start.
      const length = [...imported.document.text].length;
      const broken = imported.document.spans.find((span) => !(Number.isSafeInteger(span.start) && Number.isSafeInteger(span.end) && span.start >= 0 && span.end > span.start && span.end <= length));
      if (broken) {
        addProblem(outcome, { file, line: imported.line, reason: `span ${broken.key ?? broken.label} [${broken.start}, ${broken.end}) is empty or outside the text (${length} characters)` });
        if (!skipInvalid) outcome.refused = true;
        continue;
      }
      if (outcome.refused) continue;
      const attachTo = format === 'csv' ? (attachIds.get(imported.document.externalId ?? '') ?? null) : null;
      storeDocument(context, imported, attachTo, fallbackTitle);
    }
  };

  // A brat file named on its own: its other half is found beside it.
  if (unit.kind === 'file' && format === 'brat') {
    const stem = unit.path.replace(/\.(ann|txt)$/i, '');
    const conf = path.join(path.dirname(unit.path), 'annotation.conf');
    unit = { kind: 'brat', txt: `${stem}.txt`, ann: `${stem}.ann`, conf: fs.existsSync(conf) ? conf : null };
  }
  // An empty file is refused as the article import refuses one, whichever format was named.
  if (unit.kind === 'file' && fs.statSync(unit.path).size === 0) {
    addProblem(outcome, { file, reason: 'the file is empty' });
    outcome.refused = true;
    return outcome;
  }
  let committed = false;
  try {
    db.exec('BEGIN IMMEDIATE');
    if (unit.kind === 'brat') {
      if (!fs.existsSync(unit.txt)) {
        addProblem(outcome, { file, reason: `there is no text file ${path.basename(unit.txt)} beside it, so its offsets cannot be checked` });
        outcome.refused = true;
      } else {
        const conf = unit.conf ? readText(unit.conf) : undefined;
        // brat treats a text without an .ann as a document with no annotations yet.
        const annText = fs.existsSync(unit.ann) ? readText(unit.ann) : '';
        // brat reads only UTF-8, keeping a BOM as character 0 (see BratPair.txtHadBom).
        const txt = readDecoded(unit.txt);
        take(importBrat({ txtName: unit.txt, txtText: txt.text, txtHadBom: txt.hadBom && txt.encoding === 'utf-8', annText, annName: unit.ann }, { ...offsets, ...(conf !== undefined ? { conf } : {}) }));
        onProgress(fs.statSync(unit.txt).size, outcome.imported);
      }
    } else if (format === 'w3c') {
      const base = path.dirname(path.resolve(unit.path));
      const texts = w3cExportTexts(unit.path);
      take(
        importW3c(unit.path, readText(unit.path), {
          ...offsets,
          ...(texts ? { texts } : {}),
          resolveText: (source) => {
            // Only files beside the annotation file: a crafted `source` must not read elsewhere.
            const target = path.resolve(base, source);
            if (!target.startsWith(base + path.sep) || !fs.existsSync(target)) return undefined;
            return readText(target);
          },
        }),
      );
      onProgress(fs.statSync(unit.path).size, outcome.imported);
    } else if (isLineFormat(format)) {
      const lineOptions = format === 'csv' ? { ...offsets, resolveText: resolveProjectText } : offsets;
      const finished = streamLines(unit.path, format, lineOptions as never, take, (bytes) => onProgress(bytes, outcome.imported), isCancelled);
      if (!finished) outcome.cancelled = true;
    } else {
      const fileOptions = format === 'labelstudio' && options.includePredictions ? { ...offsets, includePredictions: true } : offsets;
      take(importFile(format as 'labelstudio' | 'webanno', unit.path, readText(unit.path), fileOptions as never));
      onProgress(fs.statSync(unit.path).size, outcome.imported);
    }
    if (outcome.refused || outcome.cancelled) {
      db.exec('ROLLBACK');
      outcome.labelsCreated = [];
    } else {
      db.exec('COMMIT');
      committed = true;
      reportRepeats(outcome, context.repeats);
    }
  } catch (error) {
    if (!committed && db.inTransaction) db.exec('ROLLBACK');
    outcome.labelsCreated = [];
    const failure = storageFailure(error);
    outcome.refused = true;
    if (failure) {
      outcome.diskFull = failure.diskFull;
      addProblem(outcome, { file, reason: failure.reason });
    } else if (error instanceof Error && (error.name === 'ImportError' || /^\//.test(error.message) || error.message.startsWith(file))) {
      addProblem(outcome, { file, reason: error.message.startsWith(file) ? error.message.slice(file.length).replace(/^[:\s]+/, '') : error.message });
    } else {
      throw error;
    }
  }
  if (outcome.refused) {
    outcome.imported = 0;
    outcome.spans = 0;
    outcome.relations = 0;
    // Nothing was merged either, and nothing is left out that importing with merge would bring in.
    outcome.merged = 0;
    outcome.spansAlreadyThere = 0;
    outcome.relationsAlreadyThere = 0;
    outcome.duplicateSpans = 0;
    outcome.duplicateRelations = 0;
  }
  return outcome;
}
