/**
 * Runs `fn` once the next frame has been drawn and the page is idle: for work that frame does not
 * show (a request for a list not on screen, a check of what was drawn). The frame is not held up
 * by it, and its layout is done by then, so reading the layout costs nothing. It is asked for from
 * a frame callback, so an idle moment before that frame cannot take it. After `timeoutMs` it runs
 * even if the page has not been idle. (A hidden page draws no frames: it runs when shown.)
 */
export function whenIdleAfterNextFrame(fn: () => void, timeoutMs = 100): void {
  requestAnimationFrame(() => requestIdleCallback(() => fn(), { timeout: timeoutMs }));
}
