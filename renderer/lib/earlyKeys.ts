/**
 * Keys pressed before the app is ready. The page the back end draws is on screen before any of the
 * app's code has loaded; an analyst who starts working then must lose nothing, so shortcut keys are
 * kept from the first moment and handed to the app once its keyboard dispatcher is bound.
 * Typing into a field (the search box) already did its work natively and is not kept.
 */
import { isTextField } from './keyboard';

export interface EarlyKeys {
  /** The keys kept so far, oldest first. */
  readonly keys: readonly KeyboardEvent[];
  /** Stops keeping keys. */
  stop(): void;
}

export function keepEarlyKeys(): EarlyKeys {
  const keys: KeyboardEvent[] = [];
  const keep = (event: KeyboardEvent) => {
    if (!isTextField(event.target)) keys.push(event);
  };
  window.addEventListener('keydown', keep);
  return { keys, stop: () => window.removeEventListener('keydown', keep) };
}

/** Dispatches the kept keys again, to whatever has focus now, for the app's dispatcher to act on. */
export function replayEarlyKeys(keys: readonly KeyboardEvent[]): void {
  for (const key of keys) {
    const target = document.activeElement ?? document.body;
    target.dispatchEvent(
      new KeyboardEvent('keydown', { key: key.key, code: key.code, ctrlKey: key.ctrlKey, metaKey: key.metaKey, shiftKey: key.shiftKey, altKey: key.altKey, bubbles: true, cancelable: true }),
    );
  }
}
