import { useEffect, useRef } from 'react';
import type { TerminalSearchHit } from '../../../src-shared/terminals/terminals-contract';
import { highlightSegments } from './highlight-segments';

interface SearchHitRowProps {
  hit: TerminalSearchHit;
  selected: boolean;
  /** The pane no longer holds the line: the context shown here is all there is to see. */
  missing: boolean;
  onOpen: () => void;
}

/** One hit with its context lines and the matches highlighted; clicking it jumps to the line. */
export function SearchHitRow({ hit, selected, missing, onOpen }: SearchHitRowProps) {
  const row = useRef<HTMLDivElement>(null);
  // Only when the selection moves here: a re-render must not yank the list back while it is scrolled.
  useEffect(() => {
    if (selected) row.current?.scrollIntoView({ block: 'nearest' });
  }, [selected]);
  return (
    <div
      role="option"
      aria-selected={selected}
      className={`search-hit${selected ? ' search-hit-selected' : ''}`}
      data-testid="search-hit"
      data-terminal-id={hit.terminalId}
      data-line={hit.line}
      onClick={onOpen}
      ref={row}
    >
      {hit.before.map((line, index) => (
        <div key={`b${index}`} className="search-hit-context">
          {line || ' '}
        </div>
      ))}
      <div className="search-hit-line">
        <span className="search-hit-number" title="Line in the terminal's scrollback">
          {hit.line + 1}
        </span>
        <span data-testid="search-hit-text">
          {highlightSegments(hit.text, hit.matches).map((segment, index) => (segment.match ? <mark key={index}>{segment.text}</mark> : <span key={index}>{segment.text}</span>))}
        </span>
      </div>
      {hit.after.map((line, index) => (
        <div key={`a${index}`} className="search-hit-context">
          {line || ' '}
        </div>
      ))}
      {missing && (
        <div className="search-hit-missing" data-testid="search-hit-missing">
          No longer in the pane's scrollback — this context is what the search kept.
        </div>
      )}
    </div>
  );
}
