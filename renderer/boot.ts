// The app's entry. On a page the back end drew, the inlined loader (loader.ts) loads it once the
// first screen has been presented, having kept the input given until then (lib/earlyInput.ts);
// on a plain page (the Vite dev server, or the fallback when drawing fails) it is the page's
// script and starts at once. Either way, input given before the app is ready is handed to it.
import { keepEarlyInput, replayEarlyInput } from './lib/earlyInput';
import { start } from './main';

const earlyInput = window.spanbenchEarlyInput ?? keepEarlyInput();
await start();
earlyInput.stop();
replayEarlyInput(earlyInput.actions);
document.documentElement.dataset['ready'] = 'true';
