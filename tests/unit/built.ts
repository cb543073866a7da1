import fs from 'node:fs';
import { fileURLToPath } from 'node:url';

export const repoRoot = fileURLToPath(new URL('../..', import.meta.url));
export const cliBin = fileURLToPath(new URL('../../bin/spanbench.js', import.meta.url));
export const workerScript = fileURLToPath(new URL('../../dist/node/serviceWorker.cjs', import.meta.url));

/** These tests run the built bundles, as users do; `npm test` builds first. */
export function requireBuild(): void {
  for (const file of [workerScript, fileURLToPath(new URL('../../dist/node/cli.cjs', import.meta.url))]) {
    if (!fs.existsSync(file)) throw new Error(`${file} is missing: run \`npm run build:only\` before these tests (npm test does).`);
  }
}
