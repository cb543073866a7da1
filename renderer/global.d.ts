import type { SpanbenchApi } from '../contract/api';
import type { SpanbenchShell } from '../contract/shell';
import type { EarlyInput } from './lib/earlyInput';
import type { PerfHook } from './lib/perf';

declare global {
  interface Window {
    /** Set by the Electron preload; absent in browser mode. */
    spanbench?: SpanbenchApi;
    spanbenchShell?: SpanbenchShell;
    /** Timing hook read by the benchmark script (bench/). */
    __spanbenchPerf?: PerfHook;
    /** Input kept by the drawn page's loader (loader.ts) until the app is ready. */
    spanbenchEarlyInput?: EarlyInput;
  }
}

// ARIA 1.3's aria-description (read by Chromium's screen reader support) is not in Svelte's list yet.
declare module 'svelte/elements' {
  interface AriaAttributes {
    'aria-description'?: string | undefined | null;
  }
}

export {};
