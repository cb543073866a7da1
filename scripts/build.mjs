// Builds everything the app, the CLI and the tests run: the renderer (Vite) and the
// Node/Electron bundles (esbuild). `npm install` runs it through the prepare script.
import { build as esbuild } from 'esbuild';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const only = process.argv[2]; // 'node' or 'renderer' to build one half

const nodeCommon = {
  absWorkingDir: root,
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  sourcemap: 'linked',
  // Native modules and Electron itself are loaded at run time, never bundled.
  external: ['better-sqlite3', 'electron'],
  logLevel: 'warning',
};

const nodeEntries = [
  { in: 'cli/entry.ts', out: 'dist/node/cli.cjs' },
  { in: 'services/serviceWorker.ts', out: 'dist/node/serviceWorker.cjs' },
  { in: 'services/importWorker.ts', out: 'dist/node/importWorker.cjs' },
  { in: 'electron/main.ts', out: 'dist/electron/main.cjs' },
  { in: 'electron/preload.ts', out: 'dist/electron/preload.cjs' },
];

const benchEntries = [
  { in: 'bench/importBench.ts', out: 'dist/bench/importBench.cjs' },
  { in: 'bench/exportBench.ts', out: 'dist/bench/exportBench.cjs' },
  { in: 'bench/renderBench.ts', out: 'dist/bench/renderBench.cjs', external: ['@playwright/test', 'playwright', 'playwright-core'] },
];

if (only === 'bench') {
  await Promise.all(
    benchEntries.map((entry) => esbuild({ ...nodeCommon, entryPoints: [entry.in], outfile: entry.out, external: [...nodeCommon.external, ...(entry.external ?? [])] })),
  );
  console.log('spanbench: bench build complete');
  process.exit(0);
}

if (only !== 'renderer') {
  await Promise.all(
    nodeEntries
      .filter((entry) => existsSync(new URL(`../${entry.in}`, import.meta.url)))
      .map((entry) => esbuild({ ...nodeCommon, entryPoints: [entry.in], outfile: entry.out })),
  );
}

if (only !== 'node' && existsSync(new URL('../renderer/vite.config.ts', import.meta.url))) {
  const { build: viteBuild } = await import('vite');
  const configFile = fileURLToPath(new URL('../renderer/vite.config.ts', import.meta.url));
  await viteBuild({ configFile, logLevel: 'warn' });
  // The loader the back end inlines into the page it draws (services/firstScreen.ts): a classic
  // script, self-contained, that loads the app's entry once the first screen has been presented.
  await esbuild({
    absWorkingDir: root,
    entryPoints: ['renderer/loader.ts'],
    outfile: 'dist/renderer/loader.js',
    bundle: true,
    format: 'iife',
    platform: 'browser',
    target: 'es2022',
    minify: true,
    legalComments: 'none',
    logLevel: 'warning',
  });
  // The same App compiled for Svelte's server renderer: the back end draws the first screen with it.
  // Self-contained (Svelte bundled in), so a packaged app needs nothing from node_modules for it.
  await viteBuild({
    configFile,
    logLevel: 'warn',
    ssr: { noExternal: true },
    build: {
      ssr: fileURLToPath(new URL('../renderer/firstScreen.ts', import.meta.url)),
      outDir: fileURLToPath(new URL('../dist/ssr', import.meta.url)),
      emptyOutDir: true,
      target: 'node20',
      copyPublicDir: false,
      rollupOptions: { output: { format: 'cjs', entryFileNames: 'firstScreen.cjs', codeSplitting: false } },
    },
  });
}
console.log('spanbench: build complete');
