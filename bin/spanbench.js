#!/usr/bin/env node
// The npm bin: runs the CLI bundle that `npm install` / `npm ci` builds (the prepare script).
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const bundle = fileURLToPath(new URL('../dist/node/cli.cjs', import.meta.url));
if (!existsSync(bundle)) {
  process.stderr.write('spanbench: the CLI is not built yet. Run `npm run build` in the Spanbench folder (npm install runs it too).\n');
  process.exit(1);
}
createRequire(import.meta.url)(bundle);
