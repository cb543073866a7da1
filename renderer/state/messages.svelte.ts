/** The transient message area: the last error or notice, cleared after a while. */
export type MessageKind = 'error' | 'info';

export interface Message {
  id: number;
  kind: MessageKind;
  text: string;
}

export class Messages {
  #current = $state.raw<Message | null>(null);
  #timer: ReturnType<typeof setTimeout> | null = null;
  #nextId = 1;

  get current(): Message | null {
    return this.#current;
  }

  info(text: string): void {
    this.#show('info', text, 4000);
  }

  /** Errors stay longer: the analyst must be able to read why something was not saved. */
  error(text: string): void {
    this.#show('error', text, 12000);
  }

  clear(): void {
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = null;
    this.#current = null;
  }

  #show(kind: MessageKind, text: string, ms: number): void {
    if (this.#timer) clearTimeout(this.#timer);
    const message = { id: this.#nextId++, kind, text };
    this.#current = message;
    this.#timer = setTimeout(() => {
      if (this.#current === message) this.#current = null;
    }, ms);
  }
}
