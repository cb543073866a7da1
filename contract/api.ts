/**
 * The one contract between the renderer and the back end.
 *
 * Every method has a zod schema for its input (checked where the call arrives:
 * the Electron IPC handler, the browser-mode bridge and the service dispatcher)
 * and a result type. The preload and the HTTP bridge expose exactly these methods.
 */
import { z } from 'zod';
import { DOCUMENT_STATUSES, type DocumentStatus, type Metadata, type SpanAttributeValue } from '../core/model';
import {
  annotationFormats,
  apiMethodNames,
  documentSortKeys,
  duplicateChoices,
  importFormatChoices,
  offsetUnits,
  SpanbenchError,
  type AnnotationFormat,
  type WireError,
} from './constants';

export * from './constants';

/** Status names as the CLI and filters spell them. */
export const DOCUMENT_STATUS_NAMES = DOCUMENT_STATUSES;

const id = z.number().int().positive().max(Number.MAX_SAFE_INTEGER);
const offset = z.number().int().nonnegative().max(2 ** 31 - 1);
const status = z.enum(DOCUMENT_STATUSES);
/** A short name shown in the UI and written to every export (a label, a relation type): one line, no hidden characters. */
const shortName = (what: string) =>
  z
    .string()
    .trim()
    .min(1, `${what} cannot be empty`)
    .max(100)
    .refine((name) => !/[\u0000-\u001f\u007f\u202a-\u202e\u2066-\u2069]/.test(name), `${what} cannot contain control or bidirectional override characters`);
const labelName = shortName('a label name');
const relationType = shortName('a relation type');
/** A span's attributes (brat's A and N lines): a name to a string, number or boolean, a bounded few. */
export const MAX_ATTRIBUTES = 100;
export const MAX_ATTRIBUTE_VALUE_LENGTH = 10_000;
const attributeName = shortName('an attribute name');
// Names are checked here rather than as the record's key schema: that one says only "Invalid key in record".
const attributes = z
  .record(z.string(), z.union([z.string().max(MAX_ATTRIBUTE_VALUE_LENGTH), z.number().finite(), z.boolean()]))
  .superRefine((record, context) => {
    const names = Object.keys(record);
    if (names.length > MAX_ATTRIBUTES) context.addIssue({ code: 'custom', message: `a span has at most ${MAX_ATTRIBUTES} attributes` });
    const trimmed = new Set<string>();
    for (const name of names) {
      const checked = attributeName.safeParse(name);
      if (!checked.success) context.addIssue({ code: 'custom', message: checked.error.issues[0]!.message });
      else if (trimmed.has(checked.data)) context.addIssue({ code: 'custom', message: `two attributes are named ${checked.data}` });
      else trimmed.add(checked.data);
    }
  })
  .transform((record) => Object.fromEntries(Object.entries(record).map(([name, value]) => [name.trim(), value])));
const color = z.string().regex(/^#[0-9a-fA-F]{6}$/, 'a colour is #RRGGBB');
const hotkey = z.string().regex(/^[0-9a-z]$/, 'a hotkey is one digit or lower-case letter').nullable();

/**
 * The app's own single-letter keys that work wherever a label hotkey would (the article, the
 * selected span): a label given one would take the key over. The Labels dialog and the service
 * refuse them as hotkeys; App.svelte binds them. j and k are not here: they move only in the
 * document list and the search results, where label hotkeys do nothing.
 */
export const reservedHotkeys: Readonly<Record<string, string>> = { n: 'N edits the note', l: 'L links spans' };

/** Why `key` cannot be a label's hotkey ("N edits the note: choose another key"), or null. */
export function reservedHotkeyRefusal(key: string | null): string | null {
  const use = key === null || !Object.hasOwn(reservedHotkeys, key) ? null : reservedHotkeys[key];
  return use ? `${use}: choose another key` : null;
}
const note = z.string().max(100_000).nullable();
const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})?)?$/, 'a date is ISO 8601: YYYY-MM-DD or YYYY-MM-DDTHH:MM[:SS][Z]');

/** The document list's order and filters: listDocuments and locateDocument take the same. */
const documentListQuery = {
  sort: z.enum(documentSortKeys).default('createdAt'),
  descending: z.boolean().default(false),
  status: status.optional(),
  source: z.string().max(1000).optional(),
  publishedFrom: z.string().max(40).optional(),
  publishedTo: z.string().max(40).optional(),
  hasLabelId: id.optional(),
};

const sourceId = z.string().regex(/^[A-Za-z0-9_-]{8,64}$/, 'an id is 8-64 letters, digits, - or _');



export const apiInputs = {
  getProjectInfo: z.object({}).strict(),
  /** A cheap check whether the project changed since it was last read (another tab, the command line). */
  getContentVersion: z.object({}).strict(),
  setSettings: z
    .object({
      snapToWords: z.boolean().optional(),
      author: z.string().trim().min(1).max(200).optional(),
      /** The type the last link was made with: the next link's type field starts with it. */
      lastRelationType: relationType.optional(),
    })
    .strict(),
  listLabels: z.object({}).strict(),
  createLabel: z
    .object({ name: labelName, color, hotkey: hotkey.optional(), description: z.string().max(2000).optional() })
    .strict(),
  updateLabel: z
    .object({ id, name: labelName.optional(), color: color.optional(), hotkey: hotkey.optional(), description: z.string().max(2000).optional() })
    .strict(),
  /**
   * Deletes a label no span uses (refused, with the count, while any does). Its hotkey is freed; the
   * undo history may still bring it back, and adding a label of its name does too.
   */
  deleteLabel: z.object({ id }).strict(),
  /** How many spans use each label: the Labels dialog offers Delete only for a label none uses. */
  listLabelUsage: z.object({}).strict(),
  /**
   * Moves a live label to place `toIndex` (0 first) among the live labels, the order of the palette,
   * the Labels dialog, stats and exports. One label and a place, rather than a whole order: a tab
   * that missed another's change still moves the label it meant to.
   */
  moveLabel: z.object({ id, toIndex: z.number().int().nonnegative().max(Number.MAX_SAFE_INTEGER) }).strict(),
  listDocuments: z
    .object({
      ...documentListQuery,
      offset: z.number().int().nonnegative().default(0),
      limit: z.number().int().positive().max(5000).default(500),
    })
    .strict(),
  /** Where document `id` sits in the list that listDocuments with the same sort and filters returns. */
  locateDocument: z.object({ id, ...documentListQuery }).strict(),
  getDocument: z.object({ id }).strict(),
  setDocumentStatus: z.object({ documentId: id, status }).strict(),
  listSpans: z.object({ documentId: id }).strict(),
  /** The document's relations between spans (imported: brat R lines, Label Studio, doccano, W3C). */
  listRelations: z.object({ documentId: id }).strict(),
  /** The relation types the project's relations use, most used first: suggestions when linking. */
  listRelationTypes: z.object({}).strict(),
  /** Links two spans of one document ("Agency" decides "Decision"); an undoable change. */
  createRelation: z
    .object({ documentId: id, fromSpanId: id, toSpanId: id, type: relationType, note: note.optional() })
    .strict()
    .refine((relation) => relation.fromSpanId !== relation.toSpanId, { message: 'a span cannot be linked to itself', path: ['toSpanId'] }),
  deleteRelation: z.object({ id }).strict(),
  createSpan: z
    .object({ documentId: id, labelId: id, start: offset, end: offset, note: note.optional() })
    .strict()
    .refine((span) => span.end > span.start, { message: 'a span must end after it starts (end > start)', path: ['end'] }),
  updateSpan: z
    .object({ id, labelId: id.optional(), note: note.optional(), attributes: attributes.optional() })
    .strict()
    .refine((patch) => patch.labelId !== undefined || patch.note !== undefined || patch.attributes !== undefined, 'nothing to change: give labelId, note or attributes'),
  deleteSpan: z.object({ id }).strict(),
  undo: z.object({ documentId: id }).strict(),
  redo: z.object({ documentId: id }).strict(),
  getHistory: z.object({ documentId: id }).strict(),
  updateDocument: z
    .object({
      id,
      title: z.string().max(2000).optional(),
      source: z.string().max(2000).nullable().optional(),
      url: z.string().max(8000).nullable().optional(),
      publishedAt: isoDate.nullable().optional(),
      language: z.string().max(40).nullable().optional(),
      metadata: z.record(z.string().max(200), z.json()).optional(),
    })
    .strict(),
  searchDocuments: z
    .object({
      query: z.string().max(1000),
      offset: z.number().int().nonnegative().default(0),
      limit: z.number().int().positive().max(500).default(50),
    })
    .strict(),
  getStats: z.object({}).strict(),
  startImport: z
    .object({
      /** Files staged by the trusted side (a native dialog, a drop, a browser upload): never paths. */
      sourceIds: z.array(sourceId).min(1).max(100_000),
      format: z.enum(importFormatChoices).default('auto'),
      textColumn: z.string().min(1).max(200).optional(),
      /** A text already in the project: skip it (default), import it again, or merge its annotations into it. */
      onDuplicate: z.enum(duplicateChoices).default('skip'),
      skipInvalid: z.boolean().default(false),
      firstLineIsTitle: z.boolean().default(false),
      /** Overrides the unit an annotation format's offsets are read in. */
      offsets: z.enum(offsetUnits).optional(),
      /** Label in the file -> label in the project (e.g. ORG -> Agency). */
      labelMap: z.record(labelName, labelName).optional(),
    })
    .strict(),
  startExport: z
    .object({
      format: z.enum(annotationFormats),
      offsets: z.enum(offsetUnits).optional(),
      status: z.array(status).max(3).optional(),
      labels: z.array(labelName).max(1000).optional(),
      source: z.string().max(1000).optional(),
      since: isoDate.optional(),
      until: isoDate.optional(),
      /** `train=0.8,dev=0.1,test=0.1`: a deterministic split by document. */
      split: z.string().max(200).optional(),
      seed: z.number().int().min(0).max(2 ** 31 - 1).default(0),
      /** Where to write, staged by the trusted side (a save dialog); without it, a download (browser mode). */
      destinationId: sourceId.optional(),
    })
    .strict(),
  getJob: z.object({ jobId: sourceId }).strict(),
  cancelJob: z.object({ jobId: sourceId }).strict(),
} as const;

export type ApiMethod = keyof typeof apiInputs;
export const apiMethods: readonly ApiMethod[] = apiMethodNames;

// The zod-free list in constants.ts must name exactly the methods above.
type SameKeys<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const methodListsAgree: SameKeys<(typeof apiMethodNames)[number], ApiMethod> = true;
void methodListsAgree;
/** What a caller may pass (defaults not yet applied). */
export type ApiInput<M extends ApiMethod> = z.input<(typeof apiInputs)[M]>;
/** What a handler receives (validated, defaults applied). */
export type ApiParsedInput<M extends ApiMethod> = z.output<(typeof apiInputs)[M]>;

export interface ProjectSettings {
  snapToWords: boolean;
  author: string;
  /** The type the last link was made with (null before the first): the next session starts with it. */
  lastRelationType: string | null;
}

export interface ProjectInfo {
  path: string;
  name: string;
  schemaVersion: number;
  readOnly: boolean;
  /** Why it is read-only when the file (not the user) decided: "the file is read-only". */
  readOnlyReason: string | null;
  settings: ProjectSettings;
  documentCount: number;
}

export interface Label {
  id: number;
  name: string;
  color: string;
  hotkey: string | null;
  description: string;
  order: number;
}

export interface DocumentSummary {
  id: number;
  title: string;
  source: string | null;
  publishedAt: string | null;
  status: DocumentStatus;
  spanCount: number;
  createdAt: string;
  updatedAt: string;
}

export interface DocumentDetail extends DocumentSummary {
  externalId: string | null;
  url: string | null;
  language: string | null;
  metadata: Metadata;
  /** Byte-exact as imported. */
  text: string;
  sha256: string;
  /** Length in code points. */
  length: number;
}

export interface Span {
  id: number;
  documentId: number;
  labelId: number;
  /** Code points, half-open. */
  start: number;
  end: number;
  text: string;
  note: string | null;
  attributes: Record<string, SpanAttributeValue>;
  fragments: Array<[number, number]> | null;
  author: string | null;
  createdAt: string;
  updatedAt: string;
}

/** A typed link from one span to another of the same document ("Family", "Located"). */
export interface Relation {
  id: number;
  type: string;
  fromSpanId: number;
  toSpanId: number;
  note: string | null;
}

export interface HistoryState {
  canUndo: boolean;
  canRedo: boolean;
  /** What Undo would undo, for menus and tooltips ("Undo create Agency span"). */
  undoDescription: string | null;
  redoDescription: string | null;
}

/**
 * What every span-changing call returns, so the renderer can apply it without reloading. A relation
 * change (made, removed, undone, redone) returns the span it starts from in `upserted`, unchanged,
 * so that the renderer selects it and shows where the change was.
 */
export interface SpanChange {
  upserted: Span[];
  deletedIds: number[];
  document: DocumentSummary;
  history: HistoryState;
  /** What was done, for status messages ("Undid: create Agency span"). */
  description: string;
}

/** What createRelation returns: the relation made, or the identical one already there ("Already linked: …"). */
export interface RelationChange extends SpanChange {
  relation: Relation;
}

export interface DocumentPage {
  total: number;
  items: DocumentSummary[];
}

/** Where a document sits in the document list (locateDocument). */
export interface DocumentPosition {
  /** Its row (0-based) in the list, or null when the list's filters leave it out. */
  index: number | null;
  /** How many of the list's rows sort before it: its index when listed, else where it would sit. */
  before: number;
  /** Rows in the list, as listDocuments counts them. */
  total: number;
}

/**
 * Everything the first screen shows, rendered into the page by the back end (services/firstScreen.ts)
 * and embedded in it, so the app hydrates that markup from the same data without a round trip.
 * Each part is exactly what the named API call answers.
 */
export interface FirstScreen {
  info: ProjectInfo;
  /** listLabels */
  labels: Label[];
  /** listDocuments with FIRST_LIST_QUERY */
  list: DocumentPage;
  /** The document named in the address (?doc=N), else the list's first; null when there is none. */
  document: { detail: DocumentDetail; spans: Span[]; history: HistoryState } | null;
}

export interface SearchHit {
  document: DocumentSummary;
  /** Text around the best match, matches between SNIPPET_MATCH_START and SNIPPET_MATCH_END. */
  snippet: string;
  /** First match in the text, in code points, for scrolling to it; null when only the title matched. */
  match: { start: number; end: number } | null;
}

export interface SearchResults {
  /** Number of matching documents, counted up to a cap. */
  total: number;
  /** True when more documents match than were counted ("1,000+"). */
  totalIsCapped: boolean;
  hits: SearchHit[];
}

/** How many spans use a label (listLabelUsage). */
export interface LabelUsage {
  labelId: number;
  spans: number;
}

export interface ProjectStats {
  documents: number;
  spans: number;
  /** Label name -> number of spans. */
  labels: Record<string, number>;
  relations: number;
  byStatus: Record<DocumentStatus, number>;
}

export interface JobProblem {
  file: string;
  line?: number;
  byteOffset?: number;
  reason: string;
}

export interface JobFileOutcome {
  file: string;
  format: string | null;
  imported: number;
  /** Spans and relations imported with the documents (annotation formats). */
  spans: number;
  relations: number;
  /** Labels the file used that the project did not have; they were added. */
  labelsCreated: string[];
  /** Things kept in another form or passed over on purpose (brat events…): never fatal. */
  warnings: JobProblem[];
  warningCount: number;
  /** Documents whose text was already in the project and that were skipped (`onDuplicate` skip, or merge for article files). */
  duplicates: number;
  /** Spans and relations of those skipped documents: not imported (`onDuplicate: 'merge'` adds them to the documents already there). */
  duplicateSpans: number;
  duplicateRelations: number;
  /** Documents whose text was already in the project and whose spans and relations were added to it (`onDuplicate` merge). */
  merged: number;
  /** Spans and relations of merged documents that the document already had (same label, range and fragments): not added twice. */
  spansAlreadyThere: number;
  relationsAlreadyThere: number;
  /**
   * The first skipped or merged duplicates. `spans` and `relations` are, for a skipped one, what
   * was left out; for a merged one, what was added to document `existingDocumentId`.
   */
  duplicateNotes: Array<{ line: number; title: string; existingDocumentId: number; merged: boolean; spans: number; relations: number }>;
  refused: boolean;
  problems: JobProblem[];
  problemCount: number;
  cancelled: boolean;
}

export interface JobProgress {
  filesDone: number;
  filesTotal: number;
  currentFile: string | null;
  bytesDone: number;
  bytesTotal: number;
  documentsDone: number;
  elapsedMs: number;
}

export interface ImportJobSummary {
  files: JobFileOutcome[];
  imported: number;
  spans: number;
  relations: number;
  labelsCreated: string[];
  duplicates: number;
  /** Spans and relations of skipped duplicates, not imported (see JobFileOutcome). */
  duplicateSpans: number;
  duplicateRelations: number;
  merged: number;
  spansAlreadyThere: number;
  relationsAlreadyThere: number;
  refusedFiles: number;
  problemCount: number;
  skippedFiles: string[];
  cancelled: boolean;
  elapsedMs: number;
}

export interface ExportLossItem {
  kind: 'document' | 'span' | 'relation' | 'text' | 'attribute';
  documentId: string | number;
  key?: string;
  label?: string;
  start?: number;
  end?: number;
  reason: string;
}

export interface ExportJobSummary {
  format: AnnotationFormat;
  documents: number;
  spans: number;
  relations: number;
  /** What the format cannot express, counted by reason; the first items listed. */
  losses: { count: number; byReason: Record<string, number>; items: ExportLossItem[] };
  /** Documents per split, when split. */
  splits: Record<string, number> | null;
  /** Where it was written (a file or a folder). */
  output: string;
  outputKind: 'file' | 'folder';
  /** True when the export waits to be downloaded (browser mode): GET /download?job=<id>. */
  download: boolean;
  /** Suggested file name for the download (folders come as .tar). */
  downloadName: string;
  cancelled: boolean;
  elapsedMs: number;
  /**
   * Label Studio only: the labeling interface (XML) a Label Studio project needs to take these
   * tasks, with the project's labels and relation types; null for the other formats.
   */
  labelingConfig: string | null;
}

/** A long task (import, export) running off the UI thread; the renderer polls it. */
export interface JobState {
  id: string;
  kind: 'import' | 'export';
  state: 'running' | 'done' | 'cancelled' | 'failed';
  progress: JobProgress;
  summary: ImportJobSummary | null;
  exportSummary: ExportJobSummary | null;
  error: string | null;
}

export interface ApiResults {
  getProjectInfo: ProjectInfo;
  /** Opaque; differs whenever the project's content may have changed (db/contentVersion.ts). */
  getContentVersion: string;
  setSettings: ProjectSettings;
  listLabels: Label[];
  createLabel: Label;
  updateLabel: Label;
  /** The label as it was deleted (its hotkey freed). */
  deleteLabel: Label;
  listLabelUsage: LabelUsage[];
  /** The live labels in their new order. */
  moveLabel: Label[];
  listDocuments: DocumentPage;
  locateDocument: DocumentPosition;
  getDocument: DocumentDetail;
  setDocumentStatus: SpanChange;
  listSpans: Span[];
  listRelations: Relation[];
  listRelationTypes: string[];
  createRelation: RelationChange;
  deleteRelation: SpanChange;
  createSpan: SpanChange;
  updateSpan: SpanChange;
  deleteSpan: SpanChange;
  undo: SpanChange | null;
  redo: SpanChange | null;
  getHistory: HistoryState;
  updateDocument: DocumentDetail;
  searchDocuments: SearchResults;
  getStats: ProjectStats;
  startImport: JobState;
  startExport: JobState;
  getJob: JobState;
  cancelJob: JobState;
}

/** The API as the renderer sees it: one async function per method. */
export type SpanbenchApi = {
  [M in ApiMethod]: (input: ApiInput<M>) => Promise<ApiResults[M]>;
};

/** The back end's side: handlers receive validated input. */
export type ApiHandlers = {
  [M in ApiMethod]: (input: ApiParsedInput<M>) => ApiResults[M] | Promise<ApiResults[M]>;
};


export function isApiMethod(name: unknown): name is ApiMethod {
  return typeof name === 'string' && Object.hasOwn(apiInputs, name);
}

/** Validates a raw call; throws SpanbenchError('invalid_input') naming the method and every problem. */
/**
 * Where in a call's input an own "__proto__" key stands (JSON.parse makes one), or null. zod's
 * records leave such a key out without a word, so an attribute named "__proto__" would vanish from
 * a saved set: it is refused instead, naming where it was.
 */
function protoKeyPath(value: unknown, path: string[] = []): string | null {
  if (value === null || typeof value !== 'object') return null;
  if (Object.hasOwn(value, '__proto__')) return [...path, '__proto__'].join('.');
  for (const [key, inner] of Object.entries(value)) {
    const found = protoKeyPath(inner, [...path, key]);
    if (found !== null) return found;
  }
  return null;
}

/** The top-level input field every problem is about, so a form can show them beside it; else undefined. */
function soleField(issues: ReadonlyArray<{ path: readonly PropertyKey[] }>): string | undefined {
  const fields = new Set(issues.map((issue) => issue.path[0]));
  const [field] = fields;
  return fields.size === 1 && typeof field === 'string' ? field : undefined;
}

export function parseApiInput<M extends ApiMethod>(method: M, raw: unknown): ApiParsedInput<M> {
  const proto = protoKeyPath(raw);
  if (proto !== null) throw new SpanbenchError('invalid_input', `${method}: ${proto}: "__proto__" cannot be a name here`);
  const result = apiInputs[method].safeParse(raw ?? {});
  if (!result.success) {
    const problems = result.error.issues.map((issue) => {
      const where = issue.path.length > 0 ? issue.path.join('.') : 'input';
      return `${where}: ${issue.message}`;
    });
    throw new SpanbenchError('invalid_input', `${method}: ${problems.join('; ')}`, soleField(result.error.issues));
  }
  return result.data as ApiParsedInput<M>;
}

export function toWireError(error: unknown): WireError {
  if (error instanceof SpanbenchError) return { code: error.code, message: error.message, ...(error.field !== undefined ? { field: error.field } : {}) };
  const message = error instanceof Error ? error.message : String(error);
  if (/SQLITE_BUSY|database is locked/i.test(message)) {
    return { code: 'busy', message: 'The project is busy: another program is writing to it. Try again in a moment.' };
  }
  if (/SQLITE_FULL|database or disk is full/i.test(message)) {
    return { code: 'internal', message: 'The disk is full: the change was not saved. Free some space and try again.' };
  }
  if (/SQLITE_READONLY|readonly database/i.test(message)) {
    return { code: 'read_only', message: 'The project is open read-only: changes cannot be saved.' };
  }
  return { code: 'internal', message };
}

