/** `spanbench export`: a project to an annotation format, streamed to a file or folder. */
import fs from 'node:fs';
import { parseArgs } from 'node:util';
import { annotationFormats, DOCUMENT_STATUS_NAMES, type AnnotationFormat } from '../contract/api';
import { FORMATS } from '../core/formats/index';
import type { DocumentStatus } from '../core/model';
import { openProject } from '../db/open';
import { runExport } from '../services/annotationExport';
import { parseSplit, type ExportSelection } from '../services/exportData';
import { parseOffsets } from './corpusCommands';
import { UsageError } from './usage';

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

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
  if (values.labels) selection.labels = values.labels.split(',').map((l) => l.trim()).filter(Boolean);
  if (values.source) selection.source = values.source;
  for (const key of ['since', 'until'] as const) {
    const value = values[key];
    if (value === undefined) continue;
    if (!ISO_DATE.test(value)) throw new UsageError(`--${key} is a date, YYYY-MM-DD; not ${value}.`);
    selection[key] = value;
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
  const opened = await openProject(positionals[0]!, { readOnly: true });
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
    console.log(
      `Exported ${summary.documents} document${summary.documents === 1 ? '' : 's'}${splits}, ${summary.spans} span${summary.spans === 1 ? '' : 's'} and ${summary.relations} relation${summary.relations === 1 ? '' : 's'} as ${FORMATS[format].title} to ${summary.output}${fs.existsSync(summary.output) ? '' : ' (split files beside it)'}.`,
    );
    return 0;
  } catch (error) {
    throw new UsageError((error as Error).message);
  } finally {
    process.off('SIGINT', onSignal);
    opened.db.close();
  }
}
