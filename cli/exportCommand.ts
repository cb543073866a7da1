/** `spanbench export`: a project to an annotation format, streamed to a file or folder. */
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { annotationFormats, DOCUMENT_STATUS_NAMES, type AnnotationFormat } from '../contract/api';
import { FORMATS } from '../core/formats/index';
import { isCalendarDay } from '../core/import/dates';
import type { DocumentStatus } from '../core/model';
import { listLabels } from '../db/labelsRepo';
import { openProject } from '../db/open';
import { runExport, splitOutputPath } from '../services/annotationExport';
import { parseSplit, type ExportSelection, type SplitSpec } from '../services/exportData';
import { parseOffsets } from './corpusCommands';
import { describeFileError, fileErrorReason, isSqliteError, unwritableFolder, UsageError } from './usage';

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** The path's stat, or null where nothing is (ENOTDIR too: a file stands where a folder would be). */
function statPath(target: string, out: string): fs.Stats | null {
  try {
    return fs.statSync(target);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return null;
    throw new UsageError(`--out ${out} cannot be written: ${target} cannot be reached (${fileErrorReason(error)}).`);
  }
}

/**
 * Checks --out before anything is opened or written, so a wrong kind of path is one clear
 * line instead of an EISDIR/ENOTDIR/EACCES from the staging file deep inside the export.
 */
export function checkOutPath(out: string, format: AnnotationFormat, split: SplitSpec | null): void {
  const info = FORMATS[format];
  const finalPath = path.resolve(out);
  const stat = statPath(finalPath, out);
  if (info.output === 'file') {
    const targets = split ? split.parts.map((p) => splitOutputPath(finalPath, p.name, 'file')) : [finalPath];
    for (const target of targets) {
      if (statPath(target, out)?.isDirectory()) {
        throw new UsageError(
          `--out ${target === finalPath ? out : `${out} (split file ${target})`} is a folder; a ${info.title} export is one file: give a file path, such as ${path.join(out, `export${info.extension}`)}.`,
        );
      }
    }
  } else if (stat && !stat.isDirectory()) {
    throw new UsageError(`--out ${out} is a file; a ${info.title} export is a folder: give a new or empty folder.`);
  } else if (stat && fs.readdirSync(finalPath).length > 0) {
    throw new UsageError(`--out ${out} is a folder that is not empty; a ${info.title} export needs a new or empty folder.`);
  }
  // The export is staged beside --out and renamed into place, so the folder that holds it
  // (or, when that is still to be made, its nearest existing ancestor) must be writable.
  const problem = unwritableFolder(path.dirname(finalPath));
  if (problem?.notAFolder) throw new UsageError(`--out ${out} cannot be written: ${problem.folder} is a file, not a folder.`);
  if (problem) throw new UsageError(`--out ${out} cannot be written: the folder ${problem.folder} is not writable (${fileErrorReason(problem.error)}).`);
}

export async function exportCommand(args: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      format: { type: 'string' },
      out: { type: 'string' },
      offsets: { type: 'string' },
      status: { type: 'string' },
      labels: { type: 'string' },
      source: { type: 'string' },
      since: { type: 'string' },
      until: { type: 'string' },
      split: { type: 'string' },
      seed: { type: 'string', default: '0' },
    },
  });
  if (positionals.length !== 1) throw new UsageError('export needs a project: spanbench export PROJECT --format F --out PATH');
  const format = values.format as AnnotationFormat | undefined;
  if (!format || !(annotationFormats as readonly string[]).includes(format)) throw new UsageError(`--format is one of ${annotationFormats.join(', ')}.`);
  if (!values.out) throw new UsageError(`--out names the ${FORMATS[format].output === 'folder' ? 'folder' : 'file'} to write.`);
  const selection: ExportSelection = {};
  if (values.status) {
    const statuses = values.status.split(',').map((s) => s.trim().replace('-', '_'));
    const unknown = statuses.filter((s) => !(DOCUMENT_STATUS_NAMES as readonly string[]).includes(s));
    if (unknown.length > 0) throw new UsageError(`--status takes ${DOCUMENT_STATUS_NAMES.join(', ')}; not ${unknown.join(', ')}.`);
    selection.status = statuses as DocumentStatus[];
  }
  const labels = values.labels !== undefined ? values.labels.split(',').map((l) => l.trim()).filter(Boolean) : [];
  if (values.labels !== undefined && labels.length === 0) throw new UsageError('--labels takes label names separated by commas.');
  if (labels.length > 0) selection.labels = labels;
  if (values.source) selection.source = values.source;
  for (const key of ['since', 'until'] as const) {
    const value = values[key];
    if (value === undefined) continue;
    if (!ISO_DATE.test(value)) throw new UsageError(`--${key} is a date, YYYY-MM-DD; not ${value}.`);
    if (!isCalendarDay(value)) throw new UsageError(`--${key} ${value} is not a day of the calendar.`);
    selection[key] = value;
  }
  if (selection.since && selection.until && selection.since > selection.until) {
    throw new UsageError(`--since ${selection.since} is after --until ${selection.until}; no document could match.`);
  }
  let split = null;
  if (values.split) {
    try {
      split = parseSplit(values.split, Number(values.seed));
    } catch (error) {
      throw new UsageError((error as Error).message);
    }
  }
  const offsets = parseOffsets(values.offsets);
  checkOutPath(values.out, format, split);
  const opened = await openProject(positionals[0]!, { readOnly: true });
  if (labels.length > 0) {
    // A mistyped label would otherwise export every document with none of its spans.
    const known = listLabels(opened.db).map((l) => l.name);
    const unknown = labels.filter((l) => !known.includes(l));
    if (unknown.length > 0) {
      opened.db.close();
      throw new UsageError(
        `--labels: the project has no label${unknown.length === 1 ? '' : 's'} ${unknown.join(', ')}; its labels are ${known.length > 0 ? known.join(', ') : '(none)'}.`,
      );
    }
  }
  let interrupted = false;
  const onSignal = () => (interrupted = true);
  process.on('SIGINT', onSignal);
  try {
    const tty = process.stderr.isTTY;
    const summary = runExport(
      opened.db,
      { format, outPath: values.out, selection, split, ...(offsets ? { offsets } : {}) },
      {
        isCancelled: () => interrupted,
        progressIntervalMs: 250,
        onProgress: tty ? (p) => process.stderr.write(`\r\x1b[2KExporting: ${p.documentsDone.toLocaleString('en')} / ${p.filesTotal.toLocaleString('en')} documents`) : undefined,
      },
    );
    if (tty) process.stderr.write('\r\x1b[2K');
    if (summary.cancelled) {
      console.log('Cancelled: nothing was written.');
      return 1;
    }
    if (summary.losses.count > 0) {
      console.log(`${FORMATS[format].title} cannot express everything; left out:`);
      for (const [reason, count] of Object.entries(summary.losses.byReason)) console.log(`  ${count} × ${reason}`);
      for (const item of summary.losses.items.slice(0, 20)) {
        console.log(`    document ${item.documentId}${item.key ? ` ${item.key}` : ''}${item.label ? ` ${item.label}` : ''}${item.start !== undefined ? ` [${item.start}, ${item.end})` : ''}: ${item.reason}`);
      }
      if (summary.losses.count > 20) console.log(`    … and ${summary.losses.count - 20} more`);
    }
    const splits = summary.splits ? ` (${Object.entries(summary.splits).map(([name, n]) => `${name} ${n}`).join(', ')})` : '';
    // A split one-file export writes one file per split (out.train.jsonl …) and never --out itself.
    const written =
      summary.splits && summary.outputKind === 'file' ? Object.keys(summary.splits).map((name) => splitOutputPath(summary.output, name, 'file')).join(', ') : summary.output;
    console.log(
      `Exported ${summary.documents} document${summary.documents === 1 ? '' : 's'}${splits}, ${summary.spans} span${summary.spans === 1 ? '' : 's'} and ${summary.relations} relation${summary.relations === 1 ? '' : 's'} as ${FORMATS[format].title} to ${written}.`,
    );
    if (summary.labelingConfig !== null) {
      const configPath = labelingConfigPath(summary.output);
      fs.writeFileSync(configPath, summary.labelingConfig);
      console.log(`Label Studio labeling config written to ${configPath}: paste it into the project's Settings › Labeling Interface › Code before importing the tasks.`);
    }
    return 0;
  } catch (error) {
    // A damaged project or a failing disk is said as such (cli/main.ts names the file), not as a mistake of the call.
    if (isSqliteError(error) || describeFileError(error) !== null) throw error;
    throw new UsageError((error as Error).message);
  } finally {
    process.off('SIGINT', onSignal);
    opened.db.close();
  }
}

/** Beside a Label Studio export (tasks.json, or the tasks.train.json … of a split): tasks.labeling-config.xml. */
function labelingConfigPath(output: string): string {
  return `${output.replace(/\.json$/i, '')}.labeling-config.xml`;
}
