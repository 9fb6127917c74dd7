import type { KeyLike } from '../terminals/key-shortcuts';

/** Ctrl+Enter or Cmd+Enter: "send this form" in a text area where Enter alone is a new line. */
export function isSubmitChord(event: Pick<KeyLike, 'key' | 'ctrlKey' | 'metaKey' | 'altKey'>): boolean {
  return event.key === 'Enter' && (event.ctrlKey || event.metaKey) && !event.altKey;
}
