/**
 * Incremental line splitting for JSON Lines. Lines end at `\n` or `\r\n`; the terminator
 * is not part of the line. A lone `\r` is left inside the line (JSON treats it as
 * whitespace), so CR-only files count as one line.
 */

export interface SplitLine {
  /** 1-based. */
  line: number;
  text: string;
}

export class LineSplitter {
  /** Pieces of the current, unterminated line; joined once, when it ends, to stay linear. */
  #parts: string[] = [];
  #line = 1;
  #ended = false;

  push(chunk: string): SplitLine[] {
    if (this.#ended) throw new Error('LineSplitter.push after end');
    const out: SplitLine[] = [];
    let from = 0;
    for (;;) {
      const nl = chunk.indexOf('\n', from);
      if (nl < 0) break;
      this.#parts.push(chunk.slice(from, nl));
      out.push({ line: this.#line++, text: stripCr(this.#take()) });
      from = nl + 1;
    }
    if (from < chunk.length) this.#parts.push(from === 0 ? chunk : chunk.slice(from));
    return out;
  }

  /** The last line, if the text did not end with a line break. */
  end(): SplitLine[] {
    if (this.#ended) return [];
    this.#ended = true;
    if (this.#parts.length === 0) return [];
    return [{ line: this.#line, text: stripCr(this.#take()) }];
  }

  #take(): string {
    const text = this.#parts.length === 1 ? this.#parts[0]! : this.#parts.join('');
    this.#parts = [];
    return text;
  }
}

function stripCr(text: string): string {
  return text.endsWith('\r') ? text.slice(0, -1) : text;
}
