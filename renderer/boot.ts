// The app's entry. On a page the back end drew, the inlined loader (loader.ts) loads it once the
// first screen has been presented, having kept the input given until then (lib/earlyInput.ts);
// on a plain page (the Vite dev server, or the fallback when drawing fails) it is the page's
// script and starts at once. Either way, input given before the app is ready is handed to it.
import { FIRST_SCREEN_ELEMENT_ID } from '../contract/constants';
import { keepEarlyInput, replayEarlyInput } from './lib/earlyInput';
import { start } from './main';

const earlyInput = window.spanbenchEarlyInput ?? keepEarlyInput();
await documentParsed();
await startOrFallBack();
earlyInput.stop();
replayEarlyInput(earlyInput.actions);
document.documentElement.dataset['ready'] = 'true';

/**
 * The app reads the data embedded after the drawn screen, and that element is whole only once the
 * parser has passed it. The loader imports this entry as soon as the article is presented (or after
 * its wait limit), and on a long page the parser is still inside the data then: the article is
 * painted from its first megabytes while the rest of a 25 MB document's JSON is still arriving.
 */
function documentParsed(): Promise<void> {
  if (document.readyState !== 'loading') return Promise.resolve();
  return new Promise((resolve) => document.addEventListener('DOMContentLoaded', () => resolve(), { once: true }));
}

/**
 * Starts the app on the drawn page; if that fails (its embedded data cannot be read: a page cut
 * off, a damaged copy), drops the drawn screen and its data and starts as on a plain page, loading
 * everything through the API. A drawn page must never leave the app unusable. (Markup that does
 * not match its data never gets here: Svelte then mounts afresh itself.)
 */
async function startOrFallBack(): Promise<void> {
  const embedded = document.getElementById(FIRST_SCREEN_ELEMENT_ID);
  try {
    await start();
  } catch (error) {
    if (!embedded) throw error;
    console.warn(`[spanbench] the page's first screen could not be used (${error instanceof Error ? error.message : String(error)}); loading it again through the API`);
    embedded.remove();
    document.getElementById('app')?.replaceChildren();
    await start();
  }
}
