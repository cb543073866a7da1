/**
 * Another program reading the project while the app has it open (a SQLite shell, a backup
 * tool) must never take itself for the file's last user. If it did, closing its connection would
 * fold the -wal into the file and delete it, while the app went on writing acknowledged changes
 * into the deleted -wal: lost in a crash. An import or export job used to open and close the file
 * with a descriptor of its own, which drops every POSIX lock the app's process holds on it.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { ServiceHost } from '../../services/serviceHost';
import { requireBuild, workerScript } from './built';
import { tempDir } from './helpers';

beforeAll(requireBuild);

/**
 * Opens the project in the sqlite3 shell, as an analyst's other tools would, counts its spans and
 * closes it. The shell's own SQLite (Debian's 3.40) decides whether it is the file's last user by
 * the file's locks alone; the SQLite bundled with better-sqlite3 also looks at the -shm's, and so
 * would not show the fault.
 */
function spansSeenByAnotherProgram(file: string): number {
  const result = spawnSync('sqlite3', [file, 'SELECT count(*) FROM spans'], { encoding: 'utf8' });
  if (result.status !== 0) throw new Error(result.stderr);
  return Number(result.stdout.trim());
}

const noShell = spawnSync('sqlite3', ['-version'], { encoding: 'utf8' }).error ? 'no sqlite3 shell here (apt-get install sqlite3; .ci/run does)' : null;

async function waitForJob(host: ServiceHost, id: string): Promise<any> {
  for (let i = 0; i < 600; i++) {
    const job = ((await host.call('getJob', { jobId: id })) as { result: any }).result;
    if (job.state !== 'running') return job;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  throw new Error(`job ${id} did not finish`);
}

describe('the app keeps its hold on the project file', () => {
  it('after export and import jobs, another program closing the project leaves the app its -wal, and every acknowledged change reaches the file', async (context) => {
    if (noShell) {
      console.log(`skipped: ${noShell}`);
      context.skip();
    }
    const dir = tempDir();
    const file = path.join(dir, 'p.sqlite');
    const feed = path.join(dir, 'feed.jsonl');
    fs.writeFileSync(feed, `${JSON.stringify({ title: 'Second', text: 'Borisov met the ministers in Minsk.' })}\n`);
    const host = await ServiceHost.start({ workerScript, projectPath: file, createIfMissing: true, withSample: true, backups: false });
    let acknowledged = 0;
    const createSpan = async (start: number) => {
      const response = (await host.call('createSpan', { documentId: 1, labelId: 1, start, end: start + 3 })) as { ok: boolean };
      expect(response.ok).toBe(true);
      acknowledged++;
    };
    try {
      await createSpan(0);
      const exported = (await host.call('startExport', { format: 'spanbench' })) as { ok: true; result: { id: string } };
      expect((await waitForJob(host, exported.result.id)).state).toBe('done');
      const [sourceId] = host.stageFiles([feed]);
      const imported = (await host.call('startImport', { sourceIds: [sourceId] })) as { ok: true; result: { id: string } };
      expect((await waitForJob(host, imported.result.id)).state).toBe('done');

      expect(spansSeenByAnotherProgram(file)).toBe(acknowledged);
      // The app still has the project open: its -wal stays, and what it writes next is seen.
      expect(fs.existsSync(`${file}-wal`)).toBe(true);
      await createSpan(10);
      await createSpan(20);
      expect(spansSeenByAnotherProgram(file)).toBe(acknowledged);
    } finally {
      await host.close();
    }
    expect(spansSeenByAnotherProgram(file)).toBe(acknowledged);
  });
});
