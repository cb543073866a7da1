/**
 * The open document: its text model, its spans (sorted, indexed by block),
 * the selected span and its undo history. Every change is drawn from what the
 * API returns (it is committed before the promise resolves): nothing optimistic.
 */
import { tick } from 'svelte';
import type { ApiInput, DocumentDetail, DocumentSummary, HistoryState, Label, Relation, Span, SpanChange } from '../../contract/api';
import type { DocumentStatus, SpanAttributeValue } from '../../core/model';
import { oneLine } from '../../core/text';
import { api, errorCode, errorMessage } from '../lib/api';
import { statusNames } from '../lib/format';
import { afterNextPaint, markOpenStart, markSpanDomUpdated, markSpanDrawn, markSpanFrameStart, markSpanSaved, markSpanStart } from '../lib/perf';
import { compareSpans, insertionPoint, SpanIndex } from '../lib/spanIndex';
import { TextModel } from '../lib/textModel';
import type { Messages } from './messages.svelte';
import type { ProjectState } from './project.svelte';

/** How much of a span's text a status message quotes. */
const MESSAGE_QUOTE_LENGTH = 60;

const NO_HISTORY: HistoryState = { canUndo: false, canRedo: false, undoDescription: null, redoDescription: null };

export interface RevealRequest {
  spanId: number;
  /** Changes on every request, so asking twice for the same span scrolls again. */
  seq: number;
}

/** Scroll the article to a range of text (a search match) and flash it. */
export interface MatchRequest {
  start: number;
  end: number;
  seq: number;
}

export type DetailsPatch = Omit<ApiInput<'updateDocument'>, 'id'>;

/**
 * A link being made (L, or "Link to…"): from the span it starts at to a target the analyst picks
 * (null while the app waits for it: a click, or Tab and Enter), then a relation type.
 */
export interface PendingLink {
  fromId: number;
  toId: number | null;
  /** Counts the clicks (and Enter) that picked or tried to pick the target: each hands focus back to the type field. */
  picks: number;
}

export class DocumentState {
  readonly #project: ProjectState;
  readonly #messages: Messages;

  #detail = $state.raw<DocumentDetail | null>(null);
  #model = $state.raw<TextModel | null>(null);
  #spans = $state.raw<Span[]>([]);
  #index = $state.raw<SpanIndex | null>(null);
  /** Bumped whenever #index changes in place; readers of forBlock() depend on it. */
  #indexVersion = $state(0);
  #selectedId = $state<number | null>(null);
  #history = $state.raw<HistoryState>(NO_HISTORY);
  #loading = $state(false);
  #busy = $state(false);
  #reveal = $state.raw<RevealRequest | null>(null);
  #match = $state.raw<MatchRequest | null>(null);
  #link = $state.raw<PendingLink | null>(null);
  /**
   * The type the last link was made with: the next one is most often the same. Known here at once,
   * before the project's settings (which keep it for the next session) have answered.
   */
  #lastRelationType = $state<string | null>(null);

  #spansById = new Map<number, Span>();
  #openSeq = 0;
  #revealSeq = 0;
  #queue: Promise<unknown> = Promise.resolve();
  /** Queued or running steps; while any is, selection changes wait their turn behind them. */
  #pending = 0;
  /** The page is going away (pagehide): steps not yet sent are dropped, so none lands after the next page has drawn the file. */
  #leaving = false;
  /**
   * The project's content version (getContentVersion) read just before the open document was last
   * read; null when not known (a page drawn by the back end). Another tab or the command line changes it.
   */
  #knownVersion: string | null = null;
  #checking = false;

  readonly selected = $derived.by(() => {
    const id = this.#selectedId;
    void this.#spans; // the map is not reactive; the sorted list changes with it
    return id === null ? null : (this.#spansById.get(id) ?? null);
  });

  constructor(project: ProjectState, messages: Messages) {
    this.#project = project;
    this.#messages = messages;
  }

  get detail() {
    return this.#detail;
  }
  get id(): number | null {
    return this.#detail?.id ?? null;
  }
  get model() {
    return this.#model;
  }
  get spans() {
    return this.#spans;
  }
  get history() {
    return this.#history;
  }
  get loading() {
    return this.#loading;
  }
  get busy() {
    return this.#busy;
  }
  get selectedId() {
    return this.#selectedId;
  }
  /**
   * A change is saving or waiting to. What the selection will be once it commits is not known yet
   * (a create selects the span it makes), so a key acting on the selected span must not be turned away now.
   */
  get pending(): boolean {
    return this.#pending > 0;
  }
  /** A span is selected, or may be once the pending change commits: a key acting on the selected span goes ahead (and reads it at its turn). */
  get mayHaveSelection(): boolean {
    return this.selected !== null || this.pending;
  }
  get reveal() {
    return this.#reveal;
  }
  get match() {
    return this.#match;
  }
  get link() {
    return this.#link;
  }
  get lastRelationType(): string | null {
    return this.#lastRelationType ?? this.#project.lastRelationType;
  }

  /** After opening a search hit: bring its first match into view and flash it. */
  showMatch(range: { start: number; end: number } | null): void {
    this.#match = range ? { start: range.start, end: range.end, seq: ++this.#revealSeq } : null;
  }

  /** Spans touching a block; reading it subscribes to index changes. */
  spansForBlock(index: number): readonly Span[] {
    void this.#indexVersion;
    return this.#index?.forBlock(index) ?? [];
  }

  spanById(id: number): Span | undefined {
    return this.#spansById.get(id);
  }

  labelOf(span: Span): Label | undefined {
    return this.#project.labelsById.get(span.labelId);
  }

  async open(id: number): Promise<void> {
    const seq = ++this.#openSeq;
    markOpenStart(id);
    this.#loading = true;
    try {
      // The version is asked first: the back end answers in order, so the data is at least that new.
      const [version, detail, spans, history] = await Promise.all([
        api.getContentVersion({}),
        api.getDocument({ id }),
        api.listSpans({ documentId: id }),
        api.getHistory({ documentId: id }),
      ]);
      if (seq !== this.#openSeq) return;
      this.#knownVersion = version;
      this.#show(detail, spans, history);
    } catch (error) {
      if (seq === this.#openSeq) this.#messages.error(`Cannot open the document: ${errorMessage(error)}`);
    } finally {
      if (seq === this.#openSeq) this.#loading = false;
    }
  }

  /**
   * The document the page was rendered with (FirstScreen.document): shown at once, no call made,
   * so hydration finds the state the server rendered.
   */
  seed(first: { detail: DocumentDetail; spans: Span[]; history: HistoryState }): void {
    ++this.#openSeq;
    markOpenStart(first.detail.id);
    this.#knownVersion = null;
    this.#show(first.detail, first.spans, first.history);
  }

  /**
   * The window is back (focus, or the tab shown again): when the project changed meanwhile (another
   * tab, the command line), the open document's spans and history, the labels and the document list
   * are read again, so the screen shows the file. Never while the analyst's own changes are saving:
   * their answers are what the screen follows then, and the next return checks again.
   */
  async syncWithProject(): Promise<void> {
    // Focus and visibilitychange both arrive when a tab is brought back: one check answers both.
    if (this.#pending > 0 || this.#leaving || this.#checking) return;
    let version: string;
    this.#checking = true;
    try {
      version = await api.getContentVersion({});
    } catch {
      return; // the server is away: the next action says so, with what to do
    } finally {
      this.#checking = false;
    }
    if (version === this.#knownVersion || this.#pending > 0) return;
    this.#knownVersion = version;
    void this.#project.list.reload();
    void this.#project.reloadLabels();
    const documentId = this.id;
    if (documentId !== null) await this.#enqueue(() => this.#reread(documentId));
  }

  /**
   * Follows the window: back to it (focus, or the tab shown again), the project is checked for changes
   * made elsewhere (syncWithProject). Leaving the page while changes are saving asks first (the
   * browser's prompt; in Electron the main process asks, electron/unloadPrompt.ts), and once the page
   * is really going, queued changes are not sent. Returns what stops following it.
   */
  watchWindow(target: Window): () => void {
    const sync = () => void this.syncWithProject();
    const shown = () => {
      if (target.document.visibilityState === 'visible') sync();
    };
    const warn = (event: BeforeUnloadEvent) => {
      if (this.#pending === 0) return;
      event.preventDefault();
      // Browsers before preventDefault() was honoured here asked only when returnValue was set.
      event.returnValue = true;
    };
    // Persisted: kept in the back-forward cache, to run on when shown again; otherwise gone for good.
    const hide = (event: PageTransitionEvent) => {
      if (!event.persisted) this.#leaving = true;
    };
    target.addEventListener('focus', sync);
    target.document.addEventListener('visibilitychange', shown);
    target.addEventListener('beforeunload', warn);
    target.addEventListener('pagehide', hide);
    return () => {
      target.removeEventListener('focus', sync);
      target.document.removeEventListener('visibilitychange', shown);
      target.removeEventListener('beforeunload', warn);
      target.removeEventListener('pagehide', hide);
    };
  }

  /**
   * Reads the open document's spans, history and summary again and applies what differs, keeping
   * the selected span when it is still there: after a change was refused because another tab or
   * program had changed the document, and when the window comes back to a changed project.
   */
  async #reread(documentId: number): Promise<void> {
    try {
      const [version, detail, spans, history] = await Promise.all([
        api.getContentVersion({}),
        api.getDocument({ id: documentId }),
        api.listSpans({ documentId }),
        api.getHistory({ documentId }),
      ]);
      this.#project.applySummary(summaryOnly(detail));
      if (this.id !== documentId) return;
      this.#knownVersion = version;
      const fresh = new Map(spans.map((span) => [span.id, span]));
      const deletedIds = [...this.#spansById.keys()].filter((id) => !fresh.has(id));
      const upserted = spans.filter((span) => {
        const old = this.#spansById.get(span.id);
        return !old || JSON.stringify(old) !== JSON.stringify(span);
      });
      if (deletedIds.length > 0 || upserted.length > 0) this.#applySpans(upserted, deletedIds);
      // The text never changes, so the model (and the drawn article) stays.
      this.#detail = detail;
      this.#history = history;
    } catch (error) {
      this.#messages.error(`Cannot read the document again: ${errorMessage(error)}`);
    }
  }

  #show(detail: DocumentDetail, spans: Span[], history: HistoryState): void {
    const model = new TextModel(detail.text);
    const sorted = [...spans].sort(compareSpans);
    this.#spansById = new Map(sorted.map((span) => [span.id, span]));
    this.#index = new SpanIndex(model, sorted);
    this.#spans = sorted;
    this.#model = model;
    this.#detail = detail;
    this.#history = history;
    this.#selectedId = null;
    this.#reveal = null;
    this.#match = null;
    if (this.#link) {
      // Its spans are not on screen any more; the other cancellations say so too.
      this.#link = null;
      this.#messages.info('Link cancelled: another document was opened');
    }
  }

  /**
   * A click, Tab or Esc while a change is saving takes effect after it, in order: the change may
   * select what it made, and must neither override a later choice nor be acted on in its place.
   */
  select(id: number | null, reveal = false): void {
    this.#whenSettled(() => this.#select(id, reveal));
  }

  #select(id: number | null, reveal: boolean): void {
    this.#selectedId = id !== null && this.#spansById.has(id) ? id : null;
    if (reveal && this.#selectedId !== null) this.#reveal = { spanId: this.#selectedId, seq: ++this.#revealSeq };
  }

  /**
   * A click on a span (in the article or the span list): selects it, or, while a link is being made
   * (waiting for its target, or with the type form open), makes it the link's target (see
   * spanPick.ts linkTargetToPick for which span under the pointer that is).
   */
  clickSpan(id: number | null, reveal = false): void {
    this.#whenSettled(() => {
      if (this.#link) this.#chooseLinkTarget(id);
      else this.#select(id, reveal);
    });
  }

  /**
   * Starts linking the selected span to another (L, "Link to…"): the app then waits for the target,
   * which the analyst clicks or reaches with Tab (the selection moves, the link's start is kept).
   * Returns false when there is no span to link from.
   */
  startLink(): boolean {
    if (this.#project.readOnly) {
      this.#messages.error(this.readOnlyText);
      return true;
    }
    if (!this.mayHaveSelection) return false;
    // As with a label key during a save: the span to link is the one selected once it commits.
    this.#whenSettled(() => {
      const from = this.selected;
      if (from) this.#link = { fromId: from.id, toId: null, picks: 0 };
    });
    return true;
  }

  /** Enter in the article while a link is being made: the selected span is its target (the first, or another once the type form is open). */
  chooseSelectedAsLinkTarget(): void {
    this.#whenSettled(() => {
      if (this.#selectedId !== null) this.#chooseLinkTarget(this.#selectedId);
    });
  }

  /**
   * A click (or Enter) picks the target: the type form opens, or, when it is open already, its link
   * now goes to this span, the type typed so far kept. Whatever the click hit, the type field gets
   * focus back once the form is open (`picks`), so Enter still links.
   */
  #chooseLinkTarget(id: number | null): void {
    const link = this.#link;
    if (!link) return;
    const known = id !== null && this.#spansById.has(id);
    if (known && id === link.fromId) {
      // While waiting the click selects as it would; with the form open the section keeps showing the target.
      if (link.toId === null) this.#select(id, false);
      this.#messages.error('A span cannot be linked to itself: pick another span, or press Esc to cancel');
    }
    const toId = known && id !== link.fromId ? id : link.toId;
    if (toId === null) return;
    this.#select(toId, false);
    this.#link = { fromId: link.fromId, toId, picks: link.picks + 1 };
  }

  /** Esc, Cancel: no link made; the span the link started from is selected again. */
  cancelLink(): void {
    const link = this.#link;
    if (!link) return;
    this.#link = null;
    this.#select(link.fromId, true);
    this.#messages.info('Link cancelled');
  }

  /**
   * Makes the pending link with this type. Resolves once it is committed, to null (the link is done,
   * its start selected, where it now shows), or to what went wrong: the pending link and the typed
   * type stay then, for another try.
   */
  createLink(type: string): Promise<string | null> {
    const link = this.#link;
    const documentId = this.id;
    if (!link || link.toId === null || documentId === null) return Promise.resolve('Pick the span to link to first.');
    const toId = link.toId;
    let failure: string | null = null;
    return this.#mutate('link the spans', () => api.createRelation({ documentId, fromSpanId: link.fromId, toSpanId: toId, type }), {
      after: (change) => {
        if (this.#link === link) this.#link = null;
        this.#lastRelationType = type.trim();
        void this.#project.rememberRelationType(this.#lastRelationType);
        this.#messages.info(change.description);
      },
      failed: (message) => (failure = message),
    }).then(() => failure);
  }

  /**
   * Removes a relation (undoable). The selected span stays selected and in view (the back end names
   * the relation's start, which undo and redo select): the analyst may be removing several of its
   * relations in a row. Resolves once committed, to null, or to what went wrong.
   */
  removeRelation(relation: Relation): Promise<string | null> {
    let failure: string | null = null;
    return this.#mutate('remove the relation', () => api.deleteRelation({ id: relation.id }), {
      keepSelection: true,
      failed: (message) => (failure = message),
    }).then(() => failure);
  }

  /** Tab / Shift+Tab: the next span in document order after the selected one (wrapping). */
  step(direction: 1 | -1): void {
    this.#whenSettled(() => this.#step(direction));
  }

  #step(direction: 1 | -1): void {
    const spans = this.#spans;
    if (spans.length === 0) {
      this.#messages.info('This document has no spans yet');
      return;
    }
    const current = this.selected;
    let next: number;
    if (!current) next = direction === 1 ? 0 : spans.length - 1;
    else {
      const at = insertionPoint(spans, current);
      next = (at + direction + spans.length) % spans.length;
    }
    this.#select(spans[next]!.id, true);
  }

  /** At once when nothing is queued (the common case stays synchronous), else after what is. */
  #whenSettled(action: () => void): void {
    if (this.#pending === 0) action();
    else void this.#enqueue(async () => action());
  }

  createSpan(label: Label, start: number, end: number): Promise<void> {
    const documentId = this.id;
    if (documentId === null) return Promise.resolve();
    markSpanStart();
    const call = async () => {
      // The very span already there (same label, same characters) is selected rather than stacked
      // again: a copy is never what a second press meant, and it would have to be found and deleted.
      const same = this.id === documentId ? this.#sameSpan(label, start, end) : undefined;
      if (same) {
        this.#select(same.id, true);
        this.#messages.info(`Already ${label.name}: “${oneLine(same.text, MESSAGE_QUOTE_LENGTH)}”`);
        return null;
      }
      const change = await api.createSpan({ documentId, labelId: label.id, start, end });
      markSpanSaved();
      return change;
    };
    return this.#mutate(`create ${label.name} span`, call, {
      after: async (change) => {
        await tick();
        markSpanDomUpdated();
        afterNextPaint(markSpanDrawn, markSpanFrameStart);
        const created = change.upserted[0];
        // The back end answers "Already …" when another tab made this very span first: it was selected, not made.
        if (created) this.#messages.info(change.description.startsWith('Already ') ? change.description : `${label.name}: “${oneLine(created.text, MESSAGE_QUOTE_LENGTH)}”`);
      },
      // The keys pressed after this one were meant for the span it would have made: leave them no other span to act on.
      failed: () => {
        if (this.id === documentId) this.#selectedId = null;
      },
    });
  }

  /** A span of the open document with this label over exactly these characters (one continuous range). */
  #sameSpan(label: Label, start: number, end: number): Span | undefined {
    return this.#spans.find((span) => span.labelId === label.id && span.start === start && span.end === end && !span.fragments);
  }

  /**
   * The selected span is read when this change's turn comes, not when it is asked for: a key pressed
   * while a create is saving acts on the span that create makes (it selects it), not on the one before.
   */
  relabelSelected(label: Label): Promise<void> {
    const documentId = this.id;
    if (!this.mayHaveSelection) return Promise.resolve();
    return this.#mutate(`change the label`, async () => {
      const span = this.selected;
      if (!span || this.id !== documentId || span.labelId === label.id) return null;
      // As when labelling: the very span already there is selected rather than made twice.
      const same = this.#sameSpan(label, span.start, span.end);
      if (same) {
        this.#select(same.id, true);
        this.#messages.info(`Already ${label.name}: “${oneLine(same.text, MESSAGE_QUOTE_LENGTH)}”`);
        return null;
      }
      return api.updateSpan({ id: span.id, labelId: label.id });
    });
  }

  /**
   * Saves a span's note (an undoable "edit note of …"; an empty note is stored as none). Resolves
   * once it is committed, to null, or to what went wrong: the caller keeps the text until then.
   */
  saveNote(spanId: number, note: string): Promise<string | null> {
    return this.#saveSpanFields('save the note', { id: spanId, note });
  }

  /** Saves a span's whole set of attributes (an undoable "edit attributes of …"); resolves as saveNote does. */
  saveAttributes(spanId: number, attributes: Record<string, SpanAttributeValue>): Promise<string | null> {
    return this.#saveSpanFields('save the attributes', { id: spanId, attributes });
  }

  #saveSpanFields(what: string, patch: ApiInput<'updateSpan'>): Promise<string | null> {
    let failure: string | null = null;
    return this.#mutate(what, () => api.updateSpan(patch), { failed: (message) => (failure = message) }).then(() => failure);
  }

  deleteSelected(): Promise<void> {
    const documentId = this.id;
    if (!this.mayHaveSelection) return Promise.resolve();
    let at = 0;
    return this.#mutate(
      'delete the span',
      async () => {
        const span = this.selected;
        if (!span || this.id !== documentId) return null;
        // While a link is being made the selected span is its candidate target, not a span to delete.
        if (this.#link) {
          this.#messages.info('A link is being made: Esc cancels it first, then Delete deletes the span');
          return null;
        }
        // Keep the analyst's place: after deleting, the next span in order becomes selected.
        at = insertionPoint(this.#spans, span);
        return api.deleteSpan({ id: span.id });
      },
      {
        after: (change) => {
          const next = this.#spans[at] ?? this.#spans[at - 1];
          this.#selectedId = next?.id ?? null;
          if (change.description) this.#messages.info(change.description);
        },
      },
    );
  }

  undo(): Promise<void> {
    const documentId = this.id;
    if (documentId === null) return Promise.resolve();
    return this.#mutate('undo', () => api.undo({ documentId }), { after: (change) => this.#afterHistoryStep(change), ifNull: 'Nothing to undo' });
  }

  redo(): Promise<void> {
    const documentId = this.id;
    if (documentId === null) return Promise.resolve();
    return this.#mutate('redo', () => api.redo({ documentId }), { after: (change) => this.#afterHistoryStep(change), ifNull: 'Nothing to redo' });
  }

  /** Undo/redo of a details edit changes fields the summary does not carry (url, language, metadata): read them again. */
  async #afterHistoryStep(change: SpanChange): Promise<void> {
    if (change.upserted.length === 0 && change.deletedIds.length === 0) await this.#refreshDetail();
    if (change.description) this.#messages.info(change.description);
  }

  async #refreshDetail(): Promise<void> {
    const current = this.#detail;
    if (!current) return;
    try {
      const fresh = await api.getDocument({ id: current.id });
      // The text never changes, so the model (and the drawn article) stays.
      if (this.#detail?.id === fresh.id) this.#detail = fresh;
    } catch (error) {
      this.#messages.error(`Cannot read the document's details: ${errorMessage(error)}`);
    }
  }

  /**
   * Saves edited details (never the text). Queued with span changes so an undo pressed right
   * after waits for the save. Resolves to the error message, or null when saved.
   */
  saveDetails(patch: DetailsPatch): Promise<string | null> {
    const documentId = this.id;
    if (documentId === null) return Promise.resolve('No document is open.');
    if (this.#project.readOnly) return Promise.resolve(this.readOnlyText);
    let failure: string | null = null;
    return this.#enqueue(async () => {
      this.#busy = true;
      try {
        const detail = await api.updateDocument({ id: documentId, ...patch });
        const history = await api.getHistory({ documentId });
        this.#project.applySummary(summaryOnly(detail));
        if (this.#detail?.id !== documentId) return;
        this.#detail = detail;
        this.#history = history;
        this.#messages.info('Saved the document details');
      } catch (error) {
        failure = errorMessage(error);
      } finally {
        this.#busy = false;
      }
    }).then(() => failure);
  }

  setStatus(status: DocumentStatus): Promise<void> {
    const documentId = this.id;
    if (documentId === null) return Promise.resolve();
    return this.#mutate('change the status', () => api.setDocumentStatus({ documentId, status }), { after: () => this.#statusSet(status) });
  }

  /** Decided when its turn comes, so pressing it twice quickly marks done and then reopens. */
  toggleDone(): Promise<void> {
    const documentId = this.id;
    if (documentId === null) return Promise.resolve();
    let status: DocumentStatus = 'done';
    return this.#mutate(
      'change the status',
      async () => {
        const detail = this.#detail;
        if (!detail || detail.id !== documentId) return null;
        status = detail.status === 'done' ? (this.#spans.length > 0 ? 'in_progress' : 'new') : 'done';
        return api.setDocumentStatus({ documentId, status });
      },
      { after: () => this.#statusSet(status) },
    );
  }

  /** What the app says when a change is refused because the project is open read-only. */
  get readOnlyText(): string {
    const reason = this.#project.readOnlyReason;
    return `This project is open read-only${reason ? ` (${reason})` : ''}: changes cannot be saved.`;
  }

  /** Names the status the document now has: reopening a document without spans makes it New, not In progress. */
  #statusSet(status: DocumentStatus): void {
    this.#messages.info(status === 'done' ? 'Marked as done' : `Reopened: ${statusNames[status].toLowerCase()}`);
  }

  /**
   * Runs one change at a time, in order (keys pressed quickly queue up rather than
   * race), applies what the back end returns, and shows every failure. `call` runs when
   * the change's turn comes, so it sees what every change before it did; null means nothing to do.
   * The span a change names last is selected and shown, unless `keepSelection` (a change beside the
   * selection, such as a relation removed from its section).
   */
  #mutate(
    what: string,
    call: () => Promise<SpanChange | null>,
    {
      after,
      ifNull,
      failed,
      keepSelection = false,
    }: { after?: (change: SpanChange) => void | Promise<void>; ifNull?: string; failed?: (message: string) => void; keepSelection?: boolean } = {},
  ): Promise<void> {
    const documentId = this.id;
    // A read-only project refuses every change: say so here rather than send a request bound to fail.
    if (this.#project.readOnly) {
      this.#messages.error(this.readOnlyText);
      failed?.(this.readOnlyText);
      return Promise.resolve();
    }
    return this.#enqueue(async () => {
      this.#busy = true;
      try {
        const change = await call();
        if (!change) {
          if (ifNull) this.#messages.info(ifNull);
          return;
        }
        this.#project.applySummary(change.document);
        if (documentId !== this.id) return; // the analyst moved on; the list is updated, the view is not this one
        this.#apply(change, keepSelection);
        if (after) await after(change);
        else if (change.description) this.#messages.info(change.description);
      } catch (error) {
        const code = errorCode(error);
        // The back end's read-only message says so itself; a "Read-only:" prefix only repeated it.
        if (code === 'read_only') this.#messages.error(errorMessage(error));
        else this.#messages.error(`${code === 'busy' ? 'Busy' : 'Could not ' + what}: ${errorMessage(error)}`);
        failed?.(errorMessage(error));
        // Refused because the document is not what this page shows (another tab or program changed
        // it): read it again, so no span that is gone stays drawn and the next key acts on the file.
        if ((code === 'not_found' || code === 'conflict') && documentId !== null && documentId === this.id) await this.#reread(documentId);
      } finally {
        this.#busy = false;
      }
    });
  }

  /**
   * The one queue: each step starts when the one before has settled, whatever its outcome, so a
   * failed call never holds up the next. A step that throws anyway is reported, not swallowed.
   */
  #enqueue(step: () => Promise<void>): Promise<void> {
    this.#pending++;
    const run = async () => {
      try {
        if (this.#leaving) return;
        await step();
      } catch (error) {
        this.#messages.error(`Something went wrong: ${errorMessage(error)}`);
      } finally {
        this.#pending--;
      }
    };
    const next = this.#queue.then(run, run);
    this.#queue = next;
    return next;
  }

  #apply(change: SpanChange, keepSelection = false): void {
    if (!this.#index) return;
    // An undo or redo that brings back a span of a deleted label brought the label back too
    // (projectService's reviveLabelOf): read the labels, so the palette offers it and the span is drawn in its colour.
    if (change.upserted.some((span) => !this.#project.labelsById.has(span.labelId))) void this.#project.reloadLabels();
    this.#applySpans(change.upserted, change.deletedIds);
    this.#history = change.history;
    if (this.#detail) this.#detail = { ...this.#detail, ...summaryOnly(change.document) };
    // Undo/redo brings spans back: select and show what came back so the analyst sees the effect.
    const upserted = change.upserted.at(-1);
    if (upserted && !keepSelection) this.#select(upserted.id, true);
  }

  /** Puts spans in (new or changed) and takes spans out; only the blocks they touch are drawn again. A selected span that is gone is deselected. */
  #applySpans(upserted: readonly Span[], deletedIds: readonly number[]): void {
    const index = this.#index;
    if (!index) return;
    let spans = this.#spans;
    const removed = new Set<number>();
    for (const id of [...deletedIds, ...upserted.map((span) => span.id)]) {
      const old = this.#spansById.get(id);
      if (!old) continue;
      index.remove(old);
      this.#spansById.delete(id);
      removed.add(id);
    }
    if (removed.size > 0) spans = spans.filter((span) => !removed.has(span.id));
    else spans = [...spans];
    for (const span of upserted) {
      index.add(span);
      this.#spansById.set(span.id, span);
      spans.splice(insertionPoint(spans, span), 0, span);
    }
    this.#spans = spans;
    this.#indexVersion++;
    if (this.#selectedId !== null && !this.#spansById.has(this.#selectedId)) this.#selectedId = null;
    // A span the pending link starts from or goes to is gone (deleted, undone, another tab): nothing left to link.
    const link = this.#link;
    if (link && (!this.#spansById.has(link.fromId) || (link.toId !== null && !this.#spansById.has(link.toId)))) {
      this.#link = null;
      this.#messages.info('Link cancelled: a span it named is gone');
    }
  }
}

function summaryOnly(summary: DocumentSummary): DocumentSummary {
  const { id, title, source, publishedAt, status, spanCount, createdAt, updatedAt } = summary;
  return { id, title, source, publishedAt, status, spanCount, createdAt, updatedAt };
}
