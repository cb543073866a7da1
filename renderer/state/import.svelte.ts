/**
 * The import flow: choose (files, a folder, or a drop) -> upload (browser mode) -> the job
 * runs in the back end while we poll it -> summary. The desktop shell stages chosen paths
 * itself and hands back ids; browser mode uploads each file and collects the ids the server gives.
 */
import { annotationFormats, type DuplicateChoice, type ImportFormatChoice, type OffsetUnitChoice } from '../../contract/constants';
import type { JobState } from '../../contract/api';
import type { ImportChoiceKind } from '../../contract/shell';
import { watchJob } from '../lib/jobPolling';
import { api, errorMessage, shell, uploadFile, type UploadHandle } from '../lib/api';
import { addPickedFiles, type PickedFiles } from '../lib/importFiles';

export type ImportPhase = 'closed' | 'choose' | 'uploading' | 'running' | 'finished';

export interface LabelMapping {
  /** Label as the file names it (ORG). */
  from: string;
  /** Label in the project (Agency); created when missing. */
  to: string;
}

export interface ImportOptions {
  format: ImportFormatChoice;
  /** 'default' reads offsets in the format's own unit. */
  offsets: 'default' | OffsetUnitChoice;
  labelMap: LabelMapping[];
  textColumn: string;
  onDuplicate: DuplicateChoice;
  skipInvalid: boolean;
  firstLineIsTitle: boolean;
}

export interface UploadProgress {
  fileIndex: number;
  fileCount: number;
  name: string;
  bytesDone: number;
  bytesTotal: number;
}

const POLL_MS = 200;
function defaultOptions(): ImportOptions {
  return { format: 'auto', offsets: 'default', labelMap: [], textColumn: '', onDuplicate: 'skip', skipInvalid: false, firstLineIsTitle: false };
}

/** Formats that carry spans: the offsets override and the label map apply to them (and to 'auto', which may find them). */
export function isAnnotationChoice(format: ImportFormatChoice): boolean {
  return format === 'auto' || (annotationFormats as readonly string[]).includes(format);
}

/**
 * The label map as startImport takes it: rows with both sides filled, trimmed. A label mapped
 * twice is a mistake the analyst should see, not a silent last-one-wins.
 */
export function labelMapRecord(rows: readonly LabelMapping[]): { map: Record<string, string>; problem: string | null } {
  const map: Record<string, string> = {};
  for (const row of rows) {
    const from = row.from.trim();
    const to = row.to.trim();
    if (!from && !to) continue;
    if (!from || !to) return { map, problem: 'Each label mapping needs both a label in the file and a project label.' };
    if (Object.hasOwn(map, from) && map[from] !== to) return { map, problem: `“${from}” is mapped twice.` };
    map[from] = to;
  }
  return { map, problem: null };
}

/** The shell can stage paths itself when its preload offers these (older shells do not). */
export const nativeImport = Boolean(shell && typeof shell.chooseImportFiles === 'function' && typeof shell.stageDroppedFiles === 'function');

export class ImportState {
  #phase = $state<ImportPhase>('closed');
  #picked = $state.raw<PickedFiles>({ files: [], skipped: [] });
  /** Desktop: ids staged by the shell (paths never reach the page). */
  #stagedIds = $state.raw<string[]>([]);
  #upload = $state.raw<UploadProgress | null>(null);
  #job = $state.raw<JobState | null>(null);
  #error = $state<string | null>(null);
  /** What happened to the last pick that the list alone does not show (files chosen twice). */
  #notice = $state<string | null>(null);
  #cancelling = $state(false);
  #uploadHandle: UploadHandle | null = null;
  #uploadCancelled = false;
  #stopWatching: (() => void) | null = null;
  readonly #onFinished: (job: JobState) => void;

  options = $state<ImportOptions>(defaultOptions());

  readonly chosenCount = $derived(this.#picked.files.length + this.#stagedIds.length);
  readonly chosenBytes = $derived(this.#picked.files.reduce((sum, item) => sum + item.file.size, 0));
  readonly labelMapProblem = $derived(isAnnotationChoice(this.options.format) ? labelMapRecord(this.options.labelMap).problem : null);

  constructor(onFinished: (job: JobState) => void) {
    this.#onFinished = onFinished;
  }

  get phase() {
    return this.#phase;
  }
  get picked() {
    return this.#picked;
  }
  get stagedCount() {
    return this.#stagedIds.length;
  }
  get upload() {
    return this.#upload;
  }
  get job() {
    return this.#job;
  }
  get error() {
    return this.#error;
  }
  get notice() {
    return this.#notice;
  }
  get cancelling() {
    return this.#cancelling;
  }
  get isOpen(): boolean {
    return this.#phase !== 'closed';
  }
  /** Uploading or importing: the dialog cannot simply be closed. */
  get busy(): boolean {
    return this.#phase === 'uploading' || this.#phase === 'running';
  }

  open(): void {
    if (this.#phase === 'closed' || this.#phase === 'finished') this.#reset();
    if (this.#phase === 'closed') this.#phase = 'choose';
  }

  close(): void {
    if (this.busy) return;
    this.#reset();
    this.#phase = 'closed';
  }

  #reset(): void {
    this.#picked = { files: [], skipped: [] };
    this.#stagedIds = [];
    this.#upload = null;
    this.#job = null;
    this.#error = null;
    this.#notice = null;
    this.#cancelling = false;
    this.#phase = 'choose';
  }

  /** Browser mode: files from the chooser or a drop, added to what is already chosen. */
  addPicked(picked: PickedFiles): void {
    this.open();
    if (this.busy) return;
    const { files, alreadyChosen } = addPickedFiles(this.#picked.files, picked.files);
    this.#picked = { files, skipped: [...this.#picked.skipped, ...picked.skipped] };
    this.#error = picked.files.length === 0 && picked.skipped.length > 0 ? 'None of these files can be imported (no known article format).' : null;
    this.#notice =
      alreadyChosen.length === 0
        ? null
        : alreadyChosen.length === 1
          ? `${alreadyChosen[0]} was already chosen: it is listed once.`
          : `${alreadyChosen.length} of these files were already chosen: each is listed once.`;
  }

  removePicked(name: string): void {
    this.#picked = { ...this.#picked, files: this.#picked.files.filter((item) => item.name !== name) };
  }

  /** Desktop: the native dialog; what was chosen is staged by the shell. */
  async chooseNative(kind: ImportChoiceKind): Promise<void> {
    if (!shell || !nativeImport) return;
    try {
      const ids = await shell.chooseImportFiles(kind);
      if (ids.length > 0) this.#stagedIds = [...this.#stagedIds, ...ids];
      this.#error = null;
    } catch (error) {
      this.#error = errorMessage(error);
    }
  }

  /** Desktop: files or folders dropped on the window. */
  async stageDropped(files: File[]): Promise<void> {
    if (!shell || !nativeImport) return;
    this.open();
    if (this.busy) return;
    try {
      const ids = await shell.stageDroppedFiles(files);
      this.#stagedIds = [...this.#stagedIds, ...ids];
      this.#error = null;
    } catch (error) {
      this.#error = errorMessage(error);
    }
  }

  clearChosen(): void {
    if (this.busy) return;
    this.#picked = { files: [], skipped: [] };
    this.#stagedIds = [];
    this.#error = null;
    this.#notice = null;
  }

  addMapping(from = '', to = ''): void {
    this.options.labelMap = [...this.options.labelMap, { from, to }];
  }

  removeMapping(index: number): void {
    this.options.labelMap = this.options.labelMap.filter((_, i) => i !== index);
  }

  async start(): Promise<void> {
    if (this.#phase !== 'choose' || this.chosenCount === 0 || this.labelMapProblem) return;
    this.#error = null;
    let ids = [...this.#stagedIds];
    if (this.#picked.files.length > 0) {
      const uploaded = await this.#uploadAll();
      if (!uploaded) return;
      ids = [...ids, ...uploaded];
    }
    const { format, offsets, labelMap, textColumn, onDuplicate, skipInvalid, firstLineIsTitle } = this.options;
    const annotations = isAnnotationChoice(format);
    const mapped = annotations ? labelMapRecord(labelMap).map : {};
    try {
      const job = await api.startImport({
        sourceIds: ids,
        format,
        onDuplicate,
        skipInvalid,
        firstLineIsTitle,
        ...(textColumn.trim() ? { textColumn: textColumn.trim() } : {}),
        ...(annotations && offsets !== 'default' ? { offsets } : {}),
        ...(Object.keys(mapped).length > 0 ? { labelMap: mapped } : {}),
      });
      // Staged ids are used up by the job; choosing again means staging again.
      this.#stagedIds = [];
      this.#job = job;
      this.#phase = 'running';
      this.#poll(job.id);
    } catch (error) {
      this.#phase = 'choose';
      this.#error = `The import could not start: ${errorMessage(error)}`;
    }
  }

  async #uploadAll(): Promise<string[] | null> {
    const files = this.#picked.files;
    const bytesTotal = files.reduce((sum, item) => sum + item.file.size, 0);
    this.#phase = 'uploading';
    this.#uploadCancelled = false;
    const ids: string[] = [];
    let bytesBefore = 0;
    const batch = crypto.randomUUID();
    try {
      for (const [index, item] of files.entries()) {
        this.#upload = { fileIndex: index, fileCount: files.length, name: item.name, bytesDone: bytesBefore, bytesTotal };
        const handle = uploadFile(
          item.file,
          item.name,
          (loaded) => {
            this.#upload = { fileIndex: index, fileCount: files.length, name: item.name, bytesDone: bytesBefore + loaded, bytesTotal };
          },
          batch,
        );
        this.#uploadHandle = handle;
        const result = await handle.done;
        ids.push(result.sourceId);
        bytesBefore += item.file.size;
      }
      return ids;
    } catch (error) {
      this.#phase = 'choose';
      this.#error = this.#uploadCancelled ? 'Upload cancelled: nothing was imported.' : `Upload failed: ${errorMessage(error)}`;
      return null;
    } finally {
      this.#uploadHandle = null;
      this.#upload = null;
    }
  }

  async cancel(): Promise<void> {
    if (this.#phase === 'uploading') {
      this.#uploadCancelled = true;
      this.#uploadHandle?.abort();
      return;
    }
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
        onError: (message) => (this.#error = `Cannot read the import's progress: ${message}`),
      },
      POLL_MS,
    );
  }
}

export interface Rates {
  /** Documents per second so far. */
  docsPerSecond: number;
  /** Estimated documents in all files, from the bytes read so far (null until there is enough to go on). */
  estimatedTotal: number | null;
  /** Seconds left at the current byte rate (null until known). */
  secondsLeft: number | null;
  fraction: number;
}

export function jobRates(job: JobState): Rates {
  const { bytesDone, bytesTotal, documentsDone, elapsedMs } = job.progress;
  const seconds = elapsedMs / 1000;
  const fraction = bytesTotal > 0 ? Math.min(1, bytesDone / bytesTotal) : 0;
  const enough = bytesDone > 0 && seconds > 0.3;
  return {
    docsPerSecond: seconds > 0 ? documentsDone / seconds : 0,
    estimatedTotal: enough && documentsDone > 0 ? Math.max(documentsDone, Math.round((documentsDone / bytesDone) * bytesTotal)) : null,
    secondsLeft: enough ? Math.max(0, ((bytesTotal - bytesDone) / bytesDone) * seconds) : null,
    fraction,
  };
}
