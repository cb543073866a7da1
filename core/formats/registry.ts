/**
 * One table of every format: what it is, its default unit, what survives and what is lost.
 * The CLI help and the README table are generated from it, so it is the single source.
 */
import { createBratExporter } from './brat';
import type { BratExportOptions } from './brat';
import { createConllExporter, createConllLineImporter } from './conll';
import type { ConllExportOptions, ConllImportOptions } from './conll';
import { createCsvExporter, createCsvLineImporter } from './csv';
import type { CsvExportOptions, CsvImportOptions } from './csv';
import { createDoccanoExporter, createDoccanoLineImporter, importDoccano } from './doccano';
import type { DoccanoExportOptions, DoccanoImportOptions } from './doccano';
import { createLabelStudioExporter, importLabelStudio } from './labelstudio';
import type { LabelStudioImportOptions, LabelStudioOptions } from './labelstudio';
import { createProdigyExporter, createProdigyLineImporter } from './prodigy';
import type { ProdigyExportOptions, ProdigyImportOptions } from './prodigy';
import { runLineImporter } from './shared';
import { createSpanbenchExporter, createSpanbenchLineImporter } from './spanbench';
import type { SpanbenchExportOptions, SpanbenchImportOptions } from './spanbench';
import type { FormatExporter, FormatName, ImportResult, LineImporter } from './types';
import { createW3cExporter } from './w3c';
import type { W3cExportOptions } from './w3c';
import { createWebannoExporter, importWebanno } from './webanno';
import type { WebannoExportOptions, WebannoImportOptions } from './webanno';

export interface FormatInfo {
  name: FormatName;
  title: string;
  description: string;
  /** 'tokens' for formats without character offsets. */
  defaultOffsets: 'codepoint' | 'utf16' | 'tokens';
  /** How the export is laid out: one file, or a folder of files. */
  output: 'file' | 'folder';
  /** Usual file extension of the single output file or of the per-document files. */
  extension: string;
  /** How the caller imports it. */
  input: 'lines' | 'file' | 'pair' | 'file+texts' | 'lines+texts';
  keeps: string[];
  loses: string[];
}

export const FORMATS: Readonly<Record<FormatName, FormatInfo>> = {
  spanbench: {
    name: 'spanbench',
    title: 'Spanbench JSONL',
    description: 'Our own versioned JSON Lines: a header line, then one document per line.',
    defaultOffsets: 'codepoint',
    output: 'file',
    extension: '.jsonl',
    input: 'lines',
    keeps: ['text', 'document metadata and status', 'spans with label, note, author, attributes, fragments, timestamps', 'relations with notes'],
    loses: [],
  },
  doccano: {
    name: 'doccano',
    title: 'doccano JSONL',
    description: 'doccano sequence-labeling / relation-extraction JSONL (entities + relations).',
    defaultOffsets: 'utf16',
    output: 'file',
    extension: '.jsonl',
    input: 'lines',
    keeps: ['text', 'title, source, url, published_at, language, external_id (as extra columns) and metadata (meta)', 'span labels and offsets', 'relations'],
    loses: ['status', 'span notes, authors, attributes, timestamps', 'fragments (one continuous range)', 'relation notes'],
  },
  brat: {
    name: 'brat',
    title: 'brat standoff',
    description: 'A folder of .txt + .ann pairs with annotation.conf and visual.conf.',
    defaultOffsets: 'codepoint',
    output: 'folder',
    extension: '.ann',
    input: 'pair',
    keeps: ['text', 'the document id it was imported with (as the file names; else its Spanbench id)', 'span labels, discontinuous fragments', 'notes (AnnotatorNotes)', 'attributes (A lines; norm:* keys as N lines)', 'relations (R lines) and their notes'],
    loses: [
      'document metadata, title, status',
      'span authors and timestamps',
      'whitespace in labels/attribute names (becomes _)',
      'line breaks in notes (become spaces)',
      'attribute value types (read back as strings)',
      'on import: events (E lines) are reported, their triggers kept as spans',
    ],
  },
  conll: {
    name: 'conll',
    title: 'CoNLL (IOB2)',
    description: 'One token per line with a BIO tag, blank line between sentences, -DOCSTART- between documents.',
    defaultOffsets: 'tokens',
    output: 'file',
    extension: '.conll',
    input: 'lines',
    keeps: ['tokens and sentence breaks', 'span labels on whole tokens'],
    loses: [
      'original spacing and line breaks (import joins tokens with spaces, sentences with newlines)',
      'overlapping spans (left out and listed)',
      'relations, notes, attributes, authors, timestamps',
      'document metadata, title, status',
      'fragments (one continuous range)',
      'span edges inside whitespace (trimmed to tokens)',
    ],
  },
  labelstudio: {
    name: 'labelstudio',
    title: 'Label Studio JSON',
    description: 'Label Studio tasks with annotations[].result[] labels regions and relations.',
    defaultOffsets: 'codepoint',
    output: 'file',
    extension: '.json',
    input: 'file',
    keeps: ['text', 'title, source, url, published_at, language, external_id (task data)', 'metadata (task meta)', 'span labels', 'notes (region meta text)', 'relations'],
    loses: ['status', 'span attributes, authors and timestamps on export', 'fragments', 'relation notes'],
  },
  prodigy: {
    name: 'prodigy',
    title: 'Prodigy / spaCy JSONL',
    description: 'JSONL with text, tokens and spans (token_start/token_end), as spaCy and Prodigy load it.',
    defaultOffsets: 'codepoint',
    output: 'file',
    extension: '.jsonl',
    input: 'lines',
    keeps: ['text', 'title, source, url, published_at, language, external_id and metadata (meta)', 'span labels and exact offsets (overlaps too)', 'relations (head_span/child_span)'],
    loses: ['status', 'span notes, attributes, authors, timestamps', 'fragments', 'relation notes', 'the tokenizer\'s choices: tokens are split at span edges'],
  },
  w3c: {
    name: 'w3c',
    title: 'W3C Web Annotation',
    description: 'JSON-LD annotations with TextQuoteSelector and TextPositionSelector; texts in texts/.',
    defaultOffsets: 'codepoint',
    output: 'folder',
    extension: '.jsonld',
    input: 'file+texts',
    keeps: ['text (texts/*.txt, named by the document id it was imported with, else its Spanbench id)', 'span labels (tagging bodies), notes (commenting)', 'authors, created/modified', 'fragments (one target per fragment)', 'relations (linking)'],
    loses: ['document metadata, title, status', 'span attributes'],
  },
  webanno: {
    name: 'webanno',
    title: 'WebAnno TSV 3.3',
    description: 'INCEpTION/WebAnno TSV, one file per document, stacked spans with |.',
    defaultOffsets: 'utf16',
    output: 'folder',
    extension: '.tsv',
    input: 'file',
    keeps: ['text (except text before the first token, which becomes spaces)', 'the document id it was imported with (as the file name; else its Spanbench id)', 'span labels incl. stacked and overlapping', 'sentence breaks'],
    loses: ['metadata, title, status', 'relations', 'notes, attributes, authors, timestamps', 'fragments', 'span edges inside whitespace (trimmed to tokens)'],
  },
  csv: {
    name: 'csv',
    title: 'CSV',
    description: 'One row per span: document_id,title,label,start,end,text,note; safe in spreadsheets.',
    defaultOffsets: 'codepoint',
    output: 'file',
    extension: '.csv',
    input: 'lines+texts',
    keeps: ['document id and title', 'span labels, offsets, covered text, notes'],
    loses: ['document text (import needs the documents)', 'documents without spans', 'document metadata other than the title, status', 'relations, attributes, authors, timestamps, fragments'],
  },
};

export const FORMAT_NAMES = Object.keys(FORMATS) as FormatName[];

export interface ExportOptionsByFormat {
  spanbench: SpanbenchExportOptions;
  doccano: DoccanoExportOptions;
  brat: BratExportOptions;
  conll: ConllExportOptions;
  labelstudio: LabelStudioOptions;
  prodigy: ProdigyExportOptions;
  w3c: W3cExportOptions;
  webanno: WebannoExportOptions;
  csv: CsvExportOptions;
}

export function createExporter<F extends FormatName>(format: F, options: ExportOptionsByFormat[F] = {} as ExportOptionsByFormat[F]): FormatExporter {
  switch (format) {
    case 'spanbench': return createSpanbenchExporter(options as SpanbenchExportOptions);
    case 'doccano': return createDoccanoExporter(options as DoccanoExportOptions);
    case 'brat': return createBratExporter(options as BratExportOptions);
    case 'conll': return createConllExporter(options as ConllExportOptions);
    case 'labelstudio': return createLabelStudioExporter(options as LabelStudioOptions);
    case 'prodigy': return createProdigyExporter(options as ProdigyExportOptions);
    case 'w3c': return createW3cExporter(options as W3cExportOptions);
    case 'webanno': return createWebannoExporter(options as WebannoExportOptions);
    case 'csv': return createCsvExporter(options as CsvExportOptions);
  }
  throw new Error(`unknown format ${String(format)}`);
}

export interface LineImportOptionsByFormat {
  spanbench: SpanbenchImportOptions;
  doccano: DoccanoImportOptions;
  conll: ConllImportOptions;
  prodigy: ProdigyImportOptions;
  csv: CsvImportOptions;
}

export type LineFormat = keyof LineImportOptionsByFormat;

export function isLineFormat(format: FormatName): format is LineFormat {
  return format === 'spanbench' || format === 'doccano' || format === 'conll' || format === 'prodigy' || format === 'csv';
}

/** Streaming importer for the line-oriented formats. */
export function createLineImporter<F extends LineFormat>(format: F, fileName: string, options: LineImportOptionsByFormat[F]): LineImporter {
  switch (format) {
    case 'spanbench': return createSpanbenchLineImporter(fileName, options as SpanbenchImportOptions);
    case 'doccano': return createDoccanoLineImporter(fileName, options as DoccanoImportOptions);
    case 'conll': return createConllLineImporter(fileName, options as ConllImportOptions);
    case 'prodigy': return createProdigyLineImporter(fileName, options as ProdigyImportOptions);
    case 'csv': return createCsvLineImporter(fileName, options as CsvImportOptions);
  }
  throw new Error(`unknown line format ${String(format)}`);
}

export interface FileImportOptionsByFormat extends Omit<LineImportOptionsByFormat, 'csv'> {
  labelstudio: LabelStudioImportOptions;
  webanno: WebannoImportOptions;
  csv: CsvImportOptions;
}

export type FileFormat = keyof FileImportOptionsByFormat;

/**
 * Whole-file import for every format that fits in one file. brat (text/annotation pairs)
 * and W3C (needs the texts) have their own entry points: importBrat, importW3c.
 */
export function importFile<F extends FileFormat>(format: F, fileName: string, text: string, options: FileImportOptionsByFormat[F]): ImportResult {
  switch (format) {
    case 'labelstudio': return importLabelStudio(fileName, text, options as LabelStudioImportOptions);
    case 'webanno': return importWebanno(fileName, text, options as WebannoImportOptions);
    case 'doccano': return importDoccano(fileName, text, options as DoccanoImportOptions);
    default: return runLineImporter(createLineImporter(format as LineFormat, fileName, options as LineImportOptionsByFormat[LineFormat]), text);
  }
}

/**
 * Guesses the format of a file from its name and its first few kilobytes. Returns null
 * when unsure; a .txt file is never guessed (it is brat's text half, or anything).
 */
export function detectAnnotationFormat(fileName: string, firstText: string): FormatName | null {
  const name = fileName.toLowerCase();
  const head = firstText.replace(/^\uFEFF/, '');
  const firstLine = head.split('\n', 1)[0]!.replace(/\r$/, '').trim();
  if (name.endsWith('.ann') || name.endsWith('annotation.conf')) return 'brat';
  if (head.startsWith('#FORMAT=WebAnno TSV')) return 'webanno';
  if (firstLine.startsWith('{') && /"format"\s*:\s*"spanbench"/.test(firstLine)) return 'spanbench';
  if (name.endsWith('.csv')) return 'csv';
  if (name.endsWith('.jsonld') || /"Text(Position|Quote)Selector"/.test(head) || /"@context"\s*:\s*"http:\/\/www\.w3\.org\/ns\/anno\.jsonld"/.test(head)) return 'w3c';
  if (head.trimStart().startsWith('{') || head.trimStart().startsWith('[')) {
    if (/"(annotations|predictions)"\s*:/.test(head) && /"data"\s*:/.test(head)) return 'labelstudio';
    if (/"tokens"\s*:/.test(head) && /"spans"\s*:/.test(head)) return 'prodigy';
    // doccano's spans are a list; an article's "label" (a category, a string) is metadata, not doccano.
    if (/"(entities|label|labels)"\s*:\s*\[/.test(head) && /"text"\s*:/.test(head)) return 'doccano';
    if (/"spans"\s*:/.test(head) && /"text"\s*:/.test(head)) return 'prodigy';
    if (/"data"\s*:/.test(head)) return 'labelstudio';
    return null;
  }
  if (/\.(conll|conllu|iob|iob2|bio|bioes)$/.test(name) || /^-DOCSTART-/m.test(head)) return 'conll';
  if (/^\S+(\t\S+)*\t(O|[BIESLU]-\S+)\s*$/m.test(head) && !name.endsWith('.txt')) return 'conll';
  return null;
}
