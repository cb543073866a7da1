// The app's entry. On a page the back end drew, the inlined loader (loader.ts) loads it once the
// first screen has been presented, having kept the keys pressed until then; on a plain page (the
// Vite dev server, or the fallback when drawing fails) it is the page's script and starts at once.
// Either way, keys pressed before the app is ready are handed to it.
import { keepEarlyKeys, replayEarlyKeys } from './lib/earlyKeys';
import { start } from './main';

const earlyKeys = window.spanbenchEarlyKeys ?? keepEarlyKeys();
await start();
earlyKeys.stop();
replayEarlyKeys(earlyKeys.keys);
document.documentElement.dataset['ready'] = 'true';
