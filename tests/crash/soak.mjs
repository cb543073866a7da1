// `npm run soak`: bundles the kill-test child and runner (esbuild, as scripts/build.mjs does) and runs it.
import { build } from 'esbuild';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../..', import.meta.url));
const common = { absWorkingDir: root, bundle: true, platform: 'node', target: 'node20', format: 'cjs', external: ['better-sqlite3'], logLevel: 'warning' };
await build({ ...common, entryPoints: ['tests/crash/crashChild.ts'], outfile: 'dist/test/crashChild.cjs' });
await build({ ...common, entryPoints: ['tests/crash/soak.ts'], outfile: 'dist/test/soak.cjs' });
createRequire(import.meta.url)(`${root}dist/test/soak.cjs`);
