/**
 * The export flow: choose the format, what to take and how to split it -> (desktop) the shell's
 * save dialog stages where to write -> the job runs in the back end while we poll it -> summary
 * (what was written, what the format could not hold) and, in browser mode, a download link.
 */
import type { AnnotationFormat, ApiInput, JobState, OffsetUnitChoice } from '../../contract/api';
import { FORMATS } from '../../core/formats/registry';
import type { DocumentStatus } from '../../core/model';
import { DOCUMENT_STATUSES } from '../../core/model';
import { watchJob } from '../lib/jobPolling';
import { api, downloadUrl, errorMessage, shell } from '../lib/api';

export type ExportPhase = 'closed' | 'choose' | 'running' | 'finished';

export interface ExportOptions {
  format: AnnotationFormat;
  /** 'default' keeps the format's own unit. */
  offsets: 'default' | OffsetUnitChoice;
  /** Checked statuses; all three checked means no filter. */
  status: DocumentStatus[];
  /** Chosen label names; none chosen means every label. */
  labels: string[];
  source: string;
  since: string;
  until: string;
  split: boolean;
  splitSpec: string;
  seed: number;
}

const POLL_MS = 200;
export const DEFAULT_SPLIT = 'train=0.8,dev=0.1,test=0.1';

function defaults(): ExportOptions {
  return { format: 'spanbench', offsets: 'default', status: [...DOCUMENT_STATUSES], labels: [], source: '', since: '', until: '', split: false, splitSpec: DEFAULT_SPLIT, seed: 0 };
}

/** The shell can choose and stage a destination when its preload offers it (older shells do not). */
export const nativeExport = Boolean(shell && typeof shell.chooseExportDestination === 'function');

/** True when the format counts characters (CoNLL counts tokens: no unit to override). */
export function hasCharacterOffsets(format: AnnotationFormat): boolean {
  return FORMATS[format].defaultOffsets !== 'tokens';
}

/** `train=0.8,dev=0.1,test=0.1` checked as the back end will: a message, or null when fine. */
export function splitProblem(spec: string): string | null {
  const pieces = spec.split(',').map((piece) => piece.trim());
  const names = new Set<string>();
  let total = 0;
  for (const piece of pieces) {
    const match = /^([A-Za-z][\w-]{0,31})\s*=\s*(\d*\.?\d+)$/.exec(piece);
    if (!match) return `“${piece || '(empty)'}” is not name=share, e.g. train=0.8`;
    if (names.has(match[1]!)) return `“${match[1]}” is named twice`;
    names.add(match[1]!);
    total += Number(match[2]);
  }
  if (Math.abs(total - 1) > 1e-9) return `the shares add up to ${Number(total.toFixed(6))}, not 1`;
  return null;
}

export class ExportState {
  #phase = $state<ExportPhase>('closed');
  #job = $state.raw<JobState | null>(null);
  #error = $state<string | null>(null);
  #cancelling = $state(false);
  #choosing = $state(false);
  #stopWatching: (() => void) | null = null;
  readonly #projectName: () => string;
  readonly #onFinished: (job: JobState) => void;

  options = $state<ExportOptions>(defaults());

  readonly info = $derived(FORMATS[this.options.format]);
  readonly splitError = $derived(this.options.split ? splitProblem(this.options.splitSpec) : null);
  readonly dateError = $derived(this.options.since && this.options.until && this.options.since > this.options.until ? '“Published from” is after “to”' : null);
  readonly canStart = $derived(this.options.status.length > 0 && !this.splitError && !this.dateError && !this.#choosing);

  constructor(projectName: () => string, onFinished: (job: JobState) => void) {
    this.#projectName = projectName;
    this.#onFinished = onFinished;
  }

  get phase() {
    return this.#phase;
  }
  get job() {
    return this.#job;
  }
  get error() {
    return this.#error;
  }
  get cancelling() {
    return this.#cancelling;
  }
  get choosing() {
    return this.#choosing;
  }
  get isOpen(): boolean {
    return this.#phase !== 'closed';
  }
  get busy(): boolean {
    return this.#phase === 'running';
  }

  /** Opens the dialog; the options chosen last time stay (an analyst exporting train/dev/test twice wants the same). */
  open(): void {
    if (this.busy) return;
    this.#job = null;
    this.#error = null;
    this.#cancelling = false;
    this.#phase = 'choose';
  }

  close(): void {
    if (this.busy) return;
    this.#phase = 'closed';
    this.#job = null;
    this.#error = null;
  }

  resetOptions(): void {
    this.options = defaults();
  }

  toggleStatus(status: DocumentStatus, on: boolean): void {
    const set = new Set(this.options.status);
    if (on) set.add(status);
    else set.delete(status);
    this.options.status = DOCUMENT_STATUSES.filter((item) => set.has(item));
  }

  toggleLabel(name: string, on: boolean): void {
    const rest = this.options.labels.filter((item) => item !== name);
    this.options.labels = on ? [...rest, name] : rest;
  }

  /** A file name without extension: "<project>-<format>" (the shell adds the extension). */
  suggestedName(): string {
    const base = this.#projectName().replace(/\.sqlite$/i, '').replace(/[^\p{L}\p{N}_-]+/gu, '-').replace(/^-+|-+$/g, '') || 'spanbench';
    return `${base}-${this.options.format}`;
  }

  request(destinationId?: string): ApiInput<'startExport'> {
    const o = this.options;
    // An emptied number field binds as null: the default seed then.
    const seed = Number.isInteger(o.seed) && o.seed >= 0 ? o.seed : 0;
    const input: ApiInput<'startExport'> = { format: o.format, seed };
    if (o.offsets !== 'default' && hasCharacterOffsets(o.format)) input.offsets = o.offsets;
    if (o.status.length < DOCUMENT_STATUSES.length) input.status = [...o.status];
    if (o.labels.length > 0) input.labels = [...o.labels];
    if (o.source.trim()) input.source = o.source.trim();
    if (o.since) input.since = o.since;
    if (o.until) input.until = o.until;
    if (o.split) input.split = o.splitSpec.replace(/\s+/g, '');
    if (destinationId) input.destinationId = destinationId;
    return input;
  }

  async start(): Promise<void> {
    if (this.#phase !== 'choose' || !this.canStart) return;
    this.#error = null;
    let destinationId: string | undefined;
    if (nativeExport && shell) {
      this.#choosing = true;
      try {
        const chosen = await shell.chooseExportDestination(this.options.format, this.suggestedName());
        // Cancelled in the save dialog: back to the options, nothing said.
        if (chosen === null) return;
        destinationId = chosen;
      } catch (error) {
        this.#error = `Cannot choose where to write: ${errorMessage(error)}`;
        return;
      } finally {
        this.#choosing = false;
      }
    }
    try {
      const job = await api.startExport(this.request(destinationId));
      this.#job = job;
      this.#phase = 'running';
      this.#poll(job.id);
    } catch (error) {
      this.#error = `The export could not start: ${errorMessage(error)}`;
    }
  }

  async cancel(): Promise<void> {
    const job = this.#job;
    if (this.#phase !== 'running' || !job) return;
    this.#cancelling = true;
    try {
      this.#job = await api.cancelJob({ jobId: job.id });
    } catch (error) {
      this.#error = `Could not cancel: ${errorMessage(error)}`;
      this.#cancelling = false;
    }
  }

  /** Browser mode: the finished file (or .tar of a folder format) on the server. */
  get downloadHref(): string | null {
    const job = this.#job;
    return job && job.state === 'done' && job.exportSummary?.download ? downloadUrl(job.id) : null;
  }

  #poll(jobId: string): void {
    this.#stopWatching?.();
    this.#stopWatching = watchJob(
      jobId,
      {
        onUpdate: (job) => (this.#job = job),
        onFinished: (job) => {
          this.#phase = 'finished';
          this.#cancelling = false;
          this.#onFinished(job);
        },
        onError: (message) => (this.#error = `Cannot read the export's progress: ${message}`),
      },
      POLL_MS,
    );
  }
}

export interface ExportRates {
  fraction: number;
  docsPerSecond: number;
  secondsLeft: number | null;
}

/** For export the job counts documents in filesDone/filesTotal (filesTotal = documents selected). */
export function exportRates(job: JobState): ExportRates {
  const { filesDone, filesTotal, documentsDone, elapsedMs } = job.progress;
  const done = Math.max(filesDone, documentsDone);
  const seconds = elapsedMs / 1000;
  const fraction = filesTotal > 0 ? Math.min(1, done / filesTotal) : 0;
  const rate = seconds > 0 ? done / seconds : 0;
  return { fraction, docsPerSecond: rate, secondsLeft: rate > 0 && seconds > 0.3 ? Math.max(0, (filesTotal - done) / rate) : null };
}
