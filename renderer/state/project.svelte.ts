/** Project-wide state: settings, labels and the document list. */
import type { DocumentSummary, Label, ProjectInfo, SearchHit } from '../../contract/api';
import { api, errorMessage } from '../lib/api';
import type { Messages } from './messages.svelte';

const PAGE = 500;

export class ProjectState {
  readonly #messages: Messages;
  #info = $state.raw<ProjectInfo | null>(null);
  #labels = $state.raw<Label[]>([]);
  #documents = $state.raw<DocumentSummary[]>([]);
  #total = $state(0);
  #loading = $state(true);
  #loadError = $state<string | null>(null);
  #filter = $state('');
  /** Full-text results for the current filter (null until the back end answers, or without a query). */
  #hits = $state.raw<SearchHit[] | null>(null);
  #searchTimer: ReturnType<typeof setTimeout> | null = null;
  #searchSeq = 0;

  readonly labelsById = $derived(new Map(this.#labels.map((label) => [label.id, label])));
  /** Snippets by document id while a search is shown. */
  readonly snippets = $derived(new Map((this.#hits ?? []).map((hit) => [hit.document.id, hit.snippet])));
  readonly visibleDocuments = $derived.by(() => {
    const needle = this.#filter.trim().toLocaleLowerCase();
    if (!needle) return this.#documents;
    if (this.#hits) {
      // Summaries in the list are fresher (span counts change as the analyst works).
      const fresh = new Map(this.#documents.map((doc) => [doc.id, doc]));
      return this.#hits.map((hit) => fresh.get(hit.document.id) ?? hit.document);
    }
    return this.#documents.filter(
      (doc) => doc.title.toLocaleLowerCase().includes(needle) || (doc.source ?? '').toLocaleLowerCase().includes(needle),
    );
  });

  constructor(messages: Messages) {
    this.#messages = messages;
  }

  get info() {
    return this.#info;
  }
  get labels() {
    return this.#labels;
  }
  get documents() {
    return this.#documents;
  }
  get total() {
    return this.#total;
  }
  get loading() {
    return this.#loading;
  }
  get loadError() {
    return this.#loadError;
  }
  get snapToWords(): boolean {
    return this.#info?.settings.snapToWords ?? true;
  }
  get readOnly(): boolean {
    return this.#info?.readOnly ?? false;
  }
  get filter() {
    return this.#filter;
  }
  set filter(value: string) {
    this.#filter = value;
    this.#scheduleSearch(value);
  }

  /** Searches the full text (debounced); until it answers, the list filters titles and sources locally. */
  #scheduleSearch(value: string): void {
    if (this.#searchTimer) clearTimeout(this.#searchTimer);
    const query = value.trim();
    const seq = ++this.#searchSeq;
    this.#hits = null;
    if (query.length < 2) return;
    this.#searchTimer = setTimeout(async () => {
      try {
        const results = await api.searchDocuments({ query, limit: 200 });
        if (seq === this.#searchSeq) this.#hits = results.hits;
      } catch (error) {
        if (seq === this.#searchSeq) this.#messages.error(`Search failed: ${errorMessage(error)}`);
      }
    }, 200);
  }

  async load(): Promise<void> {
    this.#loading = true;
    this.#loadError = null;
    try {
      const [info, labels, page] = await Promise.all([
        api.getProjectInfo({}),
        api.listLabels({}),
        api.listDocuments({ sort: 'createdAt', limit: PAGE }),
      ]);
      this.#info = info;
      this.#labels = [...labels].sort((a, b) => a.order - b.order || a.id - b.id);
      this.#documents = page.items;
      this.#total = page.total;
    } catch (error) {
      this.#loadError = errorMessage(error);
    } finally {
      this.#loading = false;
    }
  }

  async loadMore(): Promise<void> {
    try {
      const page = await api.listDocuments({ sort: 'createdAt', offset: this.#documents.length, limit: PAGE });
      const known = new Set(this.#documents.map((doc) => doc.id));
      this.#documents = [...this.#documents, ...page.items.filter((doc) => !known.has(doc.id))];
      this.#total = page.total;
    } catch (error) {
      this.#messages.error(errorMessage(error));
    }
  }

  async setSnapToWords(snapToWords: boolean): Promise<void> {
    try {
      const settings = await api.setSettings({ snapToWords });
      if (this.#info) this.#info = { ...this.#info, settings };
      this.#messages.info(settings.snapToWords ? 'Selections snap to whole words' : 'Selections are kept exactly as drawn');
    } catch (error) {
      this.#messages.error(errorMessage(error));
    }
  }

  /** A changed document summary (span count, status) from any span-changing call. */
  applySummary(summary: DocumentSummary): void {
    const at = this.#documents.findIndex((doc) => doc.id === summary.id);
    if (at < 0) return;
    const next = [...this.#documents];
    next[at] = summary;
    this.#documents = next;
  }

  labelForHotkey(key: string): Label | undefined {
    return this.#labels.find((label) => label.hotkey === key);
  }
}
