import { useEffect, useMemo, useRef, useState } from 'react';
import type { KeyboardEvent } from 'react';
import type { TerminalSearchHit, TerminalSearchInput } from '../../../src-shared/terminals/terminals-contract';
import { useApi } from '../api/api-context';
import { closeSearch, openSearch, requestReveal, useTerminalStore } from '../terminals/terminal-store';
import { isMacPlatform, terminalShortcut } from '../terminals/key-shortcuts';
import { groupHits, hitKey, listedHits, sameTextAfter } from './hit-groups';
import { SearchHitRow } from './search-hit-row';
import { SearchRunner } from './search-runner';
import type { SearchState } from './search-runner';
import './search.css';

const MAC = isMacPlatform(navigator.platform);
const HIT_LIMIT = 200;
const CONTEXT_LINES = 2;

interface SearchOptions {
  regex: boolean;
  caseSensitive: boolean;
  newestFirst: boolean;
  /** Only the active terminal, or all of them. */
  thisTerminal: boolean;
}

/**
 * The global search over every terminal's scrollback (Ctrl/Cmd+Shift+F, or the Search button).
 * Always listens for the shortcut; the panel itself exists only while open.
 */
export function SearchPanel() {
  const open = useTerminalStore((s) => s.searchOpen);

  useEffect(() => {
    // Panes stop xterm from handling this key (see TerminalSession), so it bubbles up to here.
    const onKeyDown = (event: globalThis.KeyboardEvent): void => {
      if (terminalShortcut(event, MAC) !== 'global-search') return;
      event.preventDefault();
      openSearch();
    };
    window.addEventListener('keydown', onKeyDown);
    return () => window.removeEventListener('keydown', onKeyDown);
  }, []);

  return open ? <SearchDrawer /> : null;
}

function SearchDrawer() {
  const api = useApi();
  const input = useRef<HTMLInputElement>(null);
  const activeId = useTerminalStore((s) => s.activeId);
  const terminals = useTerminalStore((s) => s.terminals);
  const focusRequest = useTerminalStore((s) => s.searchFocusRequest);
  const revealOutcome = useTerminalStore((s) => s.revealOutcome);
  const [pattern, setPattern] = useState('');
  const [options, setOptions] = useState<SearchOptions>({ regex: false, caseSensitive: false, newestFirst: false, thisTerminal: false });
  const [state, setState] = useState<SearchState>({ status: 'idle' });
  const [selected, setSelected] = useState(0);
  /** Hits the pane could not show (by hitKey). */
  const [missing, setMissing] = useState<ReadonlySet<string>>(new Set());
  /** The jump in flight, to match its outcome with its hit. */
  const pendingReveal = useRef<{ nonce: number; key: string } | undefined>(undefined);

  const runner = useMemo(() => new SearchRunner({ run: (query, signal) => api.call('terminals.search', query, { signal }), onState: setState }), [api]);
  useEffect(() => () => runner.dispose(), [runner]);

  const scopeId = options.thisTerminal ? activeId : undefined;
  useEffect(() => {
    runner.schedule(pattern === '' ? undefined : searchInput(pattern, options, scopeId));
  }, [runner, pattern, options, scopeId]);

  useEffect(() => {
    input.current?.focus();
    input.current?.select();
  }, [focusRequest]);

  const output = state.status === 'done' ? state.output : state.status === 'searching' ? state.previous : undefined;
  const groups = useMemo(() => groupHits(output?.hits ?? []), [output]);
  const listed = useMemo(() => listedHits(groups), [groups]);

  useEffect(() => {
    setSelected(0);
    setMissing(new Set());
  }, [output]);

  useEffect(() => {
    const pending = pendingReveal.current;
    if (!revealOutcome || !pending || revealOutcome.nonce !== pending.nonce) return;
    pendingReveal.current = undefined;
    if (!revealOutcome.found) setMissing((current) => new Set(current).add(pending.key));
  }, [revealOutcome]);

  const openHit = (hit: TerminalSearchHit): void => {
    if (!output) return;
    const key = hitKey(hit);
    setSelected(Math.max(0, listed.indexOf(hit)));
    // Keep the keyboard in the panel, so the arrow keys go on to the next hit.
    input.current?.focus();
    if (!terminals.some((t) => t.id === hit.terminalId)) {
      setMissing((current) => new Set(current).add(key));
      return;
    }
    // While a newer search runs, the hits on screen belong to an older query whose order is not kept.
    const later = state.status === 'done' ? sameTextAfter(hit, output, state.input.newestFirst ?? false) : undefined;
    const target = { text: hit.text, before: hit.before, after: hit.after, sameTextAfter: later };
    pendingReveal.current = { nonce: requestReveal(hit.terminalId, target), key };
  };

  const onKeyDown = (event: KeyboardEvent<HTMLInputElement>): void => {
    if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
      event.preventDefault();
      const step = event.key === 'ArrowDown' ? 1 : -1;
      setSelected((index) => Math.min(Math.max(0, index + step), Math.max(0, listed.length - 1)));
    } else if (event.key === 'Enter') {
      event.preventDefault();
      const hit = listed[selected];
      if (hit) openHit(hit);
    }
  };

  const toggle = (name: keyof SearchOptions) => (event: { target: HTMLInputElement }) => setOptions((current) => ({ ...current, [name]: event.target.checked }));

  return (
    <aside
      className="search-panel"
      data-testid="search-panel"
      aria-label="Search terminals"
      onKeyDown={(event) => {
        if (event.key !== 'Escape') return;
        event.preventDefault();
        closeSearch();
      }}
    >
      <div className="search-panel-head">
        <input
          ref={input}
          className="search-input"
          data-testid="search-input"
          aria-label="Search all terminal output"
          placeholder="Search terminal output"
          value={pattern}
          spellCheck={false}
          onChange={(event) => setPattern(event.target.value)}
          onKeyDown={onKeyDown}
        />
        <button type="button" className="search-close" data-testid="search-close" aria-label="Close search" title="Close (Escape)" onClick={closeSearch}>
          ×
        </button>
      </div>
      <div className="search-options">
        <label title="Regular expression">
          <input type="checkbox" data-testid="search-regex" checked={options.regex} onChange={toggle('regex')} /> Regex
        </label>
        <label>
          <input type="checkbox" data-testid="search-case" checked={options.caseSensitive} onChange={toggle('caseSensitive')} /> Match case
        </label>
        <label>
          <input type="checkbox" data-testid="search-newest" checked={options.newestFirst} onChange={toggle('newestFirst')} /> Newest first
        </label>
        <label title={activeId ? undefined : 'No terminal is active'}>
          <input type="checkbox" data-testid="search-this-terminal" checked={options.thisTerminal} disabled={!activeId} onChange={toggle('thisTerminal')} /> This terminal only
        </label>
      </div>
      <SearchStatus state={state} hitCount={listed.length} />
      <div className="search-results" role="listbox" aria-label="Search results" data-testid="search-results">
        {groups.map((group) => (
          <section key={group.terminalId} className="search-group" data-testid="search-group" data-terminal-id={group.terminalId}>
            <h3 className="search-group-title">
              {terminals.find((t) => t.id === group.terminalId)?.name ?? group.terminalName}
              <span className="search-group-count">{group.hits.length}</span>
            </h3>
            {group.hits.map((hit) => {
              const key = hitKey(hit);
              return <SearchHitRow key={key} hit={hit} selected={listed[selected] === hit} missing={missing.has(key)} onOpen={() => openHit(hit)} />;
            })}
          </section>
        ))}
      </div>
    </aside>
  );
}

function SearchStatus({ state, hitCount }: { state: SearchState; hitCount: number }) {
  if (state.status === 'idle') return <p className="search-status muted">Type to search every terminal's scrollback.</p>;
  if (state.status === 'failed') {
    return (
      <p className="search-status search-error" data-testid="search-error" role="alert">
        {state.message}
      </p>
    );
  }
  if (state.status === 'searching') return <p className="search-status muted" data-testid="search-busy">Searching…</p>;
  const { output } = state;
  return (
    <>
      <p className="search-status muted" data-testid="search-summary">
        {hitCount === 0 ? 'No matches.' : `${hitCount} ${hitCount === 1 ? 'hit' : 'hits'}${output.limitReached ? ' (limit reached: refine the pattern for more)' : ''}`} · {Math.round(output.durationMs)} ms
      </p>
      {output.timedOut && (
        <p className="search-status search-notice" data-testid="search-timed-out" role="status">
          The search ran out of time; these are the hits found until then.
        </p>
      )}
    </>
  );
}

function searchInput(pattern: string, options: SearchOptions, terminalId: string | undefined): TerminalSearchInput {
  return {
    pattern,
    regex: options.regex,
    ignoreCase: !options.caseSensitive,
    newestFirst: options.newestFirst,
    limit: HIT_LIMIT,
    contextLines: CONTEXT_LINES,
    ...(terminalId !== undefined && { terminalIds: [terminalId] }),
  };
}
