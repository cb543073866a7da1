import { vitePreprocess } from '@sveltejs/vite-plugin-svelte';

/** @type {import('@sveltejs/vite-plugin-svelte').SvelteConfig} */
export default {
  preprocess: vitePreprocess(),
  compilerOptions: {
    runes: true,
    // Component CSS goes to an external stylesheet so the CSP needs no 'unsafe-inline' for styles.
    css: 'external',
  },
};
