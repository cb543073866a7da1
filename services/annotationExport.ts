/**
 * Exporting a project to an annotation format: documents stream from the database through
 * the format's exporter into files, one document at a time, so memory stays bounded.
 *
 * The export is written beside its destination under a temporary name and renamed into
 * place at the end: a cancelled or failed export leaves no half-written dataset behind.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { AnnotationFormat, ExportJobSummary, JobProgress } from '../contract/api';
import { createExporter, FORMATS, labelStudioLabelingConfig } from '../core/formats/index';
import type { FormatExporter, OffsetUnit, OutputChunk } from '../core/formats/types';
import { listLabels } from '../db/labelsRepo';
import { listRelationTypes } from '../db/relationsRepo';
import { databaseKindOf, type ProjectDb } from '../db/open';
import { countExportDocuments, exportDocuments, splitOf, type ExportSelection, type SplitSpec } from './exportData';

export interface ExportRequest {
  format: AnnotationFormat;
  /** A file for single-file formats, a folder for folder formats (brat, w3c). */
  outPath: string;
  offsets?: OffsetUnit;
  selection?: ExportSelection;
  split?: SplitSpec | null;
}

export interface ExportHooks {
  onProgress?(progress: JobProgress): void;
  isCancelled?(): boolean;
  progressIntervalMs?: number;
}

export type ExportRunSummary = Omit<ExportJobSummary, 'download' | 'downloadName'>;

export class ExportCancelled extends Error {}

/** Relation types a Label Studio labeling config lists: every one a project could reasonably have. */
const MAX_CONFIG_RELATION_TYPES = 10_000;

const FLUSH_BYTES = 1 << 20;

/** Appends chunks to files under a root, buffering the single output file. */
class OutputWriter {
  readonly #root: string;
  readonly #single: string | null;
  #buffer: string[] = [];
  #buffered = 0;
  #singleFd: number | null = null;
  readonly #madeDirs = new Set<string>();
  readonly files = new Set<string>();

  /** `single`: path of the one output file ('' chunks); null for folder formats. */
  constructor(root: string, single: string | null) {
    this.#root = root;
    this.#single = single;
  }

  write(chunks: readonly OutputChunk[]): void {
    for (const chunk of chunks) {
      if (chunk.path === '') {
        if (chunk.text.length === 0) continue;
        if (this.#single === null) throw new Error('a folder format wrote to the single output file');
        this.#buffer.push(chunk.text);
        this.#buffered += chunk.text.length;
        if (this.#buffered >= FLUSH_BYTES) this.flush();
        continue;
      }
      const target = this.#resolve(chunk.path);
      const dir = path.dirname(target);
      if (!this.#madeDirs.has(dir)) {
        fs.mkdirSync(dir, { recursive: true });
        this.#madeDirs.add(dir);
      }
      fs.appendFileSync(target, chunk.text);
      this.files.add(target);
    }
  }

  flush(): void {
    if (this.#single === null || this.#buffer.length === 0) return;
    if (this.#singleFd === null) {
      fs.mkdirSync(path.dirname(this.#single), { recursive: true });
      this.#singleFd = fs.openSync(this.#single, 'w');
      this.files.add(this.#single);
    }
    fs.writeSync(this.#singleFd, this.#buffer.join(''));
    this.#buffer = [];
    this.#buffered = 0;
  }

  close(): void {
    this.flush();
    if (this.#single !== null && this.#singleFd === null) {
      // An export of nothing is still a (valid, empty) file.
      fs.mkdirSync(path.dirname(this.#single), { recursive: true });
      fs.writeFileSync(this.#single, '');
    }
    if (this.#singleFd !== null) {
      fs.fsyncSync(this.#singleFd);
      fs.closeSync(this.#singleFd);
      this.#singleFd = null;
    }
  }

  /** Exporter paths are relative and made by us, but a document title could reach them: keep them inside. */
  #resolve(relative: string): string {
    const target = path.resolve(this.#root, relative);
    if (!target.startsWith(path.resolve(this.#root) + path.sep)) throw new Error(`export path outside the export folder: ${relative}`);
    return target;
  }
}

/** Where one split's output goes: `out.train.jsonl` for files, `out/train/` for folders. */
export function splitOutputPath(outPath: string, split: string | null, output: 'file' | 'folder'): string {
  if (split === null) return outPath;
  if (output === 'folder') return path.join(outPath, split);
  const ext = path.extname(outPath);
  return ext ? `${outPath.slice(0, -ext.length)}.${split}${ext}` : `${outPath}.${split}`;
}

/** The files SQLite keeps beside a database while it is open or mid-transaction. */
const DATABASE_SIDE_FILES = ['-wal', '-shm', '-journal'] as const;

function statOrNull(file: string): fs.Stats | null {
  try {
    return fs.statSync(file);
  } catch {
    return null;
  }
}

function sameFile(a: fs.Stats | null, b: fs.Stats | null): boolean {
  return a !== null && b !== null && a.dev === b.dev && a.ino === b.ino;
}

/**
 * Throws when writing `target` would replace a database: the project being exported, another
 * Spanbench project or SQLite database, or a -wal/-shm/-journal file of one. A slip of the shell
 * (`--out` naming the project) or of the save dialog would otherwise rename the export over it
 * and destroy it. Any other existing file is replaced (the desktop save dialog asks first).
 *
 * The project is recognised by device and inode, so a symlink or hard link to it is caught too,
 * and before any file is opened: the app has the project open, and closing a descriptor of our
 * own on it would drop the app's SQLite locks (see openInThisProcess in db/open.ts).
 */
export function refuseToReplaceDatabase(target: string, projectFile: string): void {
  const targetStat = statOrNull(target);
  // Nothing there, or a folder (which a one-file export refuses as such).
  if (!targetStat?.isFile()) return;
  const projectStat = statOrNull(projectFile);
  const refuse = (what: string, kind: string): never => {
    throw new Error(`${target} is ${what}; exports never replace ${kind}: choose another name.`);
  };
  if (sameFile(targetStat, projectStat)) refuse('the project being exported', 'a project');
  const sideFile = DATABASE_SIDE_FILES.find((suffix) => target.endsWith(suffix));
  if (sideFile) {
    const database = target.slice(0, -sideFile.length);
    if (sameFile(statOrNull(database), projectStat)) refuse(`the ${sideFile} file of the project being exported`, "a database's files");
    if (databaseKindOf(database) !== null) refuse(`the ${sideFile} file of the SQLite database ${database}`, "a database's files");
  }
  const kind = databaseKindOf(target);
  if (kind === 'spanbench') refuse('a Spanbench project', 'one');
  if (kind === 'sqlite') refuse('an SQLite database', 'one');
}

export function runExport(db: ProjectDb, request: ExportRequest, hooks: ExportHooks = {}): ExportRunSummary {
  const started = Date.now();
  const info = FORMATS[request.format];
  const selection = request.selection ?? {};
  const total = countExportDocuments(db, selection);
  const finalPath = path.resolve(request.outPath);
  if (info.output === 'folder' && fs.existsSync(finalPath) && fs.readdirSync(finalPath).length > 0) {
    throw new Error(`${finalPath} is not empty; choose an empty or new folder for a ${info.title} export.`);
  }
  const splitNames = request.split ? request.split.parts.map((p) => p.name) : [null];
  if (info.output === 'file') {
    // Checked before anything is written; a folder export goes into an empty folder, replacing nothing.
    // db.name is the file the connection reads: the project itself, or its snapshot when a
    // read-only folder needed one (the project is then still refused as a Spanbench project).
    for (const name of splitNames) refuseToReplaceDatabase(splitOutputPath(finalPath, name, 'file'), db.name);
  }
  // brat lists the labels it uses (annotation.conf): in the project's order, as the README promises of exports.
  const formatOptions = request.format === 'brat' ? { labelOrder: listLabels(db).map((label) => label.name) } : {};
  // Written under a temporary name beside the destination, then renamed into place.
  const staging = `${finalPath}.partial-${process.pid}-${Date.now()}`;
  const outputs = new Map<string | null, { exporter: FormatExporter; writer: OutputWriter; ordinal: number; root: string }>();
  for (const name of splitNames) {
    const root = splitOutputPath(staging, name, info.output);
    const exporter = createExporter(request.format, { ...(request.offsets ? { offsets: request.offsets } : {}), ...formatOptions } as never);
    const writer = new OutputWriter(root, info.output === 'file' ? root : null);
    writer.write(exporter.begin());
    outputs.set(name, { exporter, writer, ordinal: 0, root });
  }

  let done = 0;
  let lastReport = 0;
  const report = (force = false) => {
    const now = Date.now();
    if (!hooks.onProgress || (!force && now - lastReport < (hooks.progressIntervalMs ?? 100))) return;
    lastReport = now;
    hooks.onProgress({ filesDone: done, filesTotal: total, currentFile: null, bytesDone: done, bytesTotal: total, documentsDone: done, elapsedMs: now - started });
  };

  const summary: ExportRunSummary = {
    format: request.format,
    documents: 0,
    spans: 0,
    relations: 0,
    losses: { count: 0, byReason: {}, items: [] },
    splits: request.split ? Object.fromEntries(splitNames.map((name) => [name!, 0])) : null,
    output: finalPath,
    outputKind: info.output,
    cancelled: false,
    elapsedMs: 0,
    labelingConfig: request.format === 'labelstudio' ? labelStudioLabelingConfig(listLabels(db), listRelationTypes(db, MAX_CONFIG_RELATION_TYPES)) : null,
  };

  try {
    for (const document of exportDocuments(db, selection)) {
      const name = request.split ? splitOf(request.split, document.text) : null;
      const output = outputs.get(name)!;
      output.writer.write(output.exporter.document(document, output.ordinal++));
      if (summary.splits && name) summary.splits[name]!++;
      done++;
      if ((done & 63) === 0) {
        if (hooks.isCancelled?.()) throw new ExportCancelled();
        report();
      }
    }
    if (hooks.isCancelled?.()) throw new ExportCancelled();
    for (const output of outputs.values()) {
      const end = output.exporter.end();
      output.writer.write(end.chunks);
      output.writer.close();
      summary.documents += end.summary.documents;
      summary.spans += end.summary.spans;
      summary.relations += end.summary.relations;
      summary.losses.count += end.summary.losses.count;
      for (const [reason, count] of Object.entries(end.summary.losses.byReason)) {
        summary.losses.byReason[reason] = (summary.losses.byReason[reason] ?? 0) + count;
      }
      for (const item of end.summary.losses.items) {
        if (summary.losses.items.length < 1000) {
          const { ordinal: _ordinal, ...rest } = item;
          summary.losses.items.push(rest);
        }
      }
    }
    if (!request.split && info.output === 'folder') fs.mkdirSync(staging, { recursive: true });
    if (request.split) {
      // Each split is its own file (out.train.jsonl …) or folder (out/train/ …).
      if (info.output === 'folder') {
        fs.mkdirSync(staging, { recursive: true });
        if (fs.existsSync(finalPath)) fs.rmdirSync(finalPath);
        fs.renameSync(staging, finalPath);
      } else {
        for (const name of splitNames) fs.renameSync(splitOutputPath(staging, name, 'file'), splitOutputPath(finalPath, name, 'file'));
      }
    } else {
      if (info.output === 'folder' && fs.existsSync(finalPath)) fs.rmdirSync(finalPath);
      fs.renameSync(staging, finalPath);
    }
  } catch (error) {
    for (const output of outputs.values()) {
      try {
        output.writer.close();
      } catch {
        // already failing; the staging files go below
      }
    }
    for (const name of splitNames) fs.rmSync(splitOutputPath(staging, name, info.output), { recursive: true, force: true });
    fs.rmSync(staging, { recursive: true, force: true });
    if (error instanceof ExportCancelled) {
      summary.cancelled = true;
      summary.elapsedMs = Date.now() - started;
      return summary;
    }
    throw error;
  }
  report(true);
  summary.elapsedMs = Date.now() - started;
  return summary;
}
