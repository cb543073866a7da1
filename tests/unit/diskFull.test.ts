/**
 * A full disk: importing a file that cannot fit gives a clear "disk is full" error (exit 1
 * from the CLI), and the project stays exactly as it was: same documents, intact, still opens.
 * Needs root to mount a small tmpfs; skips with a printed reason otherwise.
 */
import fs from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { openProject } from '../../db/open';
import { checkProject } from '../../services/projectCheck';
import { ServiceHost } from '../../services/serviceHost';
import { requireBuild, workerScript } from './built';
import { tempDir } from './helpers';
import { smallDisk, whyNoMounts } from './mounts';
import { cli } from './running';

beforeAll(requireBuild);

describe('full disk', () => {
  it('an import that cannot fit fails with "disk is full" and leaves the project as it was', async (context) => {
    const why = whyNoMounts();
    if (why) {
      console.log(`skipped full-disk test: ${why}`);
      context.skip();
    }
    const disk = smallDisk('2m');
    try {
      const file = path.join(disk.dir, 'p.sqlite');
      expect(cli(['init', file, '--sample'])).toMatchObject({ code: 0 });
      const small = path.join(tempDir(), 'small.jsonl');
      fs.writeFileSync(small, '{"text": "A first article that fits."}\n{"text": "And a second one."}\n');
      expect(cli(['import', file, small]).code).toBe(0);

      // ~6 MB of articles for a 2 MB disk.
      const big = path.join(tempDir(), 'big.jsonl');
      const lines: string[] = [];
      for (let i = 0; i < 6000; i++) lines.push(JSON.stringify({ title: `Big ${i}`, text: `Article ${i}. ${'The commission met and decided on the plan. '.repeat(22)}` }));
      fs.writeFileSync(big, lines.join('\n'));

      const result = cli(['import', file, big]);
      expect(result.code).toBe(1);
      expect(result.stdout + result.stderr).toMatch(/disk is full/i);
      expect(result.stdout).toMatch(/nothing from this file was imported/);
      expect(result.stderr).not.toMatch(/\n\s+at .+:\d+:\d+/);

      // The same through the app's path: a worker-thread import job.
      const host = await ServiceHost.start({ workerScript, projectPath: file, backups: false });
      try {
        const [sourceId] = host.stageFiles([big]);
        const job = (await host.call('startImport', { sourceIds: [sourceId] })) as { ok: true; result: { id: string } };
        let state: any;
        for (let i = 0; i < 600; i++) {
          state = ((await host.call('getJob', { jobId: job.result.id })) as { result: any }).result;
          if (state.state !== 'running') break;
          await new Promise((resolve) => setTimeout(resolve, 50));
        }
        expect(state.state).toBe('done');
        expect(state.summary.files[0]).toMatchObject({ refused: true, diskFull: true });
        expect(state.summary.files[0].problems[0].reason).toMatch(/disk is full/i);
        expect(await host.call('getStats', {})).toMatchObject({ ok: true, result: { documents: 3 } });

        // Every last byte taken: a span either still fits in the journal's free space or is refused clearly.
        const filler = path.join(disk.dir, 'filler');
        const fd = fs.openSync(filler, 'w');
        const block = Buffer.alloc(64 * 1024, 1);
        try {
          for (;;) fs.writeSync(fd, block);
        } catch (error) {
          expect((error as NodeJS.ErrnoException).code).toBe('ENOSPC');
        } finally {
          fs.closeSync(fd);
        }
        const span = await host.call('createSpan', { documentId: 1, labelId: 1, start: 0, end: 5 });
        if (!span.ok) expect(span.error.message).toMatch(/disk is full/);
        fs.rmSync(filler);
        expect(await host.call('createSpan', { documentId: 1, labelId: 2, start: 6, end: 9 })).toMatchObject({ ok: true });
      } finally {
        await host.close();
      }

      const opened = await openProject(file);
      try {
        expect((opened.db.prepare('SELECT count(*) AS n FROM documents').get() as { n: number }).n).toBe(3);
        expect(checkProject(opened.db)).toMatchObject({ ok: true });
      } finally {
        opened.db.close();
      }
      const stats = cli(['stats', file]);
      expect(stats.code).toBe(0);
      expect(stats.stdout).toContain('Documents: 3');
    } finally {
      disk.unmount();
    }
  });
});

