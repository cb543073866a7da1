import { describe, expect, it, vi } from 'vitest';
import { createChooseImportHandler, createStageDroppedHandler, dialogRequestFor, type ImportIpcDeps, type Stager } from './importIpc';
import { FORBIDDEN_RESPONSE } from './ipcCall';
import type { FrameLike, IpcEventLike } from './security';

const mainFrame: FrameLike = { url: 'app://spanbench/index.html', parent: null, processId: 3, routingId: 1 };

function event(id: number, senderFrame: FrameLike | null = mainFrame): IpcEventLike {
  return { sender: { id, mainFrame }, senderFrame };
}

function setup(options: { paths?: string[]; canceled?: boolean; existing?: string[] } = {}) {
  const staged: string[][] = [];
  const stager: Stager = {
    stageFiles: vi.fn((paths: readonly string[]) => {
      staged.push([...paths]);
      return paths.map((_, i) => `id-${staged.length}-${i}-abcdef`);
    }),
  };
  const existing = new Set(options.existing ?? []);
  const deps = {
    stagerFor: (id: number) => (id === 1 ? stager : undefined),
    showOpenDialog: vi.fn(async () => ({ canceled: options.canceled ?? false, filePaths: options.paths ?? [] })),
    exists: (file: string) => existing.has(file),
    log: vi.fn(),
  } satisfies ImportIpcDeps;
  return { deps, stager, staged };
}

describe('chooseImportFiles handler', () => {
  it('shows the dialog for the sender window, stages what was chosen and returns only ids', async () => {
    const { deps, staged } = setup({ paths: ['/home/a/news.jsonl', '/home/a/more.csv'] });
    const handler = createChooseImportHandler(deps);
    const response = await handler(event(1), 'files');
    expect(response).toEqual({ ok: true, result: ['id-1-0-abcdef', 'id-1-1-abcdef'] });
    expect(staged).toEqual([['/home/a/news.jsonl', '/home/a/more.csv']]);
    expect(deps.showOpenDialog).toHaveBeenCalledWith(1, expect.objectContaining({ properties: ['openFile', 'multiSelections'] }));
    expect(JSON.stringify(response)).not.toContain('/home/a');
  });

  it('asks for a folder with openDirectory', async () => {
    const { deps } = setup({ paths: ['/corpus'] });
    await createChooseImportHandler(deps)(event(1), 'folder');
    expect(deps.showOpenDialog).toHaveBeenCalledWith(1, dialogRequestFor('folder'));
    expect(dialogRequestFor('folder').properties).toEqual(['openDirectory']);
  });

  it('returns no ids when the analyst cancels', async () => {
    const { deps, stager } = setup({ canceled: true, paths: ['/x.txt'] });
    expect(await createChooseImportHandler(deps)(event(1), 'files')).toEqual({ ok: true, result: [] });
    expect(stager.stageFiles).not.toHaveBeenCalled();
  });

  it('refuses strangers and sub-frames without showing a dialog, and refuses unknown kinds', async () => {
    const { deps } = setup({ paths: ['/x.txt'] });
    const handler = createChooseImportHandler(deps);
    expect(await handler(event(2), 'files')).toEqual(FORBIDDEN_RESPONSE);
    const child: FrameLike = { ...mainFrame, parent: mainFrame, routingId: 5 };
    expect(await handler(event(1, child), 'files')).toEqual(FORBIDDEN_RESPONSE);
    expect(await handler(event(1, { ...mainFrame, url: 'https://evil.example/' }), 'files')).toEqual(FORBIDDEN_RESPONSE);
    expect(await handler(event(1, null), 'files')).toEqual(FORBIDDEN_RESPONSE);
    expect(await handler(event(1), '/etc/passwd')).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    expect(deps.showOpenDialog).not.toHaveBeenCalled();
  });
});

describe('stageDroppedFiles handler', () => {
  it('stages existing dropped paths and returns ids', async () => {
    const { deps, staged } = setup({ existing: ['/home/a/folder', '/home/a/b.txt'] });
    const response = await createStageDroppedHandler(deps)(event(1), ['/home/a/folder', '/home/a/b.txt']);
    expect(response).toEqual({ ok: true, result: ['id-1-0-abcdef', 'id-1-1-abcdef'] });
    expect(staged).toEqual([['/home/a/folder', '/home/a/b.txt']]);
  });

  it('refuses paths that do not exist, files without a path and malformed input, staging nothing', async () => {
    const { deps, stager } = setup({ existing: ['/ok.txt'] });
    const handler = createStageDroppedHandler(deps);
    expect(await handler(event(1), ['/ok.txt', '/gone.txt'])).toMatchObject({ ok: false, error: { code: 'not_found', message: expect.stringContaining('/gone.txt') } });
    expect(await handler(event(1), ['/ok.txt', ''])).toMatchObject({ ok: false, error: { code: 'invalid_input', message: expect.stringContaining('from this computer') } });
    expect(await handler(event(1), '/ok.txt')).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    expect(await handler(event(1), [])).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    expect(await handler(event(1), [42])).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    expect(await handler(event(1), ['/ok.txt\0/etc/passwd'])).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    expect(stager.stageFiles).not.toHaveBeenCalled();
  });

  it('refuses a sender that is not one of our windows showing app://spanbench', async () => {
    const { deps, stager } = setup({ existing: ['/ok.txt'] });
    const handler = createStageDroppedHandler(deps);
    expect(await handler(event(7), ['/ok.txt'])).toEqual(FORBIDDEN_RESPONSE);
    expect(await handler(event(1, { ...mainFrame, url: 'file:///tmp/x.html' }), ['/ok.txt'])).toEqual(FORBIDDEN_RESPONSE);
    expect(stager.stageFiles).not.toHaveBeenCalled();
    expect(deps.log).toHaveBeenCalled();
  });
});
