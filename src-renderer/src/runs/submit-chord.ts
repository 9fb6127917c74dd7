import type { KeyLike } from '../terminals/key-shortcuts';

/** Ctrl+Enter or Cmd+Enter: "send this form" in a text area where Enter alone is a new line. */
export function isSubmitChord(event: Pick<KeyLike, 'key' | 'ctrlKey' | 'metaKey' | 'altKey'>): boolean {
  return event.key === 'Enter' && (event.ctrlKey || event.metaKey) && !event.altKey;
}

interface Preventable {
  preventDefault(): void;
}

/** A form's handlers that both send it: on submit, and on the chord from any field inside it. */
export function submitHandlers(send: () => unknown): { onSubmit(event: Preventable): void; onKeyDown(event: Preventable & Parameters<typeof isSubmitChord>[0]): void } {
  return {
    onSubmit(event) {
      event.preventDefault();
      void send();
    },
    onKeyDown(event) {
      if (!isSubmitChord(event)) return;
      event.preventDefault();
      void send();
    },
  };
}
