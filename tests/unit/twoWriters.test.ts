/**
 * Two writers on one project: the CLI importing while the app's service (ServiceHost)
 * creates spans. Both succeed (SQLite's write lock is taken in turns, with a busy timeout),
 * or the one that waited too long gets a clear 'busy' error; never a lost acknowledged
 * change or a damaged file. (A second app instance hands its request to the first: see
 * electron/launchArgs.test.ts and electron/main.smoke.test.ts.)
 */
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { beforeAll, describe, expect, it } from 'vitest';
import { openProject } from '../../db/open';
import { checkProject } from '../../services/projectCheck';
import { ServiceHost } from '../../services/serviceHost';
import { requireBuild, workerScript } from './built';
import { tempDir } from './helpers';
import { cliAsync } from './running';

beforeAll(requireBuild);

function articles(file: string, count: number, tag: string): void {
  const lines: string[] = [];
  for (let i = 0; i < count; i++) lines.push(JSON.stringify({ title: `${tag} ${i}`, text: `${tag} article ${i}. ${'The commission met and decided. '.repeat(8)}` }));
  fs.writeFileSync(file, lines.join('\n'));
}

describe('two writers', () => {
  it('a CLI import and the service creating spans at the same time both succeed', async () => {
    const dir = tempDir();
    const file = path.join(dir, 'p.sqlite');
    const host = await ServiceHost.start({ workerScript, projectPath: file, createIfMissing: true, withSample: true, backups: false });
    const acknowledged: number[] = [];
    let busy = 0;
    let during = 0;
    try {
      const batches = [0, 1, 2].map((i) => {
        const batch = path.join(dir, `batch-${i}.jsonl`);
        articles(batch, 4000, `Batch ${i}`);
        return batch;
      });
      const importing = cliAsync(['import', file, ...batches]);
      let done = false;
      void importing.then(() => (done = true));
      let i = 0;
      // Keep writing spans for as long as the import runs (and at least 100).
      while (!done || i < 100) {
        const response = (await host.call('createSpan', { documentId: 1, labelId: (i % 3) + 1, start: i % 500, end: (i % 500) + 3 })) as any;
        if (response.ok) {
          acknowledged.push(response.result.upserted[0].id);
          if (!done) during++;
        }
        else {
          expect(response.error.code).toBe('busy');
          busy++;
        }
        i++;
      }
      const imported = await importing;
      expect(imported.code, imported.stderr).toBe(0);
      expect(imported.stdout).toContain('Imported 12000 documents from 3 files');
      expect(during).toBeGreaterThan(0);
    } finally {
      await host.close();
    }
    const opened = await openProject(file);
    try {
      expect((opened.db.prepare('SELECT count(*) AS n FROM documents').get() as { n: number }).n).toBe(12_001);
      const ids = new Set((opened.db.prepare('SELECT id FROM spans').all() as Array<{ id: number }>).map((r) => r.id));
      for (const id of acknowledged) expect(ids.has(id)).toBe(true);
      expect(ids.size).toBe(acknowledged.length);
      expect(checkProject(opened.db)).toMatchObject({ ok: true });
    } finally {
      opened.db.close();
    }
    console.log(`two writers: ${during} of ${acknowledged.length} spans acknowledged while a 12,000-document CLI import ran, ${busy} busy`);
  });

  it('a writer that waits longer than the busy timeout gets a clear busy error and changes nothing', async () => {
    const dir = tempDir();
    const file = path.join(dir, 'p.sqlite');
    const host = await ServiceHost.start({ workerScript, projectPath: file, createIfMissing: true, withSample: true, backups: false });
    const batch = path.join(dir, 'batch.jsonl');
    articles(batch, 10, 'Late');
    // Another program holds the write lock for longer than the 5 s busy timeout.
    const holder = new Database(file);
    holder.exec('BEGIN IMMEDIATE');
    try {
      const [span, imported] = await Promise.all([host.call('createSpan', { documentId: 1, labelId: 1, start: 0, end: 4 }), cliAsync(['import', file, batch])]);
      expect(span).toMatchObject({ ok: false, error: { code: 'busy' } });
      expect((span as any).error.message).toMatch(/busy: another program is writing to it\. Try again/);
      expect(imported.code).toBe(1);
      expect(imported.stdout).toMatch(/project is busy \(another program is writing to it\): nothing from this file was imported\. Try again/);
    } finally {
      holder.exec('ROLLBACK');
      holder.close();
    }
    // Once the other program lets go, the same calls work.
    expect(await host.call('createSpan', { documentId: 1, labelId: 1, start: 0, end: 4 })).toMatchObject({ ok: true });
    await host.close();
    const opened = await openProject(file);
    expect((opened.db.prepare('SELECT count(*) AS n FROM documents').get() as { n: number }).n).toBe(1);
    expect(checkProject(opened.db)).toMatchObject({ ok: true, spans: 1 });
    opened.db.close();
  }, 30_000);
});
