// Started by boot.ts. The page normally arrives with its first screen already drawn by the back
// end (see renderer/firstScreen.ts) and the data it was drawn from embedded as JSON: the app
// hydrates that markup, so the analyst reads the article before any script has run. A page
// served without it (the Vite dev server) mounts from scratch, starting the first calls at once.
import { flushSync, hydrate, mount, tick } from 'svelte';
import type { FirstScreen } from '../contract/api';
import { FIRST_SCREEN_ELEMENT_ID } from '../contract/constants';
import App from './App.svelte';
import { addressedDocumentId } from './lib/address';
import { prefetch } from './lib/api';
import { afterNextPaint } from './lib/perf';
import './styles.css';

/** Hydrates (or mounts) the app; resolves when its effects have run, so its keys are bound. */
export async function start(): Promise<void> {
  performance.mark('spanbench:script-start');
  const target = document.getElementById('app');
  if (!target) throw new Error('index.html lacks #app');

  const embedded = document.getElementById(FIRST_SCREEN_ELEMENT_ID);
  if (embedded?.textContent) {
    const firstScreen = JSON.parse(embedded.textContent) as FirstScreen;
    hydrate(App, { target, props: { firstScreen } });
  } else {
    const wanted = addressedDocumentId(location);
    prefetch('getProjectInfo', {});
    prefetch('listLabels', {});
    if (wanted !== null) {
      prefetch('getDocument', { id: wanted });
      prefetch('listSpans', { documentId: wanted });
      prefetch('getHistory', { documentId: wanted });
    }
    mount(App, { target });
  }
  // Effects (the keyboard dispatcher among them) run now, not in a later task.
  flushSync();
  await tick();
  performance.mark('spanbench:mounted');
  afterNextPaint(() => performance.mark('spanbench:interactive'));
}
