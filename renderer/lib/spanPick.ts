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

/** The span ids of the marks around `target`, innermost first, each once (a cut span has several marks). */
export function spanStackAt(target: Element | null): number[] {
  const stack: number[] = [];
  for (let mark = target?.closest<HTMLElement>('[data-span-id]') ?? null; mark; mark = mark.parentElement?.closest<HTMLElement>('[data-span-id]') ?? null) {
    const id = Number(mark.dataset['spanId']);
    if (!stack.includes(id)) stack.push(id);
  }
  return stack;
}
