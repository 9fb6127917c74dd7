import { useState } from 'react';
import type { HooksChange } from '../../../src-shared/hooks/hooks-contract';
import { useApi } from '../api/api-context';

function describe(change: HooksChange, installed: boolean): string {
  if (!change.changed) return installed ? `Already installed in ${change.settingsPath}.` : `Not installed in ${change.settingsPath}; nothing to remove.`;
  const backup = change.backupPath ? ` Backup: ${change.backupPath}` : '';
  return `${installed ? 'Installed into' : 'Removed from'} ${change.settingsPath} (${change.events.length} hook events).${backup}`;
}

/** Merges Orrery's hooks into Claude Code's settings (backed up first, the user's own hooks kept). */
export function HooksControl() {
  const api = useApi();
  const [message, setMessage] = useState<{ text: string; error: boolean }>();
  const [busy, setBusy] = useState(false);

  async function run(method: 'hooks.install' | 'hooks.uninstall'): Promise<void> {
    setBusy(true);
    try {
      const change = await api.call(method, {});
      setMessage({ text: describe(change, method === 'hooks.install'), error: false });
    } catch (error) {
      setMessage({ text: error instanceof Error ? error.message : String(error), error: true });
    } finally {
      setBusy(false);
    }
  }

  return (
    <section className="control-section" aria-label="Claude Code hooks">
      <h2>Claude Code hooks</h2>
      <div className="control-row">
        <button type="button" data-testid="hooks-install" disabled={busy} onClick={() => void run('hooks.install')}>
          Install
        </button>
        <button type="button" data-testid="hooks-uninstall" disabled={busy} onClick={() => void run('hooks.uninstall')}>
          Uninstall
        </button>
      </div>
      {message && (
        <p className={message.error ? 'control-error' : 'control-note'} role={message.error ? 'alert' : 'status'} data-testid="hooks-message">
          {message.text}
        </p>
      )}
    </section>
  );
}
