import { useEffect, useRef, useState } from 'react';
import type { KeyboardEvent } from 'react';
import type { ISearchOptions } from '@xterm/addon-search';
import { closeFind } from './terminal-store';
import type { TerminalSession } from './terminal-session';

/** The addon wants #RRGGBB colours for its match decorations. */
const DECORATIONS: ISearchOptions['decorations'] = {
  matchBackground: '#3b4261',
  matchOverviewRuler: '#7aa2f7',
  activeMatchBackground: '#d29922',
  activeMatchColorOverviewRuler: '#d29922',
};

/**
 * Find within one pane's own buffer (Ctrl/Cmd+F), with xterm's search addon: next/previous,
 * regex and case. The global search panel is the one that reaches the host's whole scrollback.
 */
export function PaneFindBar({ session }: { session: TerminalSession }) {
  const input = useRef<HTMLInputElement>(null);
  const [term, setTerm] = useState('');
  const [regex, setRegex] = useState(false);
  const [caseSensitive, setCaseSensitive] = useState(false);
  const [status, setStatus] = useState('');
  const [error, setError] = useState<string | undefined>(undefined);

  useEffect(() => {
    input.current?.focus();
    const subscription = session.find.onDidChangeResults(({ resultIndex, resultCount }) => {
      setStatus(resultCount === 0 ? 'No matches' : resultIndex < 0 ? `${resultCount}+ matches` : `${resultIndex + 1} of ${resultCount}`);
    });
    return () => {
      subscription.dispose();
      session.find.clearDecorations();
    };
  }, [session]);

  const find = (direction: 'next' | 'previous', incremental = false): void => {
    if (term === '') {
      session.find.clearDecorations();
      setStatus('');
      setError(undefined);
      return;
    }
    const options: ISearchOptions = { regex, caseSensitive, incremental, decorations: DECORATIONS };
    try {
      if (direction === 'next') session.find.findNext(term, options);
      else session.find.findPrevious(term, options);
      setError(undefined);
    } catch (failure) {
      // The addon compiles the pattern itself and throws on a bad one.
      session.find.clearDecorations();
      setStatus('');
      setError(failure instanceof Error ? failure.message : String(failure));
    }
  };

  // Search as the pattern or an option changes (not on every render), extending the current match when possible.
  useEffect(() => find('next', true), [term, regex, caseSensitive]);

  const close = (): void => {
    closeFind();
    session.focus();
  };
  const onKeyDown = (event: KeyboardEvent<HTMLInputElement>): void => {
    if (event.key === 'Enter') {
      event.preventDefault();
      find(event.shiftKey ? 'previous' : 'next');
    } else if (event.key === 'Escape') {
      event.preventDefault();
      close();
    }
  };

  return (
    <div className="pane-find" data-testid="pane-find" role="search">
      <input
        ref={input}
        className="pane-find-input"
        data-testid="pane-find-input"
        aria-label="Find in terminal"
        placeholder="Find in terminal"
        value={term}
        onChange={(event) => setTerm(event.target.value)}
        onKeyDown={onKeyDown}
      />
      <label className="pane-find-option" title="Regular expression">
        <input type="checkbox" data-testid="pane-find-regex" checked={regex} onChange={(event) => setRegex(event.target.checked)} />
        .*
      </label>
      <label className="pane-find-option" title="Match case">
        <input type="checkbox" data-testid="pane-find-case" checked={caseSensitive} onChange={(event) => setCaseSensitive(event.target.checked)} />
        Aa
      </label>
      <span className="pane-find-status" data-testid="pane-find-status" role={error ? 'alert' : undefined}>
        {error ?? status}
      </span>
      <button type="button" data-testid="pane-find-previous" title="Previous match (Shift+Enter)" onClick={() => find('previous')}>
        ↑
      </button>
      <button type="button" data-testid="pane-find-next" title="Next match (Enter)" onClick={() => find('next')}>
        ↓
      </button>
      <button type="button" data-testid="pane-find-close" title="Close (Escape)" onClick={close}>
        ×
      </button>
    </div>
  );
}
