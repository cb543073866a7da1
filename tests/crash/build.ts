/** Bundles the kill test's child (and the soak runner) with esbuild, as scripts/build.mjs bundles the app. */
import path from 'node:path';
import { build } from 'esbuild';

export const repoRoot = path.resolve(import.meta.dirname, '../..');
export const crashChildScript = path.join(repoRoot, 'dist/test/crashChild.cjs');

export async function buildCrashChild(): Promise<string> {
  await build({
    absWorkingDir: repoRoot,
    entryPoints: ['tests/crash/crashChild.ts'],
    outfile: crashChildScript,
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    external: ['better-sqlite3'],
    logLevel: 'warning',
  });
  return crashChildScript;
}
