import { useEffect } from 'react';
import '@xterm/xterm/css/xterm.css';
import { useRunsFeed } from '../state/runs-feed';
import { useTerminalsController } from './terminals-controller';
import { activateTerminal, clearTerminalError, openSearch, setTerminalLayout, useTerminalStore } from './terminal-store';
import { gridShape } from './grid-shape';
import { installTerminalsDebugHook } from './terminal-debug-hook';
import { TerminalPane } from './terminal-pane';
import { TerminalTab } from './terminal-tab';
import './terminals.css';

/** The terminals region: tabs or a tiled grid of panes, with new/close/rename and the search entry. */
export function TerminalsPanel() {
  const controller = useTerminalsController();
  // Transcript tabs show their run's state.
  useRunsFeed();
  const ready = useTerminalStore((s) => s.ready);
  const terminals = useTerminalStore((s) => s.terminals);
  const activeId = useTerminalStore((s) => s.activeId);
  const layout = useTerminalStore((s) => s.layout);
  const error = useTerminalStore((s) => s.error);

  useEffect(() => installTerminalsDebugHook(controller), [controller]);

  const shape = gridShape(terminals.length);
  const bodyStyle = layout === 'grid' ? { gridTemplateColumns: `repeat(${shape.columns}, minmax(0, 1fr))`, gridTemplateRows: `repeat(${shape.rows}, minmax(0, 1fr))` } : undefined;

  return (
    <div className="terminals" data-testid="terminals" data-layout={layout}>
      <div className="terminals-bar">
        <div className="terminals-tabs" role="tablist" aria-label="Terminals">
          {terminals.map((terminal) => (
            <TerminalTab
              key={terminal.id}
              terminal={terminal}
              active={terminal.id === activeId}
              onActivate={() => activateTerminal(terminal.id, { focus: true })}
              onClose={() => void controller.close(terminal.id)}
              onRename={(name) => void controller.rename(terminal.id, name)}
            />
          ))}
        </div>
        <div className="terminals-actions">
          <button type="button" data-testid="terminal-new" title="Open a new shell" onClick={() => void controller.create()}>
            + New
          </button>
          <button
            type="button"
            data-testid="terminal-layout"
            aria-pressed={layout === 'grid'}
            title={layout === 'grid' ? 'Show one terminal at a time' : 'Show all terminals side by side'}
            onClick={() => setTerminalLayout(layout === 'grid' ? 'tabs' : 'grid')}
          >
            {layout === 'grid' ? 'Tabs' : 'Grid'}
          </button>
          <button type="button" data-testid="search-open" title="Search every terminal's scrollback (Ctrl/Cmd+Shift+F)" onClick={openSearch}>
            Search
          </button>
        </div>
      </div>
      {error && (
        <p className="terminals-error" data-testid="terminals-error" role="alert">
          {error}
          <button type="button" aria-label="Dismiss" onClick={clearTerminalError}>
            ×
          </button>
        </p>
      )}
      <div className={`terminals-body terminals-body-${layout}`} style={bodyStyle}>
        {terminals.map((terminal) => {
          const session = controller.session(terminal.id);
          if (!session) return null;
          const active = terminal.id === activeId;
          return <TerminalPane key={terminal.id} session={session} terminal={terminal} active={active} visible={layout === 'grid' || active} />;
        })}
        {ready && terminals.length === 0 && <p className="terminals-empty muted">No terminals open.</p>}
      </div>
    </div>
  );
}
