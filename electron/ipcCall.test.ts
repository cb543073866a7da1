import { describe, expect, it, vi } from 'vitest';
import type { WireResponse } from '../contract/api';
import { createCallHandler, FORBIDDEN_RESPONSE, type ProjectBackend } from './ipcCall';
import type { FrameLike, IpcEventLike } from './security';

const mainFrame: FrameLike = { url: 'app://spanbench/index.html', parent: null, processId: 3, routingId: 1 };

function backend(response: WireResponse<unknown> = { ok: true, result: 'fine' }): ProjectBackend & { call: ReturnType<typeof vi.fn> } {
  return { projectPath: '/p.sqlite', call: vi.fn(async () => response), close: vi.fn(async () => {}) };
}

function event(id: number, senderFrame: FrameLike | null = mainFrame, main: FrameLike = mainFrame): IpcEventLike {
  return { sender: { id, mainFrame: main }, senderFrame };
}

describe('IPC call handler', () => {
  it('forwards calls from our window to its own project', async () => {
    const a = backend({ ok: true, result: 'from a' });
    const b = backend({ ok: true, result: 'from b' });
    const handler = createCallHandler({ backendFor: (id) => (id === 1 ? a : id === 2 ? b : undefined) });
    expect(await handler(event(2), 'listLabels', {})).toEqual({ ok: true, result: 'from b' });
    expect(b.call).toHaveBeenCalledWith('listLabels', {});
    expect(a.call).not.toHaveBeenCalled();
  });

  it('refuses unknown windows, sub-frames, foreign origins and destroyed frames with forbidden', async () => {
    const a = backend();
    const log = vi.fn();
    const handler = createCallHandler({ backendFor: (id) => (id === 1 ? a : undefined), log });
    const child: FrameLike = { url: 'app://spanbench/x.html', parent: mainFrame, processId: 3, routingId: 2 };
    const foreign: FrameLike = { url: 'https://evil.example/', parent: null, processId: 3, routingId: 1 };
    expect(await handler(event(9), 'listLabels', {})).toEqual(FORBIDDEN_RESPONSE);
    expect(await handler(event(1, child), 'listLabels', {})).toEqual(FORBIDDEN_RESPONSE);
    expect(await handler(event(1, foreign, foreign), 'listLabels', {})).toEqual(FORBIDDEN_RESPONSE);
    expect(await handler(event(1, null), 'listLabels', {})).toEqual(FORBIDDEN_RESPONSE);
    expect(FORBIDDEN_RESPONSE).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(a.call).not.toHaveBeenCalled();
    expect(log).toHaveBeenCalledTimes(4);
  });

  it('never throws, even when the back end does', async () => {
    const broken: ProjectBackend = { projectPath: '/p', call: async () => Promise.reject(new Error('worker died')), close: async () => {} };
    const handler = createCallHandler({ backendFor: () => broken });
    expect(await handler(event(1), 'listLabels', {})).toEqual({ ok: false, error: { code: 'internal', message: 'worker died' } });
    expect(await handler(event(1), 42, {})).toMatchObject({ ok: false, error: { code: 'unknown_method' } });
  });
});
