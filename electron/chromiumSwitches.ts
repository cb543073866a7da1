/**
 * Chromium switches the desktop app sets for itself, before 'ready'. Kept free of electron imports
 * so the decision is unit-tested in Node; main.ts appends what this returns.
 */

/**
 * Chromium rasterizes a renderer's tiles on half the machine's cores, never fewer than one: on a
 * two-core laptop, one thread. Opening an article then rasterizes the whole window (toolbar,
 * panels, article: about 30 tiles on two layers against the bare text's 18 on one) on that one
 * thread, and the raster was the longest stretch of the first frame in our traces. Two threads
 * there painted the sample article's first screen about a frame sooner (Debian's Chromium on a
 * two-core VM, 40 interleaved cold loads each: 192 against 208 ms, bare text unchanged). From
 * four cores on, Chromium already uses two or more, and its choice stands.
 */
const MIN_RASTER_THREADS = 2;

export function chromiumSwitches(cores: number): Array<[name: string, value: string]> {
  const chromiumDefault = Math.min(4, Math.max(1, Math.floor(cores / 2)));
  return chromiumDefault < MIN_RASTER_THREADS ? [['num-raster-threads', String(MIN_RASTER_THREADS)]] : [];
}
