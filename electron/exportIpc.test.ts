import path from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { annotationFormats } from '../contract/api';
import { FORMATS } from '../core/formats/registry';
import { createChooseExportHandler, exportDialogRequest, safeSuggestedName, type ExportIpcDeps } from './exportIpc';
import type { Stager } from './importIpc';
import { FORBIDDEN_RESPONSE } from './ipcCall';
import type { FrameLike, IpcEventLike } from './security';

const mainFrame: FrameLike = { url: 'app://spanbench/index.html', parent: null, processId: 3, routingId: 1 };

function event(id: number, senderFrame: FrameLike | null = mainFrame): IpcEventLike {
  return { sender: { id, mainFrame }, senderFrame };
}

function setup(options: { filePath?: string; folder?: string; canceled?: boolean; windowClosesDuringDialog?: boolean } = {}) {
  const staged: string[][] = [];
  const stager: Stager = {
    stageFiles: vi.fn((paths: readonly string[]) => {
      staged.push([...paths]);
      return paths.map((_, i) => `dest-${staged.length}-${i}-abcdef`);
    }),
  };
  let open = true;
  const deps = {
    stagerFor: (id: number) => (id === 1 && open ? stager : undefined),
    showSaveDialog: vi.fn(async () => {
      if (options.windowClosesDuringDialog) open = false;
      return { canceled: options.canceled ?? false, filePath: options.filePath };
    }),
    showOpenDialog: vi.fn(async () => {
      if (options.windowClosesDuringDialog) open = false;
      return { canceled: options.canceled ?? false, filePaths: options.folder ? [options.folder] : [] };
    }),
    defaultFolder: () => '/home/a/Documents',
    join: (folder: string, name: string) => path.posix.join(folder, name),
    log: vi.fn(),
  } satisfies ExportIpcDeps;
  return { deps, stager, staged };
}

describe('chooseExportDestination handler', () => {
  it('shows a save dialog for one-file formats, stages the chosen file and returns only its id', async () => {
    const { deps, staged } = setup({ filePath: '/home/a/out/news.jsonl' });
    const response = await createChooseExportHandler(deps)(event(1), 'spanbench', 'news-spanbench');
    expect(response).toEqual({ ok: true, result: 'dest-1-0-abcdef' });
    expect(staged).toEqual([['/home/a/out/news.jsonl']]);
    expect(deps.showSaveDialog).toHaveBeenCalledWith(
      1,
      expect.objectContaining({ defaultPath: '/home/a/Documents/news-spanbench.jsonl', properties: expect.arrayContaining(['showOverwriteConfirmation']) }),
    );
    expect(deps.showOpenDialog).not.toHaveBeenCalled();
    expect(JSON.stringify(response)).not.toContain('/home/a');
  });

  it('asks for a folder (which it may create) for folder formats', async () => {
    const { deps, staged } = setup({ folder: '/home/a/brat-out' });
    const response = await createChooseExportHandler(deps)(event(1), 'brat', 'news-brat');
    expect(response).toEqual({ ok: true, result: 'dest-1-0-abcdef' });
    expect(staged).toEqual([['/home/a/brat-out']]);
    expect(deps.showOpenDialog).toHaveBeenCalledWith(1, expect.objectContaining({ properties: ['openDirectory', 'createDirectory'] }));
    expect(deps.showSaveDialog).not.toHaveBeenCalled();
  });

  it('uses the dialog each format needs: every folder format gets a folder chooser', () => {
    for (const format of annotationFormats) {
      const dialog = exportDialogRequest(format, 'x', '/d', path.posix.join);
      expect(dialog.kind).toBe(FORMATS[format].output);
      if (dialog.kind === 'file') expect(dialog.request.defaultPath).toBe(`/d/x${FORMATS[format].extension}`);
    }
    // An extension the analyst already typed is not doubled.
    expect(exportDialogRequest('conll', 'train.conll', '/d', path.posix.join)).toMatchObject({ request: { defaultPath: '/d/train.conll' } });
  });

  it('returns null when the analyst cancels, staging nothing', async () => {
    for (const format of ['doccano', 'w3c'] as const) {
      const { deps, stager } = setup({ canceled: true, filePath: '/x.jsonl', folder: '/x' });
      expect(await createChooseExportHandler(deps)(event(1), format, 'x')).toEqual({ ok: true, result: null });
      expect(stager.stageFiles).not.toHaveBeenCalled();
    }
  });

  it('refuses strangers, sub-frames and other origins without showing a dialog', async () => {
    const { deps, stager } = setup({ filePath: '/x.jsonl' });
    const handler = createChooseExportHandler(deps);
    expect(await handler(event(2), 'spanbench', 'x')).toEqual(FORBIDDEN_RESPONSE);
    expect(await handler(event(1, { ...mainFrame, parent: mainFrame, routingId: 5 }), 'spanbench', 'x')).toEqual(FORBIDDEN_RESPONSE);
    expect(await handler(event(1, { ...mainFrame, url: 'https://evil.example/' }), 'spanbench', 'x')).toEqual(FORBIDDEN_RESPONSE);
    expect(await handler(event(1, null), 'spanbench', 'x')).toEqual(FORBIDDEN_RESPONSE);
    expect(deps.showSaveDialog).not.toHaveBeenCalled();
    expect(stager.stageFiles).not.toHaveBeenCalled();
    expect(deps.log).toHaveBeenCalled();
  });

  it('refuses unknown formats and malformed names', async () => {
    const { deps } = setup({ filePath: '/x.jsonl' });
    const handler = createChooseExportHandler(deps);
    expect(await handler(event(1), 'exe', 'x')).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    expect(await handler(event(1), 'spanbench', 42)).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    expect(await handler(event(1), 'spanbench', 'x'.repeat(5000))).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    expect(deps.showSaveDialog).not.toHaveBeenCalled();
  });

  it('stages nothing when the window closed while the dialog was open', async () => {
    const { deps, stager } = setup({ filePath: '/x.jsonl', windowClosesDuringDialog: true });
    expect(await createChooseExportHandler(deps)(event(1), 'spanbench', 'x')).toEqual(FORBIDDEN_RESPONSE);
    expect(stager.stageFiles).not.toHaveBeenCalled();
  });
});

describe('safeSuggestedName', () => {
  it('keeps a plain name and strips folders, control and bidi characters and leading dots', () => {
    expect(safeSuggestedName('news-conll', 'f')).toBe('news-conll');
    expect(safeSuggestedName('../../etc/passwd', 'f')).toBe('-..-etc-passwd');
    expect(safeSuggestedName('a\u202Egnp.exe', 'f')).toBe('agnp.exe');
    expect(safeSuggestedName('...hidden', 'f')).toBe('hidden');
    expect(safeSuggestedName('\u0000\u0001', 'fallback')).toBe('fallback');
    expect(safeSuggestedName('x'.repeat(400), 'f')).toHaveLength(200);
  });
});
