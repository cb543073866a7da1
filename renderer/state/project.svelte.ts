/** Project-wide state: settings, labels, the document list and full-text search. */
import type { ApiInput, DocumentSummary, FirstScreen, Label, ProjectInfo } from '../../contract/api';
import { api, errorMessage } from '../lib/api';
import { DocumentListState } from './documentList.svelte';
import type { Messages } from './messages.svelte';
import { SearchState } from './search.svelte';

export class ProjectState {
  readonly #messages: Messages;
  #info = $state.raw<ProjectInfo | null>(null);
  #labels = $state.raw<Label[]>([]);
  #loading = $state(true);
  #loadError = $state<string | null>(null);

  readonly list: DocumentListState;
  readonly search = new SearchState();
  readonly labelsById = $derived(new Map(this.#labels.map((label) => [label.id, label])));

  constructor(messages: Messages) {
    this.#messages = messages;
    this.list = new DocumentListState(messages);
  }

  get info() {
    return this.#info;
  }
  get labels() {
    return this.#labels;
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
  /** The type the last link in this project was made with (kept in the project file), or null before the first. */
  get lastRelationType(): string | null {
    return this.#info?.settings.lastRelationType ?? null;
  }
  get readOnly(): boolean {
    return this.#info?.readOnly ?? false;
  }

  get readOnlyReason(): string | null {
    return this.#info?.readOnlyReason ?? null;
  }

  /** The project as the page was rendered with it: no calls, so hydration finds the server's state. */
  seed(first: FirstScreen): void {
    this.#info = first.info;
    this.#labels = sortLabels(first.labels);
    this.list.seed(first.list);
    this.#loadError = null;
    this.#loading = false;
  }

  async load(): Promise<void> {
    this.#loading = true;
    this.#loadError = null;
    try {
      const [info, labels] = await Promise.all([api.getProjectInfo({}), api.listLabels({})]);
      this.#info = info;
      this.#labels = sortLabels(labels);
      await this.list.refresh();
      if (this.list.error) this.#loadError = this.list.error;
    } catch (error) {
      this.#loadError = errorMessage(error);
    } finally {
      this.#loading = false;
    }
  }

  async reloadLabels(): Promise<void> {
    try {
      const labels = await api.listLabels({});
      this.#labels = sortLabels(labels);
    } catch (error) {
      this.#messages.error(errorMessage(error));
    }
  }

  /**
   * Label changes are the project's, not a document's: committed at once (no undo), and shown only
   * once committed. The palette, the drawn spans and the span list all read the label by id, so a
   * renamed or recoloured label shows everywhere from here. A refusal is thrown to the caller,
   * which keeps what was typed beside the reason.
   */
  async updateLabel(patch: ApiInput<'updateLabel'>): Promise<Label> {
    const saved = await api.updateLabel(patch);
    this.#labels = sortLabels(this.#labels.map((label) => (label.id === saved.id ? saved : label)));
    return saved;
  }

  async createLabel(input: ApiInput<'createLabel'>): Promise<Label> {
    const created = await api.createLabel(input);
    this.#labels = sortLabels([...this.#labels.filter((label) => label.id !== created.id), created]);
    return created;
  }

  /**
   * Deletes a label no span uses (the service refuses it otherwise, and that is thrown to the
   * caller). Adding a label of its name (createLabel) brings it back, under its id and in its place.
   */
  async deleteLabel(id: number): Promise<Label> {
    const deleted = await api.deleteLabel({ id });
    this.#labels = this.#labels.filter((label) => label.id !== id);
    return deleted;
  }

  /**
   * Moves a label to place `toIndex` among the labels (saved at once, as every label change). The
   * service answers with the whole order, which is taken as it is: another tab's move since this
   * one last read the labels is in it too.
   */
  async moveLabel(id: number, toIndex: number): Promise<void> {
    this.#labels = sortLabels(await api.moveLabel({ id, toIndex }));
  }

  /** How many spans use each label, by id (the Labels dialog offers Delete only for a label none uses). */
  async readLabelUsage(): Promise<Map<number, number>> {
    const usage = await api.listLabelUsage({});
    return new Map(usage.map((entry) => [entry.labelId, entry.spans]));
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

  /**
   * Keeps the type a link was just made with in the project's settings, so the next session's first
   * link starts with it too. Only a convenience: when it cannot be saved the link still stands, and the message says so.
   */
  async rememberRelationType(type: string): Promise<void> {
    if (type === this.lastRelationType) return;
    try {
      const settings = await api.setSettings({ lastRelationType: type });
      if (this.#info) this.#info = { ...this.#info, settings };
    } catch (error) {
      this.#messages.error(`The link is made, but its type could not be remembered for the next session: ${errorMessage(error)}`);
    }
  }

  /** A changed document summary (span count, status, details) from any change. */
  applySummary(summary: DocumentSummary): void {
    this.list.applySummary(summary);
    this.search.applySummary(summary);
  }

  labelForHotkey(key: string): Label | undefined {
    return this.#labels.find((label) => label.hotkey === key);
  }
}

function sortLabels(labels: readonly Label[]): Label[] {
  return [...labels].sort((a, b) => a.order - b.order || a.id - b.id);
}
