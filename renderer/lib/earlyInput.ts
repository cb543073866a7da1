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
 * work natively too. Of the keys pressed in a field only those that never type are kept: Enter
 * (the search box opens its top result) and F6.
 * The search shortcut `/` is acted on at once: it moves focus into the drawn search box, so what is
 * typed next lands there natively, visibly, and through any input method (a replayed keydown never
 * inserts text). The app then adopts the box's value on hydration and runs the search. Keys
 * pressed before that `/` still act where they were pressed: the replay puts focus and the
 * article's selection back there for them, and into the box again after them.
 */
import { isTextField } from './keyboard';

export type EarlyAction =
  | { kind: 'key'; event: KeyboardEvent }
  | { kind: 'search'; field: HTMLInputElement; from: Element | null; selection: Range[] }
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
/** The drawn search box, which the search shortcut focuses (DocumentList.svelte). */
const SEARCH_FIELD = 'input[type="search"]';
/** Keys the app acts on in a text field that never edit its text. */
const NON_TYPING_KEYS = new Set(['Enter', 'F6']);

export function keepEarlyInput(): EarlyInput {
  const actions: EarlyAction[] = [];
  const keepKey = (event: KeyboardEvent) => {
    const plain = !event.ctrlKey && !event.metaKey && !event.altKey;
    if (isTextField(event.target)) {
      if (plain && NON_TYPING_KEYS.has(event.key)) actions.push({ kind: 'key', event });
      return;
    }
    // Shift is not checked: which layouts need it for '/' varies (the dispatcher ignores it for symbols too).
    const field = event.key === '/' && plain && !event.isComposing ? document.querySelector<HTMLInputElement>(SEARCH_FIELD) : null;
    if (field && !field.disabled) {
      const selection = window.getSelection();
      const ranges = selection ? Array.from({ length: selection.rangeCount }, (_, index) => selection.getRangeAt(index).cloneRange()) : [];
      actions.push({ kind: 'search', field, from: event.target instanceof Element ? event.target : null, selection: ranges });
      // Else the browser types the '/' into the box that focus has just moved to.
      event.preventDefault();
      field.focus();
      field.select();
      return;
    }
    actions.push({ kind: 'key', event });
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
 * control is still on the page. If the analyst is still in the search box an early `/` focused,
 * the keys before that `/` act where focus and the selection were then, and focus returns to the
 * box (its caret where the typing left it) for what came after.
 */
export function replayEarlyInput(actions: readonly EarlyAction[]): void {
  const search = actions.find((action) => action.kind === 'search');
  const inSearch = search !== undefined && search.field.isConnected && document.activeElement === search.field;
  if (inSearch && actions.slice(0, actions.indexOf(search)).some((action) => action.kind === 'key')) returnBefore(search);
  for (const action of actions) {
    switch (action.kind) {
      case 'search':
        if (inSearch && action === search) action.field.focus({ preventScroll: true });
        break;
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

/** Focus and the selection as they were when the early `/` moved focus into the search box. */
function returnBefore(search: Extract<EarlyAction, { kind: 'search' }>): void {
  const { from, field, selection } = search;
  if (from instanceof HTMLElement && from !== document.body && from.isConnected) from.focus({ preventScroll: true });
  else field.blur();
  // The drawn nodes survive hydration; a range into nodes it replaced is dropped.
  const ranges = selection.filter((range) => range.startContainer.isConnected && range.endContainer.isConnected);
  if (ranges.length === 0) return;
  const current = window.getSelection();
  current?.removeAllRanges();
  for (const range of ranges) current?.addRange(range);
}
