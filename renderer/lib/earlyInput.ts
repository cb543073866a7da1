/**
 * Input given before the app is ready. The page the back end draws is on screen before any of the
 * app's code has loaded, and its buttons look ready; an analyst who starts working then must lose
 * nothing. So from the first moment, shortcut keys and clicks on controls (buttons, the snapping
 * switch) are kept, in the order given, and handed to the app once it has hydrated the page: keys
 * to its keyboard dispatcher, clicks to the same elements (hydration keeps the drawn elements).
 * A kept click does nothing meanwhile: a switch does not flip until the app can store it.
 * A choice made in a drop-down (the sort order) shows natively but is the app's to act on, and
 * hydration would set the control back to the app's value: it is kept and made again.
 * Typing into a field (the search box) already did its work natively and is not kept (hydration
 * takes a bound field's value from the page); clicks elsewhere (selecting text in the article)
 * work natively too.
 */
import { isTextField } from './keyboard';

export type EarlyAction =
  | { kind: 'key'; event: KeyboardEvent }
  | { kind: 'click'; control: HTMLElement }
  | { kind: 'choice'; control: HTMLSelectElement; value: string };

export interface EarlyInput {
  /** What was kept so far, oldest first. */
  readonly actions: readonly EarlyAction[];
  /** Stops keeping input. */
  stop(): void;
}

/** The controls whose clicks are kept: what the app acts on, as opposed to what the browser does alone. */
const CONTROL = 'button, label, input[type="checkbox"], input[type="radio"]';

export function keepEarlyInput(): EarlyInput {
  const actions: EarlyAction[] = [];
  const keepKey = (event: KeyboardEvent) => {
    if (!isTextField(event.target)) actions.push({ kind: 'key', event });
  };
  const keepClick = (event: MouseEvent) => {
    // A field (even inside a label) takes its click natively, as it takes typing.
    if (isTextField(event.target)) return;
    const control = event.target instanceof Element ? event.target.closest<HTMLElement>(CONTROL) : null;
    if (!control) return;
    event.preventDefault();
    event.stopPropagation();
    actions.push({ kind: 'click', control });
  };
  const keepChoice = (event: Event) => {
    if (event.target instanceof HTMLSelectElement) actions.push({ kind: 'choice', control: event.target, value: event.target.value });
  };
  window.addEventListener('keydown', keepKey);
  // Capturing, so the click is held before any target sees it (a label would flip its checkbox).
  window.addEventListener('click', keepClick, true);
  window.addEventListener('change', keepChoice, true);
  return {
    actions,
    stop: () => {
      window.removeEventListener('keydown', keepKey);
      window.removeEventListener('click', keepClick, true);
      window.removeEventListener('change', keepChoice, true);
    },
  };
}

/**
 * Gives the kept input to the app, in order: each key dispatched again to whatever has focus now,
 * each click made again on its control and each choice made again in its drop-down, if the
 * control is still on the page.
 */
export function replayEarlyInput(actions: readonly EarlyAction[]): void {
  for (const action of actions) {
    switch (action.kind) {
      case 'click':
        if (action.control.isConnected) action.control.click();
        break;
      case 'choice':
        if (!action.control.isConnected) break;
        action.control.value = action.value;
        action.control.dispatchEvent(new Event('change', { bubbles: true }));
        break;
      case 'key': {
        const { key, code, ctrlKey, metaKey, shiftKey, altKey } = action.event;
        (document.activeElement ?? document.body).dispatchEvent(
          new KeyboardEvent('keydown', { key, code, ctrlKey, metaKey, shiftKey, altKey, bubbles: true, cancelable: true }),
        );
        break;
      }
    }
  }
}
