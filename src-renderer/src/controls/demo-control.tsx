import { useEffect } from 'react';
import { useApi } from '../api/api-context';
import './controls.css';
import { useConnectionStore } from '../state/connection-store';
import { refresh, startDemo, stopDemo, useDemoStore } from '../state/demo-store';

/** Start/stop the scripted demo fleet; it writes to the default journal like any agent would. */
export function DemoControl() {
  const api = useApi();
  const connected = useConnectionStore((s) => s.status === 'connected');
  const { status, busy, error } = useDemoStore();
  useEffect(() => {
    if (connected) void refresh(api);
  }, [api, connected]);

  const running = status?.running ?? false;
  return (
    <section className="control-section" aria-label="Demo fleet">
      <h2>Demo fleet</h2>
      <p className="muted control-hint">A scripted fleet written to the default journal — no API key needed.</p>
      <button type="button" data-testid={running ? 'demo-stop' : 'demo-start'} disabled={busy || !connected} onClick={() => void (running ? stopDemo(api) : startDemo(api))}>
        {running ? 'Stop demo' : 'Start demo'}
      </button>
      {running && <span className="control-note" data-testid="demo-running"> running (pid {status?.pid})</span>}
      {error && <p className="control-error" role="alert">{error}</p>}
    </section>
  );
}
