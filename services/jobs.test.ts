/**
 * The job workers (services/importWorker.ts, as built in dist/node) open their own connection:
 * with the better-sqlite3 addon they are given, which in the desktop app started by npm start is
 * an Electron build (electron/electronSqlite.mjs), since node_modules' own is built for Node.
 */
import fs from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { tempDir } from '../tests/unit/helpers';
import { workerExportRunner, workerImportRunner, type JobControl } from './jobs';
import { ensureProject } from './project';

const root = path.resolve(import.meta.dirname, '..');
const workerScript = path.join(root, 'dist/node/importWorker.cjs');
const nodeAddon = path.join(root, 'node_modules/better-sqlite3/build/Release/better_sqlite3.node');

function control(): JobControl {
  return { onProgress: () => {}, cancelFlag: new Int32Array(new SharedArrayBuffer(4)) };
}

beforeAll(() => {
  if (!fs.existsSync(workerScript)) throw new Error(`${workerScript} is missing: run \`node scripts/build.mjs\` before these tests (npm test does).`);
});

describe('job workers', () => {
  it('import and export with the SQLite addon they are given, and no other', async () => {
    const dir = tempDir();
    const projectPath = path.join(dir, 'jobs.sqlite');
    (await ensureProject(projectPath)).db.close();
    const article = path.join(dir, 'article.txt');
    fs.writeFileSync(article, 'An article imported by a job worker.');
    const notAnAddon = path.join(dir, 'not-an-addon.node');
    fs.writeFileSync(notAnAddon, 'not a shared library');
    const importRequest = { projectPath, paths: [article], options: { format: 'auto' as const, onDuplicate: 'skip' as const, skipInvalid: false } };
    const exportRequest = { projectPath, request: { format: 'spanbench' as const, outPath: path.join(dir, 'out.jsonl') } };

    await expect(workerImportRunner(workerScript, { nativeBinding: notAnAddon })(importRequest, control())).rejects.toThrow(/not-an-addon\.node/);
    await expect(workerExportRunner(workerScript, { nativeBinding: notAnAddon })(exportRequest, control())).rejects.toThrow(/not-an-addon\.node/);

    expect(await workerImportRunner(workerScript, { nativeBinding: nodeAddon })(importRequest, control())).toMatchObject({ imported: 1 });
    await workerExportRunner(workerScript, { nativeBinding: nodeAddon })(exportRequest, control());
    expect(fs.readFileSync(exportRequest.request.outPath, 'utf8')).toContain('An article imported by a job worker.');
  });
});
