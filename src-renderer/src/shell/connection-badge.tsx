import { useConnectionStore } from '../state/connection-store';

const LABELS = {
  connecting: 'connecting',
  connected: 'connected',
  reconnecting: 'reconnecting…',
  disconnected: 'disconnected',
} as const;

export function ConnectionBadge() {
  const status = useConnectionStore((s) => s.status);
  return (
    <span className={`connection-badge connection-${status}`} data-testid="connection-status" role="status" aria-live="polite">
      <span className="connection-dot" aria-hidden="true" />
      {LABELS[status]}
    </span>
  );
}
