/**
 * Following a long job (import, export) by asking the back end for its state every
 * `intervalMs`, until it is no longer running.
 */
import type { JobState } from '../../contract/api';
import { api, errorMessage } from './api';

export interface JobWatcher {
  /** Every state read, including the last. */
  onUpdate(job: JobState): void;
  /** The job stopped running (done, cancelled or failed). */
  onFinished(job: JobState): void;
  /** A state could not be read; polling goes on. */
  onError(message: string): void;
}

/** Starts polling; returns a function that stops it. */
export function watchJob(jobId: string, watcher: JobWatcher, intervalMs = 200): () => void {
  let timer: ReturnType<typeof setTimeout> | null = null;
  let stopped = false;
  const schedule = () => {
    timer = setTimeout(async () => {
      timer = null;
      try {
        const job = await api.getJob({ jobId });
        if (stopped) return;
        watcher.onUpdate(job);
        if (job.state === 'running') schedule();
        else watcher.onFinished(job);
      } catch (error) {
        if (stopped) return;
        // A lost answer is not a lost job: keep asking, and say why the numbers stand still.
        watcher.onError(errorMessage(error));
        schedule();
      }
    }, intervalMs);
  };
  schedule();
  return () => {
    stopped = true;
    if (timer) clearTimeout(timer);
  };
}
