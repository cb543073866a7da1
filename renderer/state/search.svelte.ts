/** Full-text search: the query, ranked hits (paged), and the keyboard cursor over them. */
import type { DocumentSummary, SearchHit } from '../../contract/api';
import { api, errorMessage } from '../lib/api';

const SEARCH_PAGE = 50;
const DEBOUNCE_MS = 200;

export class SearchState {
  #query = $state('');
  #hits = $state.raw<SearchHit[]>([]);
  #total = $state(0);
  #capped = $state(false);
  #loading = $state(false);
  #answered = $state(false);
  #error = $state<string | null>(null);
  #cursor = $state(0);
  #timer: ReturnType<typeof setTimeout> | null = null;
  #seq = 0;
  /** The first page's search for the current query, once started (it waits out the debounce first). */
  #firstPage: Promise<void> | null = null;

  get query() {
    return this.#query;
  }
  set query(value: string) {
    this.#query = value;
    this.#schedule();
  }
  /** A query is typed: the left pane shows results instead of the document list. */
  get active(): boolean {
    return this.#query.trim().length > 0;
  }
  get hits() {
    return this.#hits;
  }
  get total() {
    return this.#total;
  }
  get capped() {
    return this.#capped;
  }
  get loading() {
    return this.#loading;
  }
  /** The back end has answered the current query (so "no results" is true, not pending). */
  get answered() {
    return this.#answered;
  }
  get error() {
    return this.#error;
  }
  get cursor() {
    return this.#cursor;
  }
  set cursor(index: number) {
    this.#cursor = Math.max(0, Math.min(index, Math.max(0, this.#hits.length - 1)));
  }
  get hasMore(): boolean {
    return this.#hits.length < this.#total;
  }

  clear(): void {
    this.query = '';
  }

  /**
   * Waits for the answer to the query as it stands, running its search now if it is still waiting
   * out the debounce. True once hits (or error) answer that query; false if the query changed
   * meanwhile, so what is shown then belongs to a newer query. Enter in the search box acts on
   * this, not on the hits on screen, which may still be the previous query's.
   */
  async settled(): Promise<boolean> {
    const seq = this.#seq;
    if (this.#timer) {
      clearTimeout(this.#timer);
      this.#startFirstPage(seq, this.#query.trim());
    }
    await this.#firstPage;
    return seq === this.#seq;
  }

  #schedule(): void {
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = null;
    this.#firstPage = null;
    const seq = ++this.#seq;
    const query = this.#query.trim();
    this.#answered = false;
    this.#error = null;
    if (!query) {
      this.#hits = [];
      this.#total = 0;
      this.#capped = false;
      this.#loading = false;
      this.#cursor = 0;
      return;
    }
    this.#loading = true;
    this.#timer = setTimeout(() => this.#startFirstPage(seq, query), DEBOUNCE_MS);
  }

  #startFirstPage(seq: number, query: string): void {
    this.#timer = null;
    this.#firstPage = this.#run(seq, query, 0);
  }

  async #run(seq: number, query: string, offset: number): Promise<void> {
    this.#loading = true;
    try {
      const results = await api.searchDocuments({ query, offset, limit: SEARCH_PAGE });
      if (seq !== this.#seq) return;
      const known = new Set(offset === 0 ? [] : this.#hits.map((hit) => hit.document.id));
      this.#hits = offset === 0 ? results.hits : [...this.#hits, ...results.hits.filter((hit) => !known.has(hit.document.id))];
      this.#total = results.total;
      this.#capped = results.totalIsCapped;
      if (offset === 0) this.#cursor = 0;
      this.#answered = true;
      this.#error = null;
    } catch (error) {
      if (seq !== this.#seq) return;
      this.#error = errorMessage(error);
      this.#answered = true;
    } finally {
      if (seq === this.#seq) this.#loading = false;
    }
  }

  loadMore(): Promise<void> {
    if (!this.hasMore || this.#loading) return Promise.resolve();
    return this.#run(this.#seq, this.#query.trim(), this.#hits.length);
  }

  /** Fresher summaries (span counts, status) for hits already shown. */
  applySummary(summary: DocumentSummary): void {
    const at = this.#hits.findIndex((hit) => hit.document.id === summary.id);
    if (at < 0) return;
    const next = [...this.#hits];
    next[at] = { ...next[at]!, document: summary };
    this.#hits = next;
  }
}
