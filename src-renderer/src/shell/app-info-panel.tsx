import { useEffect, useState } from 'react';
import { useConnectionStore } from '../state/connection-store';

function formatDuration(ms: number): string {
  const seconds = Math.floor(ms / 1000);
  const h = Math.floor(seconds / 3600);
  const m = Math.floor((seconds % 3600) / 60);
  const s = seconds % 60;
  return h > 0 ? `${h}h ${m}m ${s}s` : m > 0 ? `${m}m ${s}s` : `${s}s`;
}

export function AppInfoPanel() {
  const { appInfo, appInfoReceivedAt, error } = useConnectionStore();
  const [now, setNow] = useState(Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, []);

  if (error) return <p className="app-info-error" role="alert">Could not read app info: {error}</p>;
  if (!appInfo || appInfoReceivedAt === undefined) return <p className="muted">Waiting for the host…</p>;
  const uptime = appInfo.uptimeMs + (now - appInfoReceivedAt);
  return (
    <dl className="app-info" data-testid="app-info">
      <dt>Version</dt>
      <dd data-testid="app-info-version">{appInfo.version}</dd>
      <dt>Runtime</dt>
      <dd>{appInfo.runtime} · Node {appInfo.nodeVersion}</dd>
      <dt>Data directory</dt>
      <dd data-testid="app-info-data-dir">{appInfo.dataDir}</dd>
      <dt>Database</dt>
      <dd data-testid="app-info-database">{appInfo.databaseFile} (schema v{appInfo.schemaVersion})</dd>
      <dt>Uptime</dt>
      <dd data-testid="app-info-uptime">{formatDuration(uptime)}</dd>
    </dl>
  );
}
