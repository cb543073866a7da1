/**
 * Benchmark hook. `performance.mark`s carry the timings; `window.__spanbenchPerf`
 * lets a script wait for them without polling the Performance timeline blindly.
 */
export interface PerfHook {
  /** performance.now() when the last document open started, the first screen was drawn, a span create began and was drawn. */
  openStart: number | null;
  firstPage: number | null;
  spanStart: number | null;
  spanDrawn: number | null;
  /** performance.now() when createSpan resolved (committed): spanDrawn - spanSaved is the drawing cost alone. */
  spanSaved: number | null;
  /** The drawing work is (spanDomUpdated - spanSaved) + (spanDrawn - spanFrameStart); the rest is waiting for a frame. */
  spanDomUpdated: number | null;
  spanFrameStart: number | null;
  /** Id of the document the marks refer to. */
  documentId: number | null;
  /** Every spanbench:* mark so far, oldest first. */
  marks(): Array<{ name: string; startTime: number }>;
}

const hook: PerfHook = {
  openStart: null,
  firstPage: null,
  spanStart: null,
  spanDrawn: null,
  spanSaved: null,
  spanDomUpdated: null,
  spanFrameStart: null,
  documentId: null,
  marks: () =>
    performance
      .getEntriesByType('mark')
      .filter((entry) => entry.name.startsWith('spanbench:'))
      .map((entry) => ({ name: entry.name, startTime: entry.startTime })),
};
// The first screen is also rendered on the server (renderer/firstScreen.ts): no marks there.
const inBrowser = typeof window !== 'undefined';
if (inBrowser) window.__spanbenchPerf = hook;

export function markOpenStart(documentId: number): void {
  if (!inBrowser) return;
  hook.documentId = documentId;
  hook.firstPage = null;
  hook.openStart = performance.mark('spanbench:open-start').startTime;
}

export function markFirstPage(): void {
  hook.firstPage = performance.mark('spanbench:first-page').startTime;
}

export function markSpanStart(): void {
  hook.spanDrawn = null;
  hook.spanSaved = null;
  hook.spanDomUpdated = null;
  hook.spanFrameStart = null;
  hook.spanStart = performance.mark('spanbench:span-start').startTime;
}

export function markSpanSaved(): void {
  hook.spanSaved = performance.mark('spanbench:span-saved').startTime;
}

export function markSpanDrawn(): void {
  hook.spanDrawn = performance.mark('spanbench:span-drawn').startTime;
}

/**
 * Runs `fn` once the next frame has been painted: a task queued from a frame callback
 * runs after that frame's style, layout and paint, so the marks include drawing cost.
 */
export function afterNextPaint(fn: () => void, onFrameStart?: () => void): void {
  requestAnimationFrame(() => {
    onFrameStart?.();
    setTimeout(fn, 0);
  });
}

/** When the DOM held the new span (script work done) and when its frame began rendering. */
export function markSpanDomUpdated(): void {
  hook.spanDomUpdated = performance.mark('spanbench:span-dom-updated').startTime;
}

export function markSpanFrameStart(): void {
  hook.spanFrameStart = performance.mark('spanbench:span-frame-start').startTime;
}
