/**
 * The only script of a page the back end drew, inlined into it (admitted by its hash in the
 * page's policy; see services/firstScreen.ts). It asks for nothing while the first screen is
 * being drawn: fetching and compiling the app's code would compete with the first paint for the
 * same few cores. The panes' contents, which the page holds back so that the article is painted
 * first, it puts in for the next frame. Once the drawn article has been presented it loads the
 * app's entry (boot.ts), named by its data-boot attribute. Input given meanwhile is kept for the
 * app (lib/earlyInput.ts).
 */
import { ARTICLE_BLOCK_TIMING, PANE_CONTENTS_ATTRIBUTE } from '../contract/constants';
import { keepEarlyInput } from './lib/earlyInput';

/** A page that never reports its article (a hidden window does not paint) loads the app after this. */
const PRESENTATION_WAIT_LIMIT_MS = 2000;

const script = document.currentScript;
const boot = script instanceof HTMLScriptElement ? script.dataset['boot'] : undefined;
if (boot) {
  window.spanbenchEarlyInput = keepEarlyInput();
  // Rendering waits until the drawn screen has been parsed (services/firstScreen.ts), so the first
  // frame is the article's and the panes go in at the start of the second. (Where a frame came
  // sooner, the panes would only be painted with the article, as they used to be.)
  requestAnimationFrame(() => requestAnimationFrame(showPanes));
  void firstScreenPresented().then(() => {
    // A page that runs no frames (a tab opened in the background) has its panes put in now: the
    // app hydrates the whole screen as drawn.
    showPanes();
    return import(/* @vite-ignore */ boot);
  });
}

/**
 * Puts in the panes' contents held back in <template>s (services/firstScreen.ts,
 * holdPanesUntilAfterArticle). Called in the frame after the article's: the panes are styled and
 * laid out while the article's tiles are rasterized, and painted in that frame.
 */
function showPanes(): void {
  for (const held of document.querySelectorAll<HTMLTemplateElement>(`template[${PANE_CONTENTS_ATTRIBUTE}]`)) held.replaceWith(held.content);
}

/**
 * Resolves once the drawn article has been presented; for a page with no article text, two frames
 * after it is parsed; for any page, after PRESENTATION_WAIT_LIMIT_MS at the latest.
 */
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
    const reported = typeof PerformanceObserver === 'function' && PerformanceObserver.supportedEntryTypes.includes('element');
    if (reported) {
      observer = new PerformanceObserver(finish);
      observer.observe({ type: 'element', buffered: true });
    }
    // Without an article with text (or without Element Timing) nothing is reported: two frames after
    // the page is parsed are enough then. Frames are not counted otherwise: the first ones may come
    // before the screen is drawn.
    document.addEventListener('DOMContentLoaded', () => {
      const article = [...document.querySelectorAll(`[elementtiming="${ARTICLE_BLOCK_TIMING}"]`)].some((block) => block.textContent?.trim());
      if (!reported || !article) requestAnimationFrame(() => requestAnimationFrame(() => setTimeout(finish, 0)));
    });
    setTimeout(finish, PRESENTATION_WAIT_LIMIT_MS);
  });
}
