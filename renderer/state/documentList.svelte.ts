/**
 * The document list for corpora of any size: pages of listDocuments fetched as rows come
 * into view and kept by page number; a new sort or filter starts a new generation, so
 * answers for an old query are dropped. Only the total and the pages seen are held.
 */
import type { DocumentPage, DocumentSortKey, DocumentSummary } from '../../contract/api';
import { DOCUMENT_LIST_PAGE, FIRST_LIST_QUERY } from '../../contract/constants';
import type { DocumentStatus } from '../../core/model';
import { api, errorMessage } from '../lib/api';
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

  #fetchPage(page: number): Promise<void> {
    const existing = this.#pending.get(page);
    if (existing) return existing;
    const generation = this.#generation;
    const f = this.#filters;
    const work = api
      .listDocuments({
        sort: this.#sort,
        descending: this.#descending,
        offset: page * LIST_PAGE,
        limit: LIST_PAGE,
        ...(f.status ? { status: f.status } : {}),
        ...(f.source.trim() ? { source: f.source.trim() } : {}),
        ...(f.publishedFrom ? { publishedFrom: f.publishedFrom } : {}),
        ...(f.publishedTo ? { publishedTo: f.publishedTo } : {}),
        ...(f.hasLabelId !== null ? { hasLabelId: f.hasLabelId } : {}),
      })
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

  /** A changed summary (span count, status, title) from anything the analyst did. */
  applySummary(summary: DocumentSummary): void {
    for (const items of this.#pages.values()) {
      const at = items.findIndex((item) => item.id === summary.id);
      if (at >= 0) {
        items[at] = summary;
        this.#version++;
        return;
      }
    }
  }
}
