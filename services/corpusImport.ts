/**
 * Importing article files into a project: the Node half of corpus import.
 *
 * Each file is read in chunks and stored in its own transaction, so a refused or
 * cancelled file leaves the project exactly as it was while files already done stay.
 * Memory stays bounded whatever the file size: only one chunk and the records it
 * completes are held at a time. Synchronous on purpose: it runs in the CLI and in a
 * dedicated import worker, never on a thread that must stay responsive.
 */
import fs from 'node:fs';
import path from 'node:path';
import {
  createImportStream,
  detectFormat,
  FORMAT_BY_EXTENSION,
  isArticleFormat,
  RecordCollector,
  SNIFF_BYTES,
  type ArticleFormat,
  type ArticleParseOptions,
} from '../core/import/index';
import { titleFromText } from '../core/import/titleFromText';
import type { ArticleInput, InputProblem } from '../core/model';
import { annotationFormats, importFormatChoices, type AnnotationFormat, type DuplicateChoice, type ImportFormatChoice, type ImportJobSummary, type JobFileOutcome, type JobProgress } from '../contract/api';
import { detectAnnotationFormat } from '../core/formats/index';
import type { OffsetUnit } from '../core/formats/types';
import { importAnnotationUnit } from './annotationImport';
import { DocumentWriter, sha256Hex } from '../db/documentsRepo';
import type { ProjectDb } from '../db/open';

export const CORPUS_FORMATS = importFormatChoices;
export type CorpusFormatChoice = ImportFormatChoice;

export interface CorpusImportOptions {
  format: ImportFormatChoice;
  /** Annotation formats: overrides the unit the file's offsets are read in. */
  offsets?: OffsetUnit;
  /** Annotation formats: label in the file -> label in the project. */
  labelMap?: Record<string, string>;
  /** Label Studio: import a task's predictions (model output) as spans too, beside its annotations. */
  includePredictions?: boolean;
  /** csv/tsv text column, json/jsonl text field. */
  textColumn?: string;
  /** `merge` adds an annotation file's spans and relations to the document already there; article files have none, so it skips them. */
  onDuplicate: DuplicateChoice;
  skipInvalid: boolean;
  firstLineIsTitle?: boolean;
  maxProblems?: number;
}

export type DuplicateNote = JobFileOutcome['duplicateNotes'][number];

/** One file's outcome: what the contract reports, plus what the importer needs to decide to stop. */
export interface FileOutcome extends JobFileOutcome {
  /** The disk filled up while storing this file. */
  diskFull: boolean;
}

export type ImportProgress = JobProgress;

export interface ImportSummary extends Omit<ImportJobSummary, 'files'> {
  files: FileOutcome[];
}

export interface ImportHooks {
  onProgress?(progress: ImportProgress): void;
  isCancelled?(): boolean;
  /** Least time between two progress reports. */
  progressIntervalMs?: number;
}

const CHUNK_BYTES = 1 << 20;
const MAX_NOTES = 100;

export class ImportPathError extends Error {}

export type ImportUnit = { kind: 'file'; path: string } | { kind: 'brat'; txt: string; ann: string; conf: string | null };

const ANNOTATION_EXTENSIONS = new Set(['ann', 'conll', 'conllu', 'iob', 'iob2', 'bio', 'bioes', 'jsonld', 'tsv']);

function unitPath(unit: ImportUnit): string {
  return unit.kind === 'brat' ? unit.ann : unit.path;
}

/**
 * What to import, in order: files named directly, and the readable files under folders
 * (recursively, in name order). A .txt with a .ann of the same name is one brat document
 * (with the folder's annotation.conf) when the format is auto or brat; a W3C export's texts/
 * folder is read through its annotation file, not imported again.
 */
export function planImport(paths: readonly string[], format: ImportFormatChoice = 'auto'): { units: ImportUnit[]; skipped: string[] } {
  const units: ImportUnit[] = [];
  const skipped: string[] = [];
  const pairedStems = new Set<string>();
  // A .txt with a .ann beside it is a brat document only when brat is chosen or being detected:
  // `--format txt` (or conll, md…) reads the .txt as that format, whatever lies beside it.
  const pairsBrat = format === 'auto' || format === 'brat';
  const walk = (dir: string) => {
    const entries = fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name));
    const names = new Set(entries.filter((e) => e.isFile()).map((e) => e.name));
    const conf = names.has('annotation.conf') ? path.join(dir, 'annotation.conf') : null;
    const hasJsonld = entries.some((e) => e.isFile() && e.name.endsWith('.jsonld'));
    for (const entry of entries) {
      if (entry.name.startsWith('.')) continue;
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) {
        if (hasJsonld && entry.name === 'texts') continue;
        walk(full);
        continue;
      }
      if (!entry.isFile()) continue;
      const ext = path.extname(entry.name).slice(1).toLowerCase();
      const stem = entry.name.slice(0, entry.name.length - ext.length - 1);
      if (ext === 'conf' || (ext === 'ann' && names.has(`${stem}.txt`))) continue;
      if (ext === 'ann') {
        // An annotation file with no text beside it: one brat unit, refused with its reason.
        units.push({ kind: 'brat', txt: path.join(dir, `${stem}.txt`), ann: full, conf });
      } else if (ext === 'txt' && pairsBrat && (names.has(`${stem}.ann`) || format === 'brat')) {
        units.push({ kind: 'brat', txt: full, ann: path.join(dir, `${stem}.ann`), conf });
      } else if (Object.hasOwn(FORMAT_BY_EXTENSION, ext) || ANNOTATION_EXTENSIONS.has(ext) || format !== 'auto') {
        units.push({ kind: 'file', path: full });
      } else {
        skipped.push(full);
      }
    }
  };
  for (const given of paths) {
    let stat: fs.Stats;
    try {
      stat = fs.statSync(given);
    } catch {
      throw new ImportPathError(`${given}: no such file or folder`);
    }
    if (stat.isDirectory()) {
      walk(given);
      continue;
    }
    const lower = given.toLowerCase();
    if (path.basename(lower) === 'annotation.conf' || path.basename(lower) === 'visual.conf') continue;
    const stem = given.slice(0, -4);
    // As in a folder: the .ann of a .txt read under another format is passed over, not read as brat.
    if (!pairsBrat && lower.endsWith('.ann') && fs.existsSync(`${stem}.txt`)) continue;
    // A brat half named on its own (or both halves, as a folder upload names them) is one document.
    const isBratHalf = lower.endsWith('.ann') || (lower.endsWith('.txt') && pairsBrat && (format === 'brat' || fs.existsSync(`${stem}.ann`)));
    if (isBratHalf) {
      if (pairedStems.has(stem)) continue;
      pairedStems.add(stem);
      const conf = path.join(path.dirname(given), 'annotation.conf');
      units.push({ kind: 'brat', txt: `${stem}.txt`, ann: `${stem}.ann`, conf: fs.existsSync(conf) ? conf : null });
    } else units.push({ kind: 'file', path: given });
  }
  return { units, skipped };
}

/** The span CSV's header (document_id,…,label,start,end…) tells it from an article CSV. */
function isSpanCsv(head: string): boolean {
  const header = head.replace(/^\uFEFF/, '').split(/\r?\n/, 1)[0]!.toLowerCase();
  const cells = header.split(',').map((cell) => cell.trim().replace(/^"|"$/g, ''));
  return ['label', 'start', 'end'].every((c) => cells.includes(c)) && cells.some((c) => c === 'document_id' || c === 'document' || c === 'doc_id');
}

/** Which annotation format a file is in, or null for an article file. */
export function annotationFormatOf(file: string, choice: ImportFormatChoice): AnnotationFormat | null {
  const explicit = (annotationFormats as readonly string[]).includes(choice) && choice !== 'csv' ? (choice as AnnotationFormat) : null;
  if (explicit) return explicit;
  if (choice !== 'auto' && choice !== 'csv') return null;
  let head = '';
  try {
    const fd = fs.openSync(file, 'r');
    try {
      const buffer = Buffer.alloc(SNIFF_BYTES);
      const read = fs.readSync(fd, buffer, 0, SNIFF_BYTES, 0);
      head = new TextDecoder('utf-8').decode(buffer.subarray(0, read));
    } finally {
      fs.closeSync(fd);
    }
  } catch {
    return null;
  }
  if (choice === 'csv' || file.toLowerCase().endsWith('.csv')) return isSpanCsv(head) ? 'csv' : null;
  const detected = detectAnnotationFormat(file, head);
  return detected === 'csv' ? null : detected;
}

export function importCorpus(db: ProjectDb, paths: readonly string[], options: CorpusImportOptions, hooks: ImportHooks = {}): ImportSummary {
  const started = Date.now();
  const { units, skipped } = planImport(paths, options.format);
  const files = units.map(unitPath);
  const sizes = units.map((unit) => {
    try {
      return unit.kind === 'brat' ? fs.statSync(unit.txt).size + fs.statSync(unit.ann).size : fs.statSync(unit.path).size;
    } catch {
      return 0;
    }
  });
  const bytesTotal = sizes.reduce((a, b) => a + b, 0);
  const writer = new DocumentWriter(db);
  const outcomes: FileOutcome[] = [];
  let bytesBefore = 0;
  let documentsDone = 0;
  let lastReport = 0;
  let cancelled = false;

  const report = (filesDone: number, currentFile: string | null, bytesDone: number, force = false) => {
    const now = Date.now();
    if (!hooks.onProgress || (!force && now - lastReport < (hooks.progressIntervalMs ?? 100))) return;
    lastReport = now;
    hooks.onProgress({ filesDone, filesTotal: files.length, currentFile, bytesDone, bytesTotal, documentsDone, elapsedMs: now - started });
  };

  for (const [index, file] of files.entries()) {
    if (hooks.isCancelled?.()) {
      cancelled = true;
      break;
    }
    const unit = units[index]!;
    const onChunk = (bytes: number, docs: number) => {
      documentsDone += docs;
      report(index, file, bytesBefore + bytes);
    };
    const annotationFormat = unit.kind === 'brat' ? 'brat' : annotationFormatOf(unit.path, options.format);
    const outcome =
      unit.kind === 'brat'
        ? importAnnotationUnit(db, writer, { kind: 'brat', txt: unit.txt, ann: unit.ann, conf: unit.conf }, options, () => hooks.isCancelled?.() ?? false, (bytes) => onChunk(bytes, 0))
        : annotationFormat
          ? importAnnotationUnit(db, writer, { kind: 'file', path: unit.path, format: annotationFormat }, options, () => hooks.isCancelled?.() ?? false, (bytes) => onChunk(bytes, 0))
          : importOneFile(db, writer, file, options, hooks, onChunk);
    if (outcome.format !== null && annotationFormat) documentsDone += outcome.refused ? 0 : outcome.imported;
    outcomes.push(outcome);
    bytesBefore += sizes[index]!;
    if (outcome.cancelled) {
      cancelled = true;
      break;
    }
    report(index + 1, null, bytesBefore, true);
    // With a full disk every later file would fail the same way.
    if (outcome.diskFull) break;
  }

  // A refused or cancelled file stored nothing: none of its counts happened.
  const stored = (count: (outcome: FileOutcome) => number) => outcomes.reduce((n, o) => n + (o.refused || o.cancelled ? 0 : count(o)), 0);
  return {
    files: outcomes,
    imported: stored((o) => o.imported),
    spans: stored((o) => o.spans),
    relations: stored((o) => o.relations),
    labelsCreated: [...new Set(outcomes.flatMap((o) => o.labelsCreated))],
    duplicates: stored((o) => o.duplicates),
    duplicateSpans: stored((o) => o.duplicateSpans),
    duplicateRelations: stored((o) => o.duplicateRelations),
    merged: stored((o) => o.merged),
    spansAlreadyThere: stored((o) => o.spansAlreadyThere),
    relationsAlreadyThere: stored((o) => o.relationsAlreadyThere),
    refusedFiles: outcomes.filter((o) => o.refused).length,
    problemCount: outcomes.reduce((n, o) => n + o.problemCount, 0),
    skippedFiles: skipped,
    cancelled,
    elapsedMs: Date.now() - started,
  };
}

/** A file's outcome before anything is read from it. */
export function emptyOutcome(file: string, format: string | null): FileOutcome {
  return {
    file,
    format,
    imported: 0,
    spans: 0,
    relations: 0,
    labelsCreated: [],
    warnings: [],
    warningCount: 0,
    duplicates: 0,
    duplicateSpans: 0,
    duplicateRelations: 0,
    merged: 0,
    spansAlreadyThere: 0,
    relationsAlreadyThere: 0,
    duplicateNotes: [],
    refused: false,
    problems: [],
    problemCount: 0,
    cancelled: false,
    diskFull: false,
  };
}

/** What to tell the user when storing failed for a reason outside the file: a full disk, another writer. */
export function storageFailure(error: unknown): { reason: string; diskFull: boolean } | null {
  const code = (error as { code?: string }).code;
  if (code === 'SQLITE_FULL') return { reason: 'The disk is full: nothing from this file was imported. Free some space and import it again.', diskFull: true };
  if (code === 'SQLITE_BUSY') return { reason: 'The project is busy (another program is writing to it): nothing from this file was imported. Try again.', diskFull: false };
  return null;
}

function importOneFile(
  db: ProjectDb,
  writer: DocumentWriter,
  file: string,
  options: CorpusImportOptions,
  hooks: ImportHooks,
  onChunk: (bytesDoneInFile: number, newDocuments: number) => void,
): FileOutcome {
  const outcome = emptyOutcome(file, null);
  const refuse = (reason: string) => {
    outcome.refused = true;
    outcome.problems.push({ file, reason });
    outcome.problemCount++;
    return outcome;
  };

  let fd: number;
  try {
    fd = fs.openSync(file, 'r');
  } catch (error) {
    return refuse(`cannot be read: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
  }
  try {
    const buffer = Buffer.alloc(CHUNK_BYTES);
    let read = fs.readSync(fd, buffer, 0, CHUNK_BYTES, null);
    const firstChunk = buffer.subarray(0, read);
    if (read === 0) return refuse('the file is empty');
    const format: ArticleFormat = isArticleFormat(options.format) ? options.format : detectFormat(file, firstChunk.subarray(0, SNIFF_BYTES));
    outcome.format = format;
    const parseOptions: ArticleParseOptions = { firstLineIsTitle: options.firstLineIsTitle ?? false };
    if (options.textColumn !== undefined) parseOptions.textField = options.textColumn;
    const stream = createImportStream(file, format, parseOptions);
    const collector = new RecordCollector(file, options.skipInvalid ? 'skip-invalid' : 'refuse-file', options.maxProblems ?? MAX_NOTES);

    let committed = false;
    try {
      // Inside the try: another writer holding the lock past busy_timeout makes BEGIN itself fail (SQLITE_BUSY).
      db.exec('BEGIN IMMEDIATE');
      let bytesDone = 0;
      let chunk: Uint8Array = firstChunk;
      for (;;) {
        bytesDone += chunk.length;
        const before = outcome.imported;
        // Records are parsed even after a refusal, so the report can name every bad one.
        const records = chunk.length > 0 ? stream.push(chunk) : stream.end();
        for (const article of collector.take(records)) {
          storeArticle(writer, article, options, outcome, records);
        }
        onChunk(bytesDone, outcome.imported - before);
        if (chunk.length === 0) break;
        if (hooks.isCancelled?.()) {
          outcome.cancelled = true;
          break;
        }
        read = fs.readSync(fd, buffer, 0, CHUNK_BYTES, null);
        chunk = buffer.subarray(0, read);
      }
      const collected = collector.finish();
      outcome.problems = collected.problems;
      outcome.problemCount = collected.problemCount;
      outcome.refused = collected.refused;
      if (outcome.refused || outcome.cancelled) {
        db.exec('ROLLBACK');
      } else {
        db.exec('COMMIT');
        committed = true;
      }
    } catch (error) {
      if (!committed && db.inTransaction) db.exec('ROLLBACK');
      const failure = storageFailure(error);
      if (!failure) throw error;
      outcome.diskFull = failure.diskFull;
      return refuse(failure.reason);
    }
    return outcome;
  } finally {
    fs.closeSync(fd);
  }
}

function storeArticle(writer: DocumentWriter, article: ArticleInput, options: CorpusImportOptions, outcome: FileOutcome, records: ReturnType<ReturnType<typeof createImportStream>['push']>): void {
  const sha256 = sha256Hex(article.text);
  // An article has no annotations to merge into the document already there: merge skips it.
  if (options.onDuplicate !== 'keep') {
    const existing = writer.findBySha256(sha256);
    if (existing !== null) {
      outcome.duplicates++;
      if (outcome.duplicateNotes.length < MAX_NOTES) {
        const record = records.find((r) => r.ok && r.article === article);
        outcome.duplicateNotes.push({ line: record?.line ?? 0, title: article.title ?? titleFromText(article.text), existingDocumentId: existing, merged: false, spans: 0, relations: 0 });
      }
      return;
    }
  }
  writer.insert({ ...article, title: article.title ?? titleFromText(article.text) }, { sha256 });
  outcome.imported++;
}
