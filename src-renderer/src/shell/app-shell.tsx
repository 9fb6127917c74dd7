import { useConnectionStore } from '../state/connection-store';
import { AppInfoPanel } from './app-info-panel';
import { ConnectionBadge } from './connection-badge';

export function AppShell() {
  const version = useConnectionStore((s) => s.appInfo?.version);
  return (
    <div className="app-shell">
      <header className="app-header">
        <h1 className="app-title">
          Orrery <span className="app-version" data-testid="header-version">{version ? `v${version}` : ''}</span>
        </h1>
        <ConnectionBadge />
      </header>
      <main className="app-regions">
        <section className="region region-graph" aria-label="Agent graph" data-testid="region-graph">
          <p className="muted">No agents yet.</p>
        </section>
        <aside className="region region-controls" aria-label="Controls" data-testid="region-controls">
          <h2>About this host</h2>
          <AppInfoPanel />
        </aside>
        <section className="region region-terminals" aria-label="Terminals" data-testid="region-terminals">
          <p className="muted">No terminals open.</p>
        </section>
      </main>
    </div>
  );
}
