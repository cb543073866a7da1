/**
 * Which span a click selects. Spans nest, and where several cover the clicked letter the
 * innermost is on top; an outer span's own edge may be out of reach (spans over the very same
 * words, or an edge that falls beside the next line). So a click on the span already selected
 * moves out to the span around it, and from the outermost back in: every span under a point can
 * be reached with the mouse, however deep.
 *
 * `stack` is the spans under the click, innermost first, each once.
 */
export function spanToSelect(stack: readonly number[], selectedId: number | null): number | null {
  if (stack.length === 0) return null;
  const at = selectedId === null ? -1 : stack.indexOf(selectedId);
  return stack[(at + 1) % stack.length]!;
}

/**
 * Which span a click makes a pending link's target. Not spanToSelect's rule: while the app waits
 * for the target the selected span is only where Tab stopped, and a click on it means that span,
 * not the one around it. So the innermost span under the click, passing over the link's start
 * (a span is not linked to itself); a click on the target already chosen moves out to the span
 * around it, and from the outermost back in, so every span under a point can be the target.
 * A click on the start alone answers the start (the caller says why it cannot be the target); on no span, null.
 */
export function linkTargetToPick(stack: readonly number[], link: { fromId: number; toId: number | null }): number | null {
  const candidates = stack.filter((id) => id !== link.fromId);
  if (candidates.length === 0) return stack.length > 0 ? link.fromId : null;
  const at = link.toId === null ? -1 : candidates.indexOf(link.toId);
  return candidates[(at + 1) % candidates.length]!;
}

/** The span ids of the marks around `target`, innermost first, each once (a cut span has several marks). */
export function spanStackAt(target: Element | null): number[] {
  const stack: number[] = [];
  for (let mark = target?.closest<HTMLElement>('[data-span-id]') ?? null; mark; mark = mark.parentElement?.closest<HTMLElement>('[data-span-id]') ?? null) {
    const id = Number(mark.dataset['spanId']);
    if (!stack.includes(id)) stack.push(id);
  }
  return stack;
}
