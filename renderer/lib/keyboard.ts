/**
 * The one window-level keyboard handler. Components never listen for keys
 * themselves; they bind here and unbind only their own bindings.
 */

export interface KeyBinding {
  /** `event.key` lower-cased for printable keys ('z', '1'), else as is ('Delete', 'Tab', 'Escape'). */
  key: string;
  /** Cmd on macOS, Ctrl elsewhere. */
  mod?: boolean;
  alt?: boolean;
  /** Ignored for symbol keys ('?'), whose shift state depends on the layout. */
  shift?: boolean;
  /** Repeats (key held down) run again only if set; most actions must not double. */
  repeat?: boolean;
  /** Run even when focus is in a text field (only Escape-like keys should). */
  inTextField?: boolean;
  /** Only when this returns true; otherwise the key passes through untouched. */
  when?: (event: KeyboardEvent) => boolean;
  run: (event: KeyboardEvent) => void;
}

export function detectMac(platform?: string): boolean {
  if (platform) return platform === 'darwin';
  if (typeof navigator === 'undefined') return false;
  const nav = navigator as Navigator & { userAgentData?: { platform?: string } };
  return /mac/i.test(nav.userAgentData?.platform ?? navigator.platform ?? '');
}

export function isTextField(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  if (target.isContentEditable) return true;
  if (target instanceof HTMLTextAreaElement || target instanceof HTMLSelectElement) return true;
  if (target instanceof HTMLInputElement) {
    return !['button', 'checkbox', 'radio', 'submit', 'reset', 'range', 'color', 'file'].includes(target.type);
  }
  return false;
}

/** Printable keys compare lower-cased; on non-Latin layouts fall back to the physical key (KeyZ -> z, Digit1 -> 1). */
function keyNames(event: KeyboardEvent): string[] {
  const names = [event.key.length === 1 ? event.key.toLowerCase() : event.key];
  const code = /^(?:Key([A-Z])|Digit([0-9])|Numpad([0-9]))$/.exec(event.code);
  if (code) names.push((code[1] ?? code[2] ?? code[3]!).toLowerCase());
  return names;
}

export class KeyboardDispatcher {
  readonly isMac: boolean;
  #bindings: KeyBinding[] = [];
  #detach: (() => void) | null = null;
  /** While true (a modal dialog is open) only Escape bindings run. */
  suspended: () => boolean = () => false;

  constructor(isMac: boolean) {
    this.isMac = isMac;
  }

  /** Starts listening on `target` (the window); returns the detach function. */
  attach(target: Window): () => void {
    const listener = (event: KeyboardEvent) => this.handle(event);
    target.addEventListener('keydown', listener);
    this.#detach = () => target.removeEventListener('keydown', listener);
    return this.#detach;
  }

  /** Adds bindings; returns a function removing exactly these. */
  bind(...bindings: KeyBinding[]): () => void {
    this.#bindings = [...this.#bindings, ...bindings];
    return () => {
      this.#bindings = this.#bindings.filter((binding) => !bindings.includes(binding));
    };
  }

  /**
   * An Electron accelerator of the desktop menu ('CmdOrCtrl+Alt+S', contract/shell.ts) written as
   * describe() writes a binding, so the list of shortcuts shows the menu's keys the same way.
   */
  describeAccelerator(accelerator: string): string {
    const parts = accelerator.split('+');
    const key = parts.pop() ?? '';
    const has = (...names: string[]) => parts.some((part) => names.includes(part));
    const mod = has('CmdOrCtrl', 'CommandOrControl') || (this.isMac ? has('Cmd', 'Command') : has('Ctrl', 'Control'));
    return this.describe({ key: key.length === 1 ? key.toLowerCase() : key, mod, shift: has('Shift'), alt: has('Alt', 'Option') });
  }

  /** 'Ctrl+Z' or '⌘Z' for tooltips. */
  describe(binding: Pick<KeyBinding, 'key' | 'mod' | 'shift' | 'alt'>): string {
    const key = binding.key.length === 1 ? binding.key.toUpperCase() : binding.key;
    if (this.isMac) return `${binding.alt ? '⌥' : ''}${binding.shift ? '⇧' : ''}${binding.mod ? '⌘' : ''}${key}`;
    return [binding.mod && 'Ctrl', binding.alt && 'Alt', binding.shift && 'Shift', key].filter(Boolean).join('+');
  }

  handle(event: KeyboardEvent): void {
    // IME composition: the keys belong to the input method, not to us.
    if (event.isComposing || event.keyCode === 229 || event.defaultPrevented) return;
    const mod = this.isMac ? event.metaKey : event.ctrlKey;
    // The other platform's modifier (Ctrl on macOS, Meta elsewhere) is never ours.
    const foreign = this.isMac ? event.ctrlKey : event.metaKey;
    if (foreign) return;
    const inTextField = isTextField(event.target);
    const names = keyNames(event);
    for (const name of names) {
      for (const binding of this.#bindings) {
        if (binding.key !== name) continue;
        if (Boolean(binding.mod) !== mod || Boolean(binding.alt) !== event.altKey) continue;
        // Shift matters for letters, digits and named keys; for symbols ('?', '/') it is part of the key itself,
        // and which symbols need it depends on the keyboard layout.
        const symbol = binding.key.length === 1 && !/[\p{L}\p{N}]/u.test(binding.key);
        if (!symbol && Boolean(binding.shift) !== event.shiftKey) continue;
        if (inTextField && !binding.inTextField) continue;
        if (binding.key !== 'Escape' && this.suspended()) continue;
        if (binding.when && !binding.when(event)) continue;
        event.preventDefault();
        if (event.repeat && !binding.repeat) return;
        binding.run(event);
        return;
      }
    }
  }
}

/** What the focus return needs of a document and a dialog (the DOM's own types fit; tests pass stand-ins). */
interface FocusDocument {
  readonly activeElement: Element | null;
  readonly body: HTMLElement | null;
}
interface ClosableDialog {
  readonly open: boolean;
  close(): void;
  contains(node: Node | null): boolean;
}

/**
 * Gives focus back, when a modal dialog goes, to what had it when the dialog opened, as a native
 * <dialog> does when closed. Ours are removed from the page instead (their {#if} ends), which left
 * focus on the body: Tab then went to the toolbar instead of walking spans. Call it while the
 * dialog is set up, before it takes focus; call what it returns as the dialog goes.
 */
export function returnFocusOnClose(doc: FocusDocument = document): (dialog: ClosableDialog | null | undefined) => void {
  const opener = doc.activeElement as (Element & { focus?: (options?: FocusOptions) => void }) | null;
  return (dialog) => {
    // While a modal dialog is open everything else is inert: nothing outside it could take focus.
    if (dialog?.open) dialog.close();
    const now = doc.activeElement;
    // Focus the analyst moved elsewhere meanwhile stays where it is.
    const lost = !now || now === doc.body || !now.isConnected || Boolean(dialog?.contains(now));
    if (lost && opener && opener !== doc.body && opener.isConnected) opener.focus?.({ preventScroll: true });
  };
}

/**
 * Keeps focus inside an open modal dialog whose steps redraw its controls. When the control that
 * had focus went with the last step, focus has fallen to the body, outside the dialog: it goes to
 * `start` (the step's first control, when it has one) or else to the dialog itself, named by its
 * heading. Focus on one of the dialog's own controls is left where it is.
 */
export function keepFocusInside(dialog: HTMLDialogElement | null | undefined, start: () => HTMLElement | null, doc: FocusDocument = document): void {
  if (!dialog?.open) return;
  const active = doc.activeElement;
  // On the dialog itself focus only waits for the step to draw its controls.
  if (active && active !== doc.body && active !== dialog && dialog.contains(active)) return;
  (start() ?? dialog).focus();
}
