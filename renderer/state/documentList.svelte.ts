/**
 * The document list for corpora of any size: pages of listDocuments fetched as rows come
 * into view and kept by page number; a new sort or filter starts a new generation, so
 * answers for an old query are dropped. Only the total and the pages seen are held.
 */
import type { DocumentPage, DocumentSortKey, DocumentSummary } from '../../contract/api';
import { DOCUMENT_LIST_PAGE, FIRST_LIST_QUERY } from '../../contract/constants';
import type { DocumentStatus } from '../../core/model';
import { api, errorCode, errorMessage } from '../lib/api';
import type { Messages } from './messages.svelte';

export const LIST_PAGE = DOCUMENT_LIST_PAGE;

export interface ListFilters {
  status: DocumentStatus | null;
  source: string;
  publishedFrom: string;
  publishedTo: string;
  hasLabelId: number | null;
}

export const NO_FILTERS: ListFilters = { status: null, source: '', publishedFrom: '', publishedTo: '', hasLabelId: null };

/** Where a document sits in the list (DocumentListState.locate). */
export interface ListPlace {
  /** Its row, or null when the list's filters leave it out, or it is gone. */
  index: number | null;
  /** The rows before it: its index when listed, else where it would sit; null when it is gone. */
  before: number | null;
}

export interface CursorRequest {
  index: number;
  /** Changes on every request, so moving to the same row again still focuses it. */
  seq: number;
  focus: boolean;
}

export class DocumentListState {
  readonly #messages: Messages;
  #sort = $state<DocumentSortKey>(FIRST_LIST_QUERY.sort);
  #descending = $state<boolean>(FIRST_LIST_QUERY.descending);
  #filters = $state.raw<ListFilters>(NO_FILTERS);
  #total = $state(0);
  #loaded = $state(false);
  #error = $state<string | null>(null);
  /** Bumped when a page arrives or a row changes; rowAt() reads it. */
  #version = $state(0);
  #cursor = $state.raw<CursorRequest>({ index: 0, seq: 0, focus: false });
  #pages = new Map<number, DocumentSummary[]>();
  #pending = new Map<number, Promise<void>>();
  #generation = 0;
  /** Sources seen in loaded pages, offered as suggestions in the source filter. */
  #sources = $state.raw<string[]>([]);

  constructor(messages: Messages) {
    this.#messages = messages;
  }

  get sort() {
    return this.#sort;
  }
  get descending() {
    return this.#descending;
  }
  get filters() {
    return this.#filters;
  }
  get total() {
    return this.#total;
  }
  get loaded() {
    return this.#loaded;
  }
  get error() {
    return this.#error;
  }
  get cursor() {
    return this.#cursor;
  }
  get sources() {
    return this.#sources;
  }
  get filtered(): boolean {
    const f = this.#filters;
    return f.status !== null || f.source.trim() !== '' || f.publishedFrom !== '' || f.publishedTo !== '' || f.hasLabelId !== null;
  }
  get activeFilterCount(): number {
    const f = this.#filters;
    return [f.status !== null, f.source.trim() !== '', f.publishedFrom !== '' || f.publishedTo !== '', f.hasLabelId !== null].filter(Boolean).length;
  }

  /** The row at `index` if its page is loaded (reading it subscribes to page arrivals). */
  rowAt(index: number): DocumentSummary | undefined {
    void this.#version;
    return this.#pages.get(Math.floor(index / LIST_PAGE))?.[index % LIST_PAGE];
  }

  /** Loads the pages covering rows first..last (inclusive) that are not loaded yet. */
  ensure(first: number, last: number): Promise<void> {
    const waits: Array<Promise<void>> = [];
    const end = Math.min(last, Math.max(0, this.#total - 1));
    for (let page = Math.floor(Math.max(0, first) / LIST_PAGE); page <= Math.floor(Math.max(0, end) / LIST_PAGE); page++) {
      if (!this.#pages.has(page)) waits.push(this.#fetchPage(page));
    }
    return Promise.all(waits).then(() => undefined);
  }

  /** The row at `index`, fetching its page if needed. */
  async at(index: number): Promise<DocumentSummary | undefined> {
    if (index < 0 || (this.#loaded && index >= this.#total)) return undefined;
    await this.ensure(index, index);
    return this.rowAt(index);
  }

  /** Where a document sits among the loaded rows, or -1. */
  indexOf(id: number): number {
    for (const [page, items] of this.#pages) {
      const at = items.findIndex((item) => item.id === id);
      if (at >= 0) return page * LIST_PAGE + at;
    }
    return -1;
  }

  /**
   * Where a document sits in the list as it is sorted and filtered now, loaded or not: among the
   * loaded rows when it is there (as the analyst sees it), else asked of the back end, since its
   * page may be thousands of rows from any page loaded. Null when the call failed (reported).
   */
  async locate(id: number): Promise<ListPlace | null> {
    const loaded = this.indexOf(id);
    if (loaded >= 0) return { index: loaded, before: loaded };
    // A new sort or filter while the answer was on its way makes it an answer for another list: ask again.
    for (let attempt = 0; attempt < 3; attempt++) {
      const generation = this.#generation;
      try {
        const position = await api.locateDocument({ id, ...this.#listQuery() });
        if (generation !== this.#generation) continue;
        // As fresh as any page's count: the row it names must be reachable.
        this.#total = position.total;
        return { index: position.index, before: position.before };
      } catch (error) {
        if (errorCode(error) === 'not_found') return { index: null, before: null };
        if (generation !== this.#generation) continue;
        this.#messages.error(`Cannot find the document in the list: ${errorMessage(error)}`);
        return null;
      }
    }
    return null;
  }

  /** The list's order and filters, as listDocuments and locateDocument take them. */
  #listQuery() {
    const f = this.#filters;
    return {
      sort: this.#sort,
      descending: this.#descending,
      ...(f.status ? { status: f.status } : {}),
      ...(f.source.trim() ? { source: f.source.trim() } : {}),
      ...(f.publishedFrom ? { publishedFrom: f.publishedFrom } : {}),
      ...(f.publishedTo ? { publishedTo: f.publishedTo } : {}),
      ...(f.hasLabelId !== null ? { hasLabelId: f.hasLabelId } : {}),
    };
  }

  #fetchPage(page: number): Promise<void> {
    const existing = this.#pending.get(page);
    if (existing) return existing;
    const generation = this.#generation;
    const work = api
      .listDocuments({ ...this.#listQuery(), offset: page * LIST_PAGE, limit: LIST_PAGE })
      .then(
        (result) => {
          if (generation !== this.#generation) return;
          this.#pages.set(page, result.items);
          this.#total = result.total;
          this.#loaded = true;
          this.#error = null;
          this.#noteSources(result.items);
          this.#version++;
        },
        (error: unknown) => {
          if (generation !== this.#generation) return;
          this.#error = errorMessage(error);
          this.#messages.error(`Cannot list documents: ${errorMessage(error)}`);
        },
      )
      .finally(() => {
        if (this.#pending.get(page) === work) this.#pending.delete(page);
      });
    this.#pending.set(page, work);
    return work;
  }

  #noteSources(items: readonly DocumentSummary[]): void {
    const known = new Set(this.#sources);
    let added = false;
    for (const item of items) {
      if (item.source && !known.has(item.source) && known.size < 500) {
        known.add(item.source);
        added = true;
      }
    }
    if (added) this.#sources = [...known].sort((a, b) => a.localeCompare(b));
  }

  /** The first page as the page was rendered with it (FirstScreen.list), for the starting query. */
  seed(page: DocumentPage): void {
    this.#generation++;
    this.#pages.clear();
    this.#pending.clear();
    this.#pages.set(0, page.items);
    this.#total = page.total;
    this.#loaded = true;
    this.#error = null;
    this.#noteSources(page.items);
    this.#version++;
  }

  /** Drops every page and loads the first one again (after an import, or a new query). */
  refresh(): Promise<void> {
    this.#generation++;
    this.#pages.clear();
    this.#pending.clear();
    this.#version++;
    return this.#fetchPage(0);
  }

  /**
   * Reads every loaded page again, keeping the rows on screen until the new ones arrive: the
   * project changed (another tab, the command line, a status that moves the open document in or
   * out of the filtered list), not the query.
   */
  reload(): Promise<void> {
    this.#generation++;
    this.#pending.clear();
    const pages = this.#pages.size > 0 ? [...this.#pages.keys()] : [0];
    return Promise.all(pages.map((page) => this.#fetchPage(page))).then(() => undefined);
  }

  setSort(sort: DocumentSortKey, descending: boolean): void {
    if (sort === this.#sort && descending === this.#descending) return;
    this.#sort = sort;
    this.#descending = descending;
    this.moveCursor(0, false);
    void this.refresh();
  }

  setFilters(patch: Partial<ListFilters>): void {
    this.#filters = { ...this.#filters, ...patch };
    this.moveCursor(0, false);
    void this.refresh();
  }

  clearFilters(): void {
    this.setFilters(NO_FILTERS);
  }

  /** Moves the keyboard cursor (clamped); the list scrolls to it and, with `focus`, focuses its row. */
  moveCursor(index: number, focus = true): void {
    const clamped = Math.max(0, Math.min(index, Math.max(0, this.#total - 1)));
    this.#cursor = { index: clamped, seq: this.#cursor.seq + 1, focus };
  }

  /** Follows focus or a click without scrolling (the row is already on screen). */
  noteCursor(index: number): void {
    if (this.#cursor.index !== index) this.#cursor = { index, seq: this.#cursor.seq, focus: false };
  }

  /**
   * A changed summary (span count, status, title) from anything the analyst did. Under a status
   * filter a new status moves the document into or out of the list: then the list is read again.
   */
  applySummary(summary: DocumentSummary): void {
    const wanted = this.#filters.status;
    for (const items of this.#pages.values()) {
      const at = items.findIndex((item) => item.id === summary.id);
      if (at >= 0) {
        const before = items[at]!;
        items[at] = summary;
        this.#version++;
        if (wanted !== null && before.status !== summary.status) void this.reload();
        return;
      }
    }
    if (wanted !== null && summary.status === wanted) void this.reload();
  }
}
