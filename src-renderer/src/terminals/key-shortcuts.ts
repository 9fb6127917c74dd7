/** The fields of a KeyboardEvent the shortcuts look at; a plain object in tests. */
export interface KeyLike {
  readonly key: string;
  readonly ctrlKey: boolean;
  readonly metaKey: boolean;
  readonly altKey: boolean;
  readonly shiftKey: boolean;
}

export type TerminalShortcut = 'global-search' | 'pane-find';

/** Cmd on macOS, Ctrl elsewhere, as every desktop app does. */
export function isMacPlatform(platform: string): boolean {
  return /^mac|iphone|ipad/i.test(platform);
}

/**
 * The app's own keys that must reach the app even while an xterm has focus (xterm would
 * otherwise turn them into control characters for the shell): Ctrl/Cmd+Shift+F opens the
 * global search, Ctrl/Cmd+F the find bar of the focused pane.
 */
export function terminalShortcut(event: KeyLike, mac: boolean): TerminalShortcut | undefined {
  const primary = mac ? event.metaKey && !event.ctrlKey : event.ctrlKey && !event.metaKey;
  if (!primary || event.altKey || event.key.toLowerCase() !== 'f') return undefined;
  return event.shiftKey ? 'global-search' : 'pane-find';
}
