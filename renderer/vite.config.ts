import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';
import { svelte } from '@sveltejs/vite-plugin-svelte';

const here = fileURLToPath(new URL('.', import.meta.url));

export default defineConfig({
  root: here,
  // Relative asset URLs so the same build loads from Electron (file/app protocol) and the HTTP server.
  base: './',
  plugins: [
    // With a Vite `root`, the plugin looks for svelte.config.js from the cwd; name it explicitly.
    svelte({ configFile: fileURLToPath(new URL('./svelte.config.js', import.meta.url)) }),
  ],
  build: {
    outDir: fileURLToPath(new URL('../dist/renderer', import.meta.url)),
    emptyOutDir: true,
    target: 'es2023',
    // Inline modules would need script-src 'unsafe-inline'; keep every asset a file.
    assetsInlineLimit: 0,
    modulePreload: { polyfill: false },
    // The stylesheet of the app's entry (everything on the first screen) is linked from index.html,
    // and the back end inlines it into the page it draws, so the first paint waits for no request;
    // the dialogs' rules come with the dialogs, when one is first opened.
    cssCodeSplit: true,
  },
  server: { fs: { allow: [fileURLToPath(new URL('..', import.meta.url))] } },
});
