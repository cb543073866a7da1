/** CLI commands over a project's corpus: import, stats, search. */
import { parseArgs } from 'node:util';
import { describeProblem } from '../core/model';
import { plural } from '../core/text';
import { duplicateChoices, importFormatChoices, SNIPPET_MATCH_END, SNIPPET_MATCH_START, type DuplicateChoice, type SearchHit, type SearchResults } from '../contract/api';
import { openProject } from '../db/open';
import { CORPUS_FORMATS, importCorpus, ImportPathError, type CorpusFormatChoice, type ImportProgress, type ImportSummary } from '../services/corpusImport';
import { createProjectService } from '../services/projectService';
import { dispatchCall } from '../services/dispatch';
import { UsageError } from './usage';

function formatDuration(ms: number): string {
  const s = Math.round(ms / 1000);
  return s >= 60 ? `${Math.floor(s / 60)}m${String(s % 60).padStart(2, '0')}s` : `${s}s`;
}

export function progressLine(p: ImportProgress): string {
  const fraction = p.bytesTotal > 0 ? p.bytesDone / p.bytesTotal : 0;
  const rate = p.elapsedMs > 0 ? (p.documentsDone * 1000) / p.elapsedMs : 0;
  const left = fraction > 0.01 ? (p.elapsedMs * (1 - fraction)) / fraction : null;
  const estimatedTotal = fraction > 0.01 ? Math.round(p.documentsDone / fraction) : null;
  return `Importing: ${p.documentsDone.toLocaleString('en')}${estimatedTotal ? ` / ~${estimatedTotal.toLocaleString('en')}` : ''} documents, file ${Math.min(p.filesDone + 1, p.filesTotal)}/${p.filesTotal}, ${(fraction * 100).toFixed(0)}%, ${Math.round(rate).toLocaleString('en')} docs/s${left !== null ? `, ${formatDuration(left)} left` : ''}`;
}

export function parseOffsets(value: string | undefined): 'codepoint' | 'utf16' | undefined {
  if (value === undefined) return undefined;
  if (value !== 'codepoint' && value !== 'utf16') throw new UsageError(`--offsets is codepoint or utf16, not ${value}.`);
  return value;
}

/** `ORG=Agency,PER=Agency` -> { ORG: 'Agency', PER: 'Agency' }. */
export function parseLabelMap(value: string): Record<string, string> {
  const map: Record<string, string> = Object.create(null) as Record<string, string>;
  for (const pair of value.split(',')) {
    const at = pair.indexOf('=');
    const from = pair.slice(0, at).trim();
    const to = pair.slice(at + 1).trim();
    if (at <= 0 || !from || !to) throw new UsageError(`--label-map takes FROM=TO pairs separated by commas; “${pair}” is not one.`);
    map[from] = to;
  }
  return map;
}

/**
 * Annotations an import left out because their documents were skipped as duplicates: like a
 * refused file, something the user asked for is not in the project, so the exit status says so.
 */
export function leftOutAnnotations(summary: ImportSummary): boolean {
  return summary.duplicateSpans + summary.duplicateRelations > 0;
}

export function summaryLines(summary: ImportSummary): string[] {
  const lines: string[] = [];
  for (const file of summary.files) {
    for (const warning of file.warnings) lines.push(`  warning: ${describeProblem(warning)}`);
    if (file.warningCount > file.warnings.length) lines.push(`  … and ${file.warningCount - file.warnings.length} more warnings`);
    if (file.refused) {
      lines.push(`Refused ${file.file}: nothing imported from it (${file.problemCount} problem${file.problemCount === 1 ? '' : 's'}).`);
    } else if (file.problemCount > 0) {
      lines.push(`Skipped ${file.problemCount} invalid record${file.problemCount === 1 ? '' : 's'} in ${file.file}.`);
    }
    for (const problem of file.problems) lines.push(`  ${describeProblem(problem)}`);
    if (file.problemCount > file.problems.length) lines.push(`  … and ${file.problemCount - file.problems.length} more problems`);
    for (const dup of file.duplicateNotes) {
      const where = `${file.file}${dup.line ? `:${dup.line}` : ''} “${dup.title}”`;
      if (dup.merged) lines.push(`  merged: ${where} into document ${dup.existingDocumentId}, adding ${plural(dup.spans, 'span')} and ${plural(dup.relations, 'relation')}`);
      else lines.push(`  duplicate skipped: ${where} (already document ${dup.existingDocumentId})${dup.spans + dup.relations > 0 ? `; its ${plural(dup.spans, 'span')} and ${plural(dup.relations, 'relation')} were not imported` : ''}`);
    }
    const noted = file.duplicateNotes.length;
    if (file.duplicates + file.merged > noted) lines.push(`  … and ${file.duplicates + file.merged - noted} more duplicates`);
    // A refused or cancelled file stored nothing: a merge would not have stored it either.
    const stored = !file.refused && !file.cancelled;
    if (stored && file.duplicateSpans + file.duplicateRelations > 0) {
      lines.push(
        `Left out of ${file.file}: ${plural(file.duplicateSpans, 'span')} and ${plural(file.duplicateRelations, 'relation')} of ${plural(file.duplicates, 'document')} already in the project (skipped as duplicates). ` +
          'Import it again with --on-duplicate merge to add them to those documents.',
      );
    }
    if (stored && file.spansAlreadyThere + file.relationsAlreadyThere > 0) {
      lines.push(`Merging ${file.file}: ${plural(file.spansAlreadyThere, 'span')} and ${plural(file.relationsAlreadyThere, 'relation')} were already there and not added twice.`);
    }
  }
  if (summary.skippedFiles.length > 0) lines.push(`Passed over ${summary.skippedFiles.length} file(s) of unknown type, e.g. ${summary.skippedFiles[0]}`);
  if (summary.labelsCreated.length > 0) lines.push(`Added label${summary.labelsCreated.length === 1 ? '' : 's'} the project did not have: ${summary.labelsCreated.join(', ')} (map them with --label-map FROM=TO).`);
  const files = summary.files.length;
  lines.push(
    `${summary.cancelled ? 'Cancelled. ' : ''}Imported ${summary.imported} document${summary.imported === 1 ? '' : 's'} from ${files} file${files === 1 ? '' : 's'}; ` +
      `${summary.spans} span${summary.spans === 1 ? '' : 's'}, ${summary.relations} relation${summary.relations === 1 ? '' : 's'}; ` +
      `${summary.duplicates} duplicate${summary.duplicates === 1 ? '' : 's'} skipped${leftOutAnnotations(summary) ? ` (${plural(summary.duplicateSpans, 'span')}, ${plural(summary.duplicateRelations, 'relation')} not imported)` : ''}; ${summary.merged > 0 ? `${summary.merged} merged; ` : ''}${summary.refusedFiles} file${summary.refusedFiles === 1 ? '' : 's'} refused; ` +
      `${summary.problemCount} problem${summary.problemCount === 1 ? '' : 's'} (${formatDuration(summary.elapsedMs)}).`,
  );
  return lines;
}

export async function importCommand(args: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      format: { type: 'string', default: 'auto' },
      'text-column': { type: 'string' },
      'on-duplicate': { type: 'string', default: 'skip' },
      'skip-invalid': { type: 'boolean', default: false },
      'first-line-title': { type: 'boolean', default: false },
      offsets: { type: 'string' },
      'label-map': { type: 'string' },
      'include-predictions': { type: 'boolean', default: false },
    },
  });
  if (positionals.length < 2) throw new UsageError('import needs a project and at least one file or folder: spanbench import PROJECT PATH...');
  const [projectPath, ...paths] = positionals as [string, ...string[]];
  if (!(CORPUS_FORMATS as readonly string[]).includes(values.format)) {
    throw new UsageError(`--format must be one of ${CORPUS_FORMATS.join(', ')}; not ${values.format}.`);
  }
  const onDuplicate = values['on-duplicate'] as DuplicateChoice;
  if (!duplicateChoices.includes(onDuplicate)) throw new UsageError(`--on-duplicate is skip, keep or merge; not ${values['on-duplicate']}.`);
  const offsets = parseOffsets(values.offsets);
  const labelMap = values['label-map'] !== undefined ? parseLabelMap(values['label-map']) : undefined;
  const opened = await openProject(projectPath);
  if (opened.readOnly) {
    opened.db.close();
    throw new UsageError(`${opened.file} is read-only (${opened.readOnlyReason}); nothing can be imported into it.`);
  }
  const tty = process.stderr.isTTY;
  let summary: ImportSummary;
  let interrupted = false;
  const onSignal = () => (interrupted = true);
  process.on('SIGINT', onSignal);
  try {
    summary = importCorpus(
      opened.db,
      paths,
      {
        format: values.format as CorpusFormatChoice,
        ...(values['text-column'] !== undefined ? { textColumn: values['text-column'] } : {}),
        onDuplicate,
        skipInvalid: values['skip-invalid'],
        firstLineIsTitle: values['first-line-title'],
        ...(offsets ? { offsets } : {}),
        ...(labelMap ? { labelMap } : {}),
        ...(values['include-predictions'] ? { includePredictions: true } : {}),
      },
      {
        progressIntervalMs: 250,
        isCancelled: () => interrupted,
        onProgress: tty ? (p) => process.stderr.write(`\r\x1b[2K${progressLine(p)}`) : undefined,
      },
    );
  } catch (error) {
    if (error instanceof ImportPathError) throw new UsageError(error.message);
    throw error;
  } finally {
    process.off('SIGINT', onSignal);
    opened.db.close();
  }
  if (tty) process.stderr.write('\r\x1b[2K');
  for (const line of summaryLines(summary)) console.log(line);
  return summary.refusedFiles > 0 || summary.problemCount > 0 || summary.cancelled || leftOutAnnotations(summary) ? 1 : 0;
}

async function withService<T>(projectPath: string, work: (call: (method: string, input: unknown) => Promise<unknown>) => Promise<T>): Promise<T> {
  const opened = await openProject(projectPath, { readOnly: true });
  const service = createProjectService(opened);
  try {
    return await work(async (method, input) => {
      const response = await dispatchCall(service.handlers, method, input);
      if (!response.ok) throw new UsageError(response.error.message);
      return response.result;
    });
  } finally {
    service.close();
  }
}

export async function statsCommand(args: string[]): Promise<number> {
  const { values, positionals } = parseArgs({ args, allowPositionals: true, options: { json: { type: 'boolean', default: false } } });
  if (positionals.length !== 1) throw new UsageError('stats needs a project: spanbench stats PROJECT [--json]');
  const stats = (await withService(positionals[0]!, (call) => call('getStats', {}))) as import('../contract/api').ProjectStats;
  if (values.json) {
    console.log(JSON.stringify(stats, null, 2));
    return 0;
  }
  console.log(`Documents: ${stats.documents} (new ${stats.byStatus.new}, in progress ${stats.byStatus.in_progress}, done ${stats.byStatus.done})`);
  console.log(`Spans: ${stats.spans}`);
  for (const [label, count] of Object.entries(stats.labels)) console.log(`  ${label}: ${count}`);
  console.log(`Relations: ${stats.relations}`);
  return 0;
}

/** A search hit as `search --json` prints it: the snippet as plain text and its highlights beside it. */
export interface SearchHitJson extends Omit<SearchHit, 'snippet'> {
  snippet: string;
  /** Highlighted matches in the snippet, [start, end) in code points (as Spanbench counts offsets). */
  highlights: Array<[number, number]>;
}

/**
 * Splits a snippet carrying SNIPPET_MATCH_START/END (control characters U+0002/U+0003, which
 * a JSON consumer could not be expected to know) into its plain text and highlighted ranges.
 */
export function plainSnippet(marked: string): { snippet: string; highlights: Array<[number, number]> } {
  let snippet = '';
  let length = 0;
  let open: number | null = null;
  const highlights: Array<[number, number]> = [];
  for (const char of marked) {
    if (char === SNIPPET_MATCH_START) {
      if (open === null) open = length;
    } else if (char === SNIPPET_MATCH_END) {
      if (open !== null && length > open) highlights.push([open, length]);
      open = null;
    } else {
      snippet += char;
      length++;
    }
  }
  // A snippet cut inside a match still highlights up to its end.
  if (open !== null && length > open) highlights.push([open, length]);
  return { snippet, highlights };
}

export async function searchCommand(args: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: { json: { type: 'boolean', default: false }, limit: { type: 'string', default: '20' } },
  });
  if (positionals.length !== 2) throw new UsageError('search needs a project and a query: spanbench search PROJECT "QUERY" [--json] [--limit N]');
  const limit = Number(values.limit);
  if (!Number.isInteger(limit) || limit < 1 || limit > 500) throw new UsageError('--limit is a whole number from 1 to 500.');
  const results = (await withService(positionals[0]!, (call) => call('searchDocuments', { query: positionals[1], limit }))) as SearchResults;
  if (values.json) {
    const hits: SearchHitJson[] = results.hits.map((hit) => ({ ...hit, ...plainSnippet(hit.snippet) }));
    console.log(JSON.stringify({ ...results, hits }, null, 2));
    return 0;
  }
  const bold = process.stdout.isTTY ? ['\x1b[1m', '\x1b[22m'] : ['[', ']'];
  for (const hit of results.hits) {
    console.log(`#${hit.document.id}  ${hit.document.title}${hit.document.publishedAt ? `  (${hit.document.publishedAt})` : ''}`);
    console.log(`    ${hit.snippet.replace(/\s+/g, ' ').split(SNIPPET_MATCH_START).join(bold[0]).split(SNIPPET_MATCH_END).join(bold[1])}`);
  }
  const total = `${results.total.toLocaleString('en')}${results.totalIsCapped ? '+' : ''}`;
  console.log(`${total} document${results.total === 1 ? '' : 's'} match${results.total > results.hits.length ? ` (showing ${results.hits.length})` : ''}.`);
  return 0;
}

export const IMPORT_FORMAT_HELP = importFormatChoices.join('|');
