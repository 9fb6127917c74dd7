import { create } from 'zustand';
import type { TerminalInfo } from '../../../src-shared/terminals/terminals-contract';
import type { LineTarget } from './line-locator';

export type TerminalLayout = 'tabs' | 'grid';

/** A search hit to show in its pane: the pane scrolls to it once it is visible. */
export interface RevealRequest {
  nonce: number;
  terminalId: string;
  target: LineTarget;
}

export interface FocusRequest {
  terminalId: string;
  nonce: number;
}

export interface RevealOutcome {
  nonce: number;
  /** False when the pane no longer holds the line. */
  found: boolean;
}

/** What the terminal views render; the xterms themselves live in TerminalSession objects. */
export interface TerminalsView {
  /** False until the first list arrived: "no terminals" and "not known yet" differ. */
  ready: boolean;
  /** In creation order. */
  terminals: TerminalInfo[];
  activeId: string | undefined;
  layout: TerminalLayout;
  /** Moves keyboard focus into a pane (a tab click, a new terminal); a new nonce asks again. */
  focusRequest: FocusRequest | undefined;
  searchOpen: boolean;
  /** Bumped when the search shortcut is pressed while the panel is already open. */
  searchFocusRequest: number;
  /** The pane whose find bar is open. */
  findOpenId: string | undefined;
  reveal: RevealRequest | undefined;
  revealOutcome: RevealOutcome | undefined;
  /** The last failed terminal action, for the user to read. */
  error: string | undefined;
}

const LAYOUT_KEY = 'orrery.terminals.layout';

export const useTerminalStore = create<TerminalsView>(() => ({
  ready: false,
  terminals: [],
  activeId: undefined,
  layout: savedLayout(),
  focusRequest: undefined,
  searchOpen: false,
  searchFocusRequest: 0,
  findOpenId: undefined,
  reveal: undefined,
  revealOutcome: undefined,
  error: undefined,
}));

let nextRevealNonce = 1;
let nextFocusNonce = 1;

/** The host's full list, after (re)connecting. The active terminal survives if it still exists. */
export function loadTerminals(terminals: TerminalInfo[]): void {
  useTerminalStore.setState((state) => ({
    ready: true,
    terminals,
    activeId: terminals.some((t) => t.id === state.activeId) ? state.activeId : terminals.at(-1)?.id,
  }));
}

export function upsertTerminal(terminal: TerminalInfo): void {
  useTerminalStore.setState((state) => {
    const index = state.terminals.findIndex((t) => t.id === terminal.id);
    const terminals = index < 0 ? [...state.terminals, terminal] : state.terminals.with(index, terminal);
    return { terminals, activeId: state.activeId ?? terminal.id };
  });
}

export function removeTerminal(id: string): void {
  useTerminalStore.setState((state) => {
    const index = state.terminals.findIndex((t) => t.id === id);
    if (index < 0) return {};
    const terminals = state.terminals.filter((t) => t.id !== id);
    // The neighbour that slides into the closed tab's place takes over, as browsers do.
    const activeId = state.activeId === id ? (terminals[Math.min(index, terminals.length - 1)]?.id ?? undefined) : state.activeId;
    return { terminals, activeId, findOpenId: state.findOpenId === id ? undefined : state.findOpenId };
  });
}

export function activateTerminal(id: string, options: { focus?: boolean } = {}): void {
  useTerminalStore.setState((state) => {
    if (state.activeId === id && !options.focus) return {};
    return { activeId: id, focusRequest: options.focus ? { terminalId: id, nonce: nextFocusNonce++ } : state.focusRequest };
  });
}

export function setTerminalLayout(layout: TerminalLayout): void {
  try {
    localStorage.setItem(LAYOUT_KEY, layout);
  } catch {
    // Storage can be unavailable (private windows, quotas); the layout then lasts for this page.
  }
  useTerminalStore.setState({ layout });
}

/** Opens the global search, or asks the open panel to take focus again. */
export function openSearch(): void {
  useTerminalStore.setState((state) => (state.searchOpen ? { searchFocusRequest: state.searchFocusRequest + 1 } : { searchOpen: true }));
}

/** Closes the global search; the keyboard goes back to the active terminal. */
export function closeSearch(): void {
  useTerminalStore.setState((state) => ({
    searchOpen: false,
    focusRequest: state.activeId === undefined ? state.focusRequest : { terminalId: state.activeId, nonce: nextFocusNonce++ },
  }));
}

export function openFind(id: string): void {
  useTerminalStore.setState({ findOpenId: id, activeId: id });
}

export function closeFind(): void {
  useTerminalStore.setState({ findOpenId: undefined });
}

/** Activates the hit's terminal and asks its pane to scroll to the line; returns the request's nonce. */
export function requestReveal(terminalId: string, target: LineTarget): number {
  const nonce = nextRevealNonce++;
  useTerminalStore.setState({ activeId: terminalId, reveal: { nonce, terminalId, target } });
  return nonce;
}

export function finishReveal(nonce: number, found: boolean): void {
  useTerminalStore.setState((state) => (state.reveal?.nonce === nonce ? { reveal: undefined, revealOutcome: { nonce, found } } : {}));
}

export function reportTerminalError(error: unknown): void {
  useTerminalStore.setState({ error: error instanceof Error ? error.message : String(error) });
}

export function clearTerminalError(): void {
  useTerminalStore.setState({ error: undefined });
}

function savedLayout(): TerminalLayout {
  try {
    return localStorage.getItem(LAYOUT_KEY) === 'grid' ? 'grid' : 'tabs';
  } catch {
    return 'tabs';
  }
}
