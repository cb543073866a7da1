/**
 * The back end's implementation of the API contract over one open project.
 * Every write runs in one transaction and returns only after it is committed,
 * so whatever the renderer draws is already on disk.
 */
import os from 'node:os';
import path from 'node:path';
import {
  SNIPPET_MATCH_END,
  SNIPPET_MATCH_START,
  SpanbenchError,
  reservedHotkeyRefusal,
  type ApiHandlers,
  type ApiParsedInput,
  type DocumentSummary,
  type HistoryState,
  type ProjectSettings,
  type Relation,
  type RelationChange,
  type Span,
  type SpanChange,
} from '../contract/api';
import { coveredText, type DocumentStatus } from '../core/model';
import { OffsetIndex } from '../core/offsets';
import { oneLine } from '../core/text';
import * as changes from '../db/changesRepo';
import { contentVersion } from '../db/contentVersion';
import * as documents from '../db/documentsRepo';
import * as labels from '../db/labelsRepo';
import type { OpenedProject, ProjectDb } from '../db/open';
import * as relations from '../db/relationsRepo';
import { searchDocumentIds } from '../db/searchRepo';
import * as settings from '../db/settingsRepo';
import { findFirstMatch, makeSnippet, parseSearch } from '../core/searchQuery';
import * as spans from '../db/spansRepo';
import { nowIso } from '../db/time';
import { randomUUID } from 'node:crypto';
import { FORMATS } from '../core/formats/index';
import type { ExportRequest } from './annotationExport';
import { parseSplit, type ExportSelection, type SplitSpec } from './exportData';
import { inProcessExportRunner, inProcessImportRunner, JobRegistry, type ExportRunner, type ImportRunner } from './jobs';

/** How many of the project's relation types listRelationTypes offers. */
const MAX_RELATION_TYPES = 200;

interface DeletedSpanSnapshot {
  span: Span;
  relations: relations.RelationRow[];
}

/**
 * What a span.create change holds before the span: null, or the status the document had when
 * this first span moved it from new to in progress, so that undoing the span puts it back.
 */
interface BeforeCreate {
  documentStatus: DocumentStatus;
}

/** Text never changes after import, so an index built once per document stays right. */
class TextCache {
  readonly #entries = new Map<number, { text: string; index: OffsetIndex }>();
  constructor(private readonly capacity = 8) {}

  get(db: ProjectDb, documentId: number): { text: string; index: OffsetIndex } {
    const hit = this.#entries.get(documentId);
    if (hit) {
      this.#entries.delete(documentId);
      this.#entries.set(documentId, hit);
      return hit;
    }
    const text = documents.getDocumentText(db, documentId);
    if (text === null) throw new SpanbenchError('not_found', `There is no document ${documentId}.`);
    const entry = { text, index: new OffsetIndex(text) };
    this.#entries.set(documentId, entry);
    if (this.#entries.size > this.capacity) this.#entries.delete(this.#entries.keys().next().value!);
    return entry;
  }
}

export interface ProjectService {
  handlers: ApiHandlers;
  jobs: JobRegistry;
  project: OpenedProject;
  close(): void;
}

export function defaultAuthor(): string {
  try {
    return os.userInfo().username || 'analyst';
  } catch {
    return 'analyst';
  }
}

export interface ProjectServiceOptions {
  /** Files staged by trusted code (dialogs, drops, uploads), by id. The renderer only ever names ids. */
  stagedFiles?: ReadonlyMap<string, string>;
  /** How imports and exports run; the app passes worker-thread runners. */
  importRunner?: ImportRunner;
  exportRunner?: ExportRunner;
  /** Where exports meant for download are written (browser mode); default a temporary folder. */
  downloadDir?: string;
}

export function createProjectService(project: OpenedProject, options: ProjectServiceOptions = {}): ProjectService {
  const { db } = project;
  const texts = new TextCache();
  const jobs = new JobRegistry();
  const stagedFiles = options.stagedFiles ?? new Map<string, string>();
  const importRunner = options.importRunner ?? inProcessImportRunner;
  const exportRunner = options.exportRunner ?? inProcessExportRunner;
  const downloadDir = options.downloadDir ?? path.join(os.tmpdir(), `spanbench-exports-${process.pid}`);

  const readSettings = (): ProjectSettings => ({
    snapToWords: settings.getSetting(db, 'snapToWords') !== 'false',
    author: settings.getSetting(db, 'author') ?? defaultAuthor(),
    lastRelationType: settings.getSetting(db, 'lastRelationType'),
  });

  const requireWritable = (): void => {
    if (project.readOnly) {
      throw new SpanbenchError('read_only', `This project is open read-only${project.readOnlyReason ? ` (${project.readOnlyReason})` : ''}: changes cannot be saved.`);
    }
  };

  const write = <T>(work: () => T): T => {
    requireWritable();
    // IMMEDIATE takes the write lock up front, so a second writer waits (busy_timeout) instead of failing mid-way.
    return db.transaction(work).immediate();
  };

  const requireDocument = (id: number): DocumentSummary => {
    const summary = documents.getDocumentSummary(db, id);
    if (!summary) throw new SpanbenchError('not_found', `There is no document ${id}.`);
    return summary;
  };

  /** A label new spans and edits may use: a deleted one is unknown here (the UI never offers it). */
  const requireLabel = (id: number) => {
    const label = labels.getLiveLabel(db, id);
    if (!label) throw new SpanbenchError('not_found', `There is no label ${id}.`);
    return label;
  };

  /**
   * The history brings back a span of a label deleted since (allowed: no span used it then): the
   * label comes back with it, in the same transaction, so no drawn span lacks its label. The
   * renderer reads the labels again when a span arrives whose label it does not know.
   */
  const reviveLabelOf = (span: Pick<Span, 'labelId'>): void => {
    if (!labels.getLabel(db, span.labelId)) throw new SpanbenchError('not_found', `There is no label ${span.labelId}.`);
    labels.reviveLabel(db, span.labelId);
  };

  const requireSpan = (id: number): Span => {
    const span = spans.getSpan(db, id);
    if (!span) throw new SpanbenchError('not_found', `There is no span ${id}; it may have been deleted.`);
    return span;
  };

  const labelName = (labelId: number): string => labels.getLabel(db, labelId)?.name ?? `label ${labelId}`;

  /** A span's words for a message: a discontinuous span's fragments only (joined by " … "), not its gaps. */
  const quote = (span: Pick<Span, 'start' | 'text' | 'fragments'>): string => {
    return `“${oneLine(coveredText(span), 40)}”`;
  };

  const spanChange = (documentId: number, description: string, upserted: Span[], deletedIds: number[]): SpanChange => ({
    upserted,
    deletedIds,
    document: documents.getDocumentSummary(db, documentId)!,
    history: changes.historyState(db, documentId),
    description,
  });

  const deleteWithSnapshot = (span: Span): DeletedSpanSnapshot => {
    const linked = relations.relationRowsOfSpan(db, span.id);
    spans.deleteSpan(db, span.id);
    return { span, relations: linked };
  };

  /** The span with this id if it belongs to this document: an id from the history names no other document's span. */
  const spanOfDocument = (id: number, documentId: number): Span | null => {
    const span = spans.getSpan(db, id);
    return span?.documentId === documentId ? span : null;
  };

  const requireSpanOf = (id: number, documentId: number): Span => {
    const span = spanOfDocument(id, documentId);
    if (!span) throw new SpanbenchError('not_found', `There is no span ${id} in document ${documentId}; it may have been deleted.`);
    return span;
  };

  /** A relation as the history and the status bar name it: “Borisov” decides “to hold the meeting”. */
  const describeLink = (from: Span, type: string, to: Span): string => `${quote(from)} ${type} ${quote(to)}`;

  /**
   * After a span or relation came back under a fresh id (see reinsertSpan), the document's undo and
   * redo stacks are told, in the same transaction, so that they go on acting on it under its new id.
   */
  const renameInHistory = (documentId: number, what: 'span' | 'relation', from: number, to: number): void => {
    changes.rewriteOpenChanges(db, documentId, (change) => {
      let renames = 0;
      const renamed = (id: number): number => {
        if (id !== from) return id;
        renames++;
        return to;
      };
      if (change.kind === 'span.delete') {
        const snapshot = change.before as DeletedSpanSnapshot;
        if (what === 'span') snapshot.span.id = renamed(snapshot.span.id);
        for (const relation of snapshot.relations) {
          if (what === 'relation') {
            relation.id = renamed(relation.id);
          } else {
            relation.from_span_id = renamed(relation.from_span_id);
            relation.to_span_id = renamed(relation.to_span_id);
          }
        }
      } else if (what === 'span' && change.kind === 'span.create') {
        const created = change.after as Span;
        created.id = renamed(created.id);
      } else if (what === 'span' && change.kind === 'span.update') {
        for (const state of [change.before, change.after] as Span[]) state.id = renamed(state.id);
      } else if (change.kind === 'relation.create' || change.kind === 'relation.delete') {
        const relation = (change.kind === 'relation.create' ? change.after : change.before) as relations.RelationRow;
        if (what === 'relation') {
          relation.id = renamed(relation.id);
        } else {
          relation.from_span_id = renamed(relation.from_span_id);
          relation.to_span_id = renamed(relation.to_span_id);
        }
      }
      return renames > 0;
    });
  };

  /**
   * Puts a span back under the id the history knows it by. A project from before migration 3 may
   * since have given that id to another span: this one then comes back under a fresh id, rather
   * than failing on the taken id for good (and the history follows it, see renameInHistory).
   */
  const reinsertSpan = (span: Span): Span => {
    reviveLabelOf(span);
    if (!spans.getSpan(db, span.id)) return spans.insertSpan(db, span);
    const { id: taken, ...fields } = span;
    const restored = spans.insertSpan(db, fields);
    renameInHistory(span.documentId, 'span', taken, restored.id);
    return restored;
  };

  /** Puts a relation back under the id the history knows it by, or a fresh one when that id was given away (as reinsertSpan). */
  const reinsertRelation = (documentId: number, relation: relations.RelationRow): number => {
    const taken = relations.relationExists(db, relation.id);
    const inserted = relations.insertRelation(db, documentId, { ...relation, id: taken ? null : relation.id });
    if (taken) renameInHistory(documentId, 'relation', relation.id, inserted);
    return inserted;
  };

  /** The span back with its relations; says how many relations could not come back (a span they linked is gone). */
  const restoreSnapshot = (snapshot: DeletedSpanSnapshot): { span: Span; relationsLost: number } => {
    const restored = reinsertSpan(snapshot.span);
    const { documentId } = restored;
    let relationsLost = 0;
    for (const r of snapshot.relations) {
      const from = r.from_span_id === snapshot.span.id ? restored.id : r.from_span_id;
      const to = r.to_span_id === snapshot.span.id ? restored.id : r.to_span_id;
      if (!spanOfDocument(from, documentId) || !spanOfDocument(to, documentId)) {
        relationsLost++;
        continue;
      }
      reinsertRelation(documentId, { ...r, from_span_id: from, to_span_id: to });
    }
    return { span: restored, relationsLost };
  };

  /** Applies one logged change forwards (redo) or backwards (undo); `note` is anything it could not do. */
  const applyChange = (change: changes.ChangeRecord, direction: 'undo' | 'redo'): { upserted: Span[]; deletedIds: number[]; note?: string } => {
    const target = direction === 'undo' ? change.before : change.after;
    switch (change.kind) {
      case 'span.create': {
        const created = change.after as Span;
        // Only the status this span set is restored: a status the user chose since stays.
        const statusBefore = (change.before as BeforeCreate | null)?.documentStatus;
        const status = requireDocument(change.documentId).status;
        if (direction === 'undo') {
          if (spanOfDocument(created.id, change.documentId)) spans.deleteSpan(db, created.id);
          if (statusBefore !== undefined && status === 'in_progress') documents.setDocumentStatus(db, change.documentId, statusBefore);
          return { upserted: [], deletedIds: [created.id] };
        }
        if (statusBefore !== undefined && status === statusBefore) documents.setDocumentStatus(db, change.documentId, 'in_progress');
        return { upserted: [reinsertSpan(created)], deletedIds: [] };
      }
      case 'span.delete': {
        const snapshot = change.before as DeletedSpanSnapshot;
        if (direction === 'undo') {
          const { span, relationsLost } = restoreSnapshot(snapshot);
          const note = relationsLost === 0 ? undefined : `${relationsLost === 1 ? '1 relation' : `${relationsLost} relations`} not restored: a span it linked is gone`;
          return { upserted: [span], deletedIds: [], ...(note ? { note } : {}) };
        }
        if (spanOfDocument(snapshot.span.id, change.documentId)) spans.deleteSpan(db, snapshot.span.id);
        return { upserted: [], deletedIds: [snapshot.span.id] };
      }
      case 'span.update': {
        const state = target as Span;
        requireSpanOf(state.id, change.documentId);
        reviveLabelOf(state);
        spans.writeSpanFields(db, state);
        return { upserted: [requireSpan(state.id)], deletedIds: [] };
      }
      case 'relation.create':
      case 'relation.delete': {
        const relation = (change.kind === 'relation.create' ? change.after : change.before) as relations.RelationRow;
        const bringBack = (change.kind === 'relation.create') === (direction === 'redo');
        const from = spanOfDocument(relation.from_span_id, change.documentId);
        if (bringBack) {
          if (!from || !spanOfDocument(relation.to_span_id, change.documentId)) {
            throw new SpanbenchError('not_found', `The relation ${relation.type} cannot come back: a span it linked is gone.`);
          }
          reinsertRelation(change.documentId, relation);
          // An id from the history names no other document's relation (see renameInHistory).
        } else if (relations.getRelationRow(db, relation.id)?.document_id === change.documentId) {
          relations.deleteRelation(db, relation.id);
        }
        // The span the relation starts from, unchanged: the renderer selects it, where the change shows.
        return { upserted: from ? [from] : [], deletedIds: [] };
      }
      case 'document.status': {
        documents.setDocumentStatus(db, change.documentId, (target as { status: DocumentStatus }).status);
        return { upserted: [], deletedIds: [] };
      }
      case 'document.update': {
        documents.updateDocumentFields(db, change.documentId, target as documents.DocumentFields);
        return { upserted: [], deletedIds: [] };
      }
    }
  };

  const stepHistory = (documentId: number, direction: 'undo' | 'redo'): SpanChange | null =>
    write(() => {
      requireDocument(documentId);
      const change = direction === 'undo' ? changes.latestDoneChange(db, documentId) : changes.nextUndoneChange(db, documentId);
      if (!change) return null;
      const applied = applyChange(change, direction);
      changes.setChangeState(db, change.id, direction === 'undo' ? 'undone' : 'done');
      documents.touchDocument(db, documentId);
      const verb = direction === 'undo' ? 'Undid' : 'Redid';
      const description = `${verb}: ${change.description}${applied.note ? ` (${applied.note})` : ''}`;
      return spanChange(documentId, description, applied.upserted, applied.deletedIds);
    });

  const handlers: ApiHandlers = {
    getProjectInfo: () => ({
      path: project.file,
      name: path.basename(project.file).replace(/\.sqlite$/i, ''),
      schemaVersion: project.schemaVersion,
      readOnly: project.readOnly,
      readOnlyReason: project.readOnlyReason,
      settings: readSettings(),
      documentCount: documents.countDocuments(db),
    }),

    getContentVersion: () => contentVersion(db),

    setSettings: (input) =>
      write(() => {
        if (input.snapToWords !== undefined) settings.setSetting(db, 'snapToWords', String(input.snapToWords));
        if (input.author !== undefined) settings.setSetting(db, 'author', input.author);
        if (input.lastRelationType !== undefined) settings.setSetting(db, 'lastRelationType', input.lastRelationType);
        return readSettings();
      }),

    listLabels: () => labels.listLabels(db),

    createLabel: (input) =>
      write(() => {
        const named = labels.findLabelByName(db, input.name);
        if (named && !named.deleted) throw new SpanbenchError('conflict', `A label named ${input.name} already exists.`, 'name');
        assertHotkeyFree(input.hotkey ?? null, null);
        // The name of a deleted label is still taken (the history may bring it back): adding it
        // again brings that label back as now described, with the spans the history may restore.
        if (named) {
          labels.reviveLabel(db, named.label.id, input);
          return labels.getLabel(db, named.label.id)!;
        }
        return labels.insertLabel(db, input);
      }),

    updateLabel: (input) =>
      write(() => {
        requireLabel(input.id);
        if (input.name !== undefined) {
          const other = labels.findLabelByName(db, input.name);
          if (other?.deleted) {
            throw new SpanbenchError('conflict', `A label named ${input.name} was deleted: add a label of that name to bring it back, or choose another name.`, 'name');
          }
          if (other && other.label.id !== input.id) throw new SpanbenchError('conflict', `A label named ${input.name} already exists.`, 'name');
        }
        if (input.hotkey !== undefined) assertHotkeyFree(input.hotkey, input.id);
        return labels.updateLabel(db, input.id, input)!;
      }),

    deleteLabel: ({ id }) =>
      write(() => {
        const label = requireLabel(id);
        const used = labels.spanCountsByLabel(db).get(id) ?? 0;
        if (used > 0) {
          throw new SpanbenchError('conflict', `${used === 1 ? '1 span uses' : `${used} spans use`} label “${label.name}”: relabel or delete them first.`);
        }
        labels.markLabelDeleted(db, id);
        return labels.getLabel(db, id)!;
      }),

    moveLabel: ({ id, toIndex }) =>
      write(() => {
        requireLabel(id);
        const live = labels.listLabels(db);
        if (toIndex >= live.length) {
          throw new SpanbenchError('invalid_input', `There ${live.length === 1 ? 'is 1 label' : `are ${live.length} labels`}: a place is 0 to ${live.length - 1}, not ${toIndex}.`);
        }
        // Already there: nothing is written, so other tabs are not sent to read the labels again.
        if (live[toIndex]!.id === id) return live;
        labels.moveLiveLabel(db, id, toIndex);
        return labels.listLabels(db);
      }),

    listLabelUsage: () => [...labels.spanCountsByLabel(db)].map(([labelId, count]) => ({ labelId, spans: count })),

    listDocuments: (input) => documents.listDocuments(db, input),

    locateDocument: ({ id, ...query }) => {
      const position = documents.locateDocument(db, id, query);
      if (!position) throw new SpanbenchError('not_found', `There is no document ${id}.`);
      return position;
    },

    getDocument: ({ id }) => {
      const document = documents.getDocument(db, id);
      if (!document) throw new SpanbenchError('not_found', `There is no document ${id}.`);
      return document;
    },

    setDocumentStatus: ({ documentId, status }) =>
      write(() => {
        const before = requireDocument(documentId).status;
        if (before !== status) {
          documents.setDocumentStatus(db, documentId, status);
          changes.recordChange(db, {
            documentId,
            kind: 'document.status',
            description: `mark document ${status.replace('_', ' ')}`,
            before: { status: before },
            after: { status },
            author: readSettings().author,
          });
        }
        return spanChange(documentId, `Marked ${status.replace('_', ' ')}`, [], []);
      }),

    listSpans: ({ documentId }) => {
      requireDocument(documentId);
      return spans.listSpans(db, documentId);
    },

    listRelations: ({ documentId }) => {
      requireDocument(documentId);
      return relations.listRelations(db, documentId);
    },

    listRelationTypes: () => relations.listRelationTypes(db, MAX_RELATION_TYPES),

    createRelation: (input): RelationChange =>
      write(() => {
        const { documentId, type } = input;
        requireDocument(documentId);
        const from = requireSpanOf(input.fromSpanId, documentId);
        const to = requireSpanOf(input.toSpanId, documentId);
        const described = describeLink(from, type, to);
        // As with spans: the very link already there is answered with, not made twice (two tabs, a second Enter).
        const same = relations.findSameRelation(db, { type, from_span_id: from.id, to_span_id: to.id });
        if (same) return { ...spanChange(documentId, `Already linked: ${described}`, [from], []), relation: same };
        const author = readSettings().author;
        const row: Omit<relations.RelationRow, 'id'> = {
          type,
          from_span_id: from.id,
          to_span_id: to.id,
          // An empty note is no note, as for spans.
          note: input.note != null && input.note.trim() !== '' ? input.note : null,
          author,
          created_at: nowIso(),
        };
        const id = relations.insertRelation(db, documentId, { ...row, id: null });
        changes.recordChange(db, { documentId, kind: 'relation.create', description: `link ${described}`, before: null, after: { id, ...row }, author });
        documents.touchDocument(db, documentId);
        const relation: Relation = { id, type, fromSpanId: from.id, toSpanId: to.id, note: row.note };
        return { ...spanChange(documentId, `Linked ${described}`, [from], []), relation };
      }),

    deleteRelation: ({ id }) =>
      write(() => {
        const stored = relations.getRelationRow(db, id);
        if (!stored) throw new SpanbenchError('not_found', `There is no relation ${id}; it may have been removed.`);
        const { document_id: documentId, ...row } = stored;
        const from = requireSpanOf(row.from_span_id, documentId);
        const described = describeLink(from, row.type, requireSpanOf(row.to_span_id, documentId));
        relations.deleteRelation(db, id);
        changes.recordChange(db, { documentId, kind: 'relation.delete', description: `unlink ${described}`, before: row, after: null, author: readSettings().author });
        documents.touchDocument(db, documentId);
        return spanChange(documentId, `Removed the relation ${described}`, [from], []);
      }),

    createSpan: (input: ApiParsedInput<'createSpan'>) =>
      write(() => {
        const document = requireDocument(input.documentId);
        const label = requireLabel(input.labelId);
        const { text, index } = texts.get(db, input.documentId);
        if (input.end > index.length) {
          throw new SpanbenchError('invalid_input', `createSpan: end ${input.end} is past the end of document ${input.documentId} (${index.length} characters).`);
        }
        // Checked here, in the write transaction, as well as in the renderer: two tabs (or a second
        // press before the first span arrived) would otherwise stack identical spans.
        const same = spans.findSameSpan(db, { documentId: document.id, labelId: label.id, start: input.start, end: input.end, fragments: null });
        if (same) return spanChange(document.id, `Already ${label.name}: ${quote(same)}`, [same], []);
        const now = nowIso();
        const span = spans.insertSpan(db, {
          documentId: input.documentId,
          labelId: label.id,
          start: input.start,
          end: input.end,
          text: text.slice(index.toUtf16(input.start), index.toUtf16(input.end)),
          note: input.note ?? null,
          attributes: {},
          fragments: null,
          author: readSettings().author,
          createdAt: now,
          updatedAt: now,
        });
        const movedFrom: BeforeCreate | null = document.status === 'new' ? { documentStatus: 'new' } : null;
        if (movedFrom) documents.setDocumentStatus(db, document.id, 'in_progress');
        else documents.touchDocument(db, document.id);
        const description = `create ${label.name} span ${quote(span)}`;
        changes.recordChange(db, { documentId: document.id, kind: 'span.create', description, before: movedFrom, after: span, author: span.author });
        return spanChange(document.id, `Created ${label.name} span`, [span], []);
      }),

    updateSpan: (input) =>
      write(() => {
        const before = requireSpan(input.id);
        if (input.labelId !== undefined && input.labelId !== before.labelId) {
          const label = requireLabel(input.labelId);
          const same = spans.findSameSpan(db, { ...before, labelId: label.id }, before.id);
          if (same) throw new SpanbenchError('conflict', `Already ${label.name}: ${quote(same)}`);
        }
        const after: Span = {
          ...before,
          labelId: input.labelId ?? before.labelId,
          // An emptied note is no note: null, as a span that never had one (exports leave it out).
          note: input.note === undefined ? before.note : input.note !== null && input.note.trim() !== '' ? input.note : null,
          // The whole set, as the analyst left it: a name left out is an attribute removed.
          attributes: input.attributes ?? before.attributes,
          updatedAt: nowIso(),
        };
        spans.writeSpanFields(db, after);
        const updated = requireSpan(input.id);
        const what =
          after.labelId !== before.labelId
            ? `relabel ${quote(before)} ${labelName(before.labelId)} → ${labelName(after.labelId)}`
            : input.note !== undefined
              ? `edit note of ${quote(before)}`
              : `edit attributes of ${quote(before)}`;
        changes.recordChange(db, { documentId: before.documentId, kind: 'span.update', description: what, before, after: updated, author: readSettings().author });
        documents.touchDocument(db, before.documentId);
        return spanChange(before.documentId, what.charAt(0).toUpperCase() + what.slice(1), [updated], []);
      }),

    deleteSpan: ({ id }) =>
      write(() => {
        const span = requireSpan(id);
        const snapshot = deleteWithSnapshot(span);
        const description = `delete ${labelName(span.labelId)} span ${quote(span)}`;
        changes.recordChange(db, { documentId: span.documentId, kind: 'span.delete', description, before: snapshot, after: null, author: readSettings().author });
        documents.touchDocument(db, span.documentId);
        // Its relations go with it (undo brings them back): say so, or they vanish unseen.
        const linked = snapshot.relations.length;
        const withRelations = linked === 0 ? '' : ` and its ${linked === 1 ? '1 relation' : `${linked} relations`}`;
        return spanChange(span.documentId, `Deleted ${labelName(span.labelId)} span ${quote(span)}${withRelations}`, [], [id]);
      }),

    undo: ({ documentId }) => stepHistory(documentId, 'undo'),
    redo: ({ documentId }) => stepHistory(documentId, 'redo'),

    getHistory: ({ documentId }): HistoryState => {
      requireDocument(documentId);
      return changes.historyState(db, documentId);
    },

    updateDocument: ({ id, ...patch }) =>
      write(() => {
        const current = documents.getDocument(db, id);
        if (!current) throw new SpanbenchError('not_found', `There is no document ${id}.`);
        const before: documents.DocumentFields = {
          title: current.title,
          source: current.source,
          url: current.url,
          publishedAt: current.publishedAt,
          language: current.language,
          metadata: current.metadata,
        };
        const after: documents.DocumentFields = { ...before };
        for (const key of Object.keys(patch) as Array<keyof typeof patch>) {
          if (patch[key] !== undefined) (after as unknown as Record<string, unknown>)[key] = patch[key];
        }
        documents.updateDocumentFields(db, id, after);
        changes.recordChange(db, { documentId: id, kind: 'document.update', description: 'edit document details', before, after, author: readSettings().author });
        return documents.getDocument(db, id)!;
      }),

    searchDocuments: ({ query, limit, offset }) => {
      const parsed = parseSearch(query);
      if (parsed.problem) throw new SpanbenchError('invalid_input', parsed.problem);
      if (parsed.match === null) return { total: 0, totalIsCapped: false, hits: [] };
      const { total, totalIsCapped, rows } = searchDocumentIds(db, parsed.match, limit, offset);
      const hits = rows.map((row) => {
        const { text, index } = texts.get(db, row.id);
        const found = findFirstMatch(text, parsed.terms);
        return {
          document: documents.getDocumentSummary(db, row.id)!,
          snippet: makeSnippet(text, parsed.terms, SNIPPET_MATCH_START, SNIPPET_MATCH_END),
          match: found ? { start: index.toCodePoint(found.start, 'down'), end: index.toCodePoint(found.end, 'up') } : null,
        };
      });
      return { total, totalIsCapped, hits };
    },

    getStats: () => documents.projectStats(db),

    startImport: ({ sourceIds, format, textColumn, onDuplicate, skipInvalid, firstLineIsTitle, offsets, labelMap }) => {
      requireWritable();
      const paths = sourceIds.map((sourceId) => {
        const staged = stagedFiles.get(sourceId);
        if (!staged) throw new SpanbenchError('not_found', `Nothing was staged under ${sourceId}; choose the files again.`);
        return staged;
      });
      return jobs.startImport(
        {
          projectPath: project.file,
          paths,
          options: {
            format,
            onDuplicate,
            skipInvalid,
            firstLineIsTitle,
            ...(textColumn !== undefined ? { textColumn } : {}),
            ...(offsets !== undefined ? { offsets } : {}),
            ...(labelMap !== undefined ? { labelMap } : {}),
          },
        },
        importRunner,
      );
    },

    startExport: (input) => {
      const info = FORMATS[input.format];
      let split: SplitSpec | null = null;
      if (input.split !== undefined && input.split.trim() !== '') {
        try {
          split = parseSplit(input.split, input.seed);
        } catch (error) {
          throw new SpanbenchError('invalid_input', `startExport: ${(error as Error).message}`);
        }
      }
      const jobId = randomUUID();
      const projectName = path.basename(project.file).replace(/\.sqlite$/i, '') || 'project';
      const baseName = `${projectName}-${input.format}`;
      let outPath: string;
      const download = input.destinationId === undefined;
      if (download) {
        outPath = path.join(downloadDir, jobId, info.output === 'folder' ? baseName : `${baseName}${info.extension}`);
      } else {
        const staged = stagedFiles.get(input.destinationId!);
        if (!staged) throw new SpanbenchError('not_found', `Nothing was staged under ${input.destinationId}; choose where to export again.`);
        outPath = staged;
      }
      const selection: ExportSelection = {};
      if (input.status) selection.status = input.status;
      if (input.labels) selection.labels = input.labels;
      if (input.source) selection.source = input.source;
      if (input.since) selection.since = input.since;
      if (input.until) selection.until = input.until;
      const request: ExportRequest = { format: input.format, outPath, selection, split, ...(input.offsets ? { offsets: input.offsets } : {}) };
      return jobs.startExport(jobId, { projectPath: project.file, request }, exportRunner, (summary) => ({
        ...summary,
        download,
        downloadName: info.output === 'folder' ? `${path.basename(outPath)}.tar` : path.basename(outPath),
      }));
    },

    getJob: ({ jobId }) => jobs.get(jobId),
    cancelJob: ({ jobId }) => jobs.cancel(jobId),
  };

  function assertHotkeyFree(hotkey: string | null, labelId: number | null): void {
    if (hotkey === null) return;
    const reserved = reservedHotkeyRefusal(hotkey);
    if (reserved) throw new SpanbenchError('invalid_input', `${reserved}.`, 'hotkey');
    const holder = labels.listLabels(db).find((label) => label.hotkey === hotkey && label.id !== labelId);
    if (holder) throw new SpanbenchError('conflict', `Hotkey ${hotkey} is already used by ${holder.name}.`, 'hotkey');
  }

  return {
    handlers,
    project,
    jobs,
    close: () => {
      if (db.open) db.close();
    },
  };
}
