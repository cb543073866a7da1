import fs from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { ProjectStartError, ServiceHost } from '../../services/serviceHost';
import { tempDir } from './helpers';
import { requireBuild, workerScript } from './built';

beforeAll(requireBuild);

describe('ServiceHost (services in a worker thread)', () => {
  it('opens a project in the worker and answers calls in order', async () => {
    const file = path.join(tempDir(), 'p.sqlite');
    const host = await ServiceHost.start({ workerScript, projectPath: file, createIfMissing: true, withSample: true });
    try {
      const docs = await host.call('listDocuments', {});
      expect(docs).toMatchObject({ ok: true, result: { total: 1 } });
      // Many calls in flight at once come back matched to their callers.
      const results = await Promise.all(
        Array.from({ length: 50 }, (_, i) => host.call('createSpan', { documentId: 1, labelId: (i % 3) + 1, start: i, end: i + 1 })),
      );
      results.forEach((r, i) => expect(r.ok && (r.result as any).upserted[0].start).toBe(i));
      const spans = await host.call('listSpans', { documentId: 1 });
      expect(spans.ok && (spans.result as unknown[]).length).toBe(50);
    } finally {
      await host.close();
    }
  });

  it('refuses invalid input at the host boundary before it reaches the worker', async () => {
    const host = await ServiceHost.start({ workerScript, projectPath: path.join(tempDir(), 'p.sqlite'), createIfMissing: true });
    try {
      expect(await host.call('createSpan', { documentId: 1, labelId: 1, start: 3, end: 1 })).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
      expect(await host.call('rm -rf', {})).toMatchObject({ ok: false, error: { code: 'unknown_method' } });
    } finally {
      await host.close();
    }
    expect(await host.call('listLabels', {})).toMatchObject({ ok: false, error: { code: 'internal' } });
  });

  it('keeps the field a refusal names, from the worker and from its own check', async () => {
    const host = await ServiceHost.start({ workerScript, projectPath: path.join(tempDir(), 'p.sqlite'), createIfMissing: true, withSample: true });
    try {
      expect(await host.call('createLabel', { name: 'Agency', color: '#112233' })).toEqual({
        ok: false,
        error: { code: 'conflict', message: 'A label named Agency already exists.', field: 'name' },
      });
      expect(await host.call('updateLabel', { id: 2, hotkey: '1' })).toEqual({ ok: false, error: { code: 'conflict', message: 'Hotkey 1 is already used by Agency.', field: 'hotkey' } });
      expect(await host.call('createLabel', { name: 'Location', color: 'blue' })).toMatchObject({ ok: false, error: { code: 'invalid_input', field: 'color' } });
    } finally {
      await host.close();
    }
  });

  it('reports a file that is not a project as a start error naming it', async () => {
    const file = path.join(tempDir(), 'notes.sqlite');
    fs.writeFileSync(file, 'not a database'.repeat(20));
    await expect(ServiceHost.start({ workerScript, projectPath: file })).rejects.toThrow(ProjectStartError);
    await expect(ServiceHost.start({ workerScript, projectPath: file })).rejects.toThrow(/notes\.sqlite is not a Spanbench project/);
  });
});
