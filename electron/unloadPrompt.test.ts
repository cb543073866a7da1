import { describe, expect, it, vi } from 'vitest';
import { attachUnloadPrompt, LEAVE_BUTTON, unloadPromptOptions } from './unloadPrompt';

function fakeWindow() {
  let listener: ((event: { preventDefault(): void }) => void) | null = null;
  const window = { webContents: { on: (_name: 'will-prevent-unload', fn: (event: { preventDefault(): void }) => void) => (listener = fn) } };
  const unload = () => {
    const event = { preventDefault: vi.fn() };
    listener!(event);
    return event.preventDefault.mock.calls.length > 0;
  };
  return { window, unload };
}

describe('the prompt when a window is closed while changes are saving', () => {
  it('lets the page go when the analyst chooses Leave, and keeps it on Stay', () => {
    const { window, unload } = fakeWindow();
    let answer = LEAVE_BUTTON;
    const ask = vi.fn(() => answer);
    attachUnloadPrompt(window, ask);
    expect(unload()).toBe(true);
    expect(ask).toHaveBeenCalledWith(window, unloadPromptOptions);
    answer = 1;
    expect(unload()).toBe(false);
  });

  it('says what is happening, and Stay is the default and the cancel answer', () => {
    expect(unloadPromptOptions.message).toMatch(/still saving/);
    expect(unloadPromptOptions.buttons?.[LEAVE_BUTTON]).toBe('Leave');
    expect(unloadPromptOptions.defaultId).not.toBe(LEAVE_BUTTON);
    expect(unloadPromptOptions.cancelId).not.toBe(LEAVE_BUTTON);
  });
});
