import { whenTestHooksEnabled } from '../state/test-hooks';
import type { TerminalsController } from './terminals-controller';
import { useTerminalStore } from './terminal-store';
import { logicalLines } from './line-locator';

/**
 * A window into the panes for Playwright and the terminal benches (it can type into them),
 * installed only when the host runs with ORRERY_TEST_HOOKS=1.
 */
export interface TerminalsDebugHook {
  /** Terminals shown, in tab order. */
  ids(): string[];
  activeId(): string | undefined;
  /** The pane's buffer as logical lines joined by `\n` (trailing blank lines dropped). */
  bufferText(id: string): string;
  /** The rows currently scrolled into view, joined by `\n`. */
  viewportText(id: string): string;
  selection(id: string): string;
  /** Chars the xterm has finished parsing since the page loaded (replay included). */
  parsedChars(id: string): number;
  renderer(id: string): 'webgl' | 'dom' | undefined;
  /** Input as if typed into the pane (goes to the pty through the same path as keystrokes). */
  type(id: string, data: string): void;
  /** Calls back after each parsed write into the pane; returns the unsubscribe. */
  onParsed(id: string, listener: () => void): () => void;
}

declare global {
  interface Window {
    __orreryTerminals?: TerminalsDebugHook;
  }
}

export function installTerminalsDebugHook(controller: TerminalsController): () => void {
  return whenTestHooksEnabled(() => {
    const terminal = (id: string) => controller.session(id)?.terminal;
    const hook: TerminalsDebugHook = {
      ids: () => useTerminalStore.getState().terminals.map((t) => t.id),
      activeId: () => useTerminalStore.getState().activeId,
      bufferText: (id) => {
        const xterm = terminal(id);
        return xterm ? logicalLines(xterm.buffer.active).map((line) => line.text).join('\n') : '';
      },
      viewportText: (id) => {
        const xterm = terminal(id);
        if (!xterm) return '';
        const buffer = xterm.buffer.active;
        const rows: string[] = [];
        for (let row = buffer.viewportY; row < buffer.viewportY + xterm.rows; row++) rows.push(buffer.getLine(row)?.translateToString(true) ?? '');
        return rows.join('\n');
      },
      selection: (id) => terminal(id)?.getSelection() ?? '',
      parsedChars: (id) => controller.session(id)?.parsedChars ?? 0,
      renderer: (id) => controller.session(id)?.renderer,
      type: (id, data) => terminal(id)?.input(data, true),
      onParsed: (id, listener) => {
        const subscription = terminal(id)?.onWriteParsed(listener);
        return () => subscription?.dispose();
      },
    };
    window.__orreryTerminals = hook;
    return () => {
      if (window.__orreryTerminals === hook) delete window.__orreryTerminals;
    };
  });
}
