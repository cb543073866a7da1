// The page's only script tag. A page the back end drew (its first screen is already in the HTML)
// is left to reach the screen first: the app's code is fetched, compiled and run after that, so
// none of it competes with the first paint. A plain page (the Vite dev server) starts at once.
// Keys pressed before the app is ready are kept and handed to it, so an analyst who starts
// working on the drawn page loses nothing.
import { FIRST_SCREEN_ELEMENT_ID } from '../contract/constants';
import { isTextField } from './lib/keyboard';

const earlyKeys: KeyboardEvent[] = [];
// Typing into a field (the search box) already did its work natively; only the app's shortcuts wait.
const keepKey = (event: KeyboardEvent) => {
  if (!isTextField(event.target)) earlyKeys.push(event);
};
window.addEventListener('keydown', keepKey);

/** Resolves once the server-drawn article has been presented, or after a few frames at most. */
function firstScreenPresented(): Promise<void> {
  return new Promise((resolve) => {
    let observer: PerformanceObserver | null = null;
    let done = false;
    const finish = () => {
      if (done) return;
      done = true;
      observer?.disconnect();
      resolve();
    };
    // Element Timing reports the presentation of the blocks marked elementtiming (BlockView.svelte).
    if (typeof PerformanceObserver === 'function' && PerformanceObserver.supportedEntryTypes.includes('element')) {
      observer = new PerformanceObserver(finish);
      observer.observe({ type: 'element', buffered: true });
    }
    // An article with no text (or no Element Timing) is never reported: two frames are enough then.
    requestAnimationFrame(() => requestAnimationFrame(() => setTimeout(finish, 0)));
  });
}

if (document.getElementById(FIRST_SCREEN_ELEMENT_ID)) await firstScreenPresented();
const { start } = await import('./main');
await start();
window.removeEventListener('keydown', keepKey);
for (const key of earlyKeys) {
  const target = document.activeElement ?? document.body;
  target.dispatchEvent(
    new KeyboardEvent('keydown', { key: key.key, code: key.code, ctrlKey: key.ctrlKey, metaKey: key.metaKey, shiftKey: key.shiftKey, altKey: key.altKey, bubbles: true, cancelable: true }),
  );
}
document.documentElement.dataset['ready'] = 'true';
